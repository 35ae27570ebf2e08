"""The snapshot's commit is sent part by part (issue 18): what GitLab receives is the one JSON
document python-gitlab would have sent, its length told up front."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
import responses

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.snapshot_io import (
    ATTEMPTS,
    _Body,
    _commit_body,
    _seconds,
    write_snapshot,
)
from mentorship_bot.provision.issue_snapshot import IssueSnapshot, encode_snapshot
from mentorship_bot.provision.observed_state import ObservedLabel

AS_OF = datetime(2026, 3, 6, 23, tzinfo=timezone.utc)


@pytest.mark.parametrize("size", [-1, 1, 3, 7, 4096])
def test_a_body_reads_back_whole_in_any_sizes(size: int) -> None:
    parts = [b"ab", b"", b"cdefg", b"h", b"ijklmnop"]
    body = _Body(parts)
    assert len(body) == 16
    got = []
    while chunk := body.read(size):
        assert size < 0 or len(chunk) <= size
        got.append(chunk)
    assert b"".join(got) == b"".join(parts)


def test_the_commit_is_the_json_of_the_file_with_names_that_need_escaping() -> None:
    snapshot = IssueSnapshot(AS_OF, AS_OF, labels={1: 'say "hi"\\ \u00e9', 2: "x\ty"},
                             milestones={3: "Kickoff"})
    body = _commit_body(snapshot, "mentorship-bot/eng/issues.jsonl", "update")
    length = len(body)
    data = body.read()
    assert len(data) == length  # the Content-Length requests sends
    sent = json.loads(data)
    assert sent["branch"] == "mentorship-bot"
    [action] = sent["actions"]
    assert (action["action"], action["file_path"]) == ("update",
                                                       "mentorship-bot/eng/issues.jsonl")
    assert action["content"] == encode_snapshot(snapshot)
    started = json.loads(body.start_with(b'"start_branch":"main",').read())
    assert started["start_branch"] == "main" and started["actions"] == sent["actions"]


def test_labels_read_back_from_the_head() -> None:
    label = ObservedLabel('say "hi"', "#fff", id=1)
    snapshot = IssueSnapshot(AS_OF, AS_OF, labels={label.id or 0: label.name})
    content = json.loads(_commit_body(snapshot, "p", "create").read())["actions"][0]["content"]
    assert json.loads(content.splitlines()[0])["labels"] == {"1": 'say "hi"'}


COMMITS = "http://gitlab.test/api/v4/projects/7/repository/commits"


def _gitlab_answering(*statuses: int) -> tuple[list[bytes], object]:
    """A commits endpoint that reads each body it is sent, as a server does, and answers
    ``statuses`` in turn (a 429 with ``Retry-After: 0``)."""
    received: list[bytes] = []
    answers = iter(statuses)

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        body = request.body
        received.append(body.read() if hasattr(body, "read") else bytes(body or b""))
        status = next(answers)
        headers = {"Retry-After": "0"} if status == 429 else {}
        return status, headers, json.dumps({"message": "429 Too Many Requests"}
                                           if status == 429 else {"id": "abc"})
    return received, answer


@responses.activate
def test_a_429_is_waited_out_and_the_whole_commit_sent_again() -> None:
    received, answer = _gitlab_answering(429, 201)
    responses.add_callback(responses.POST, COMMITS, callback=answer)
    snapshot = IssueSnapshot(AS_OF, AS_OF, labels={1: "kind::milestone"})
    conn = Connection("http://gitlab.test", "token")
    assert write_snapshot(conn, 7, "eng", snapshot, exists=True) is None
    whole = _commit_body(snapshot, "mentorship-bot/eng/issues.jsonl", "update").read()
    assert received == [whole, whole]


@responses.activate
def test_a_429_that_lasts_fails_the_snapshot_alone() -> None:
    received, answer = _gitlab_answering(*[429] * ATTEMPTS)
    responses.add_callback(responses.POST, COMMITS, callback=answer)
    conn = Connection("http://gitlab.test", "token")
    failed = write_snapshot(conn, 7, "eng", IssueSnapshot(AS_OF, AS_OF), exists=True)
    assert failed is not None and "429" in failed and len(received) == ATTEMPTS


@pytest.mark.parametrize(("header", "seconds"), [
    (None, 1.0), ("0", 0.0), ("7", 7.0), ("3600", 60.0), ("soon", 1.0), ("-5", 0.0)])
def test_retry_after_in_seconds(header: str | None, seconds: float) -> None:
    assert _seconds(header) == seconds
