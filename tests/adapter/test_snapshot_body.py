"""The snapshot's commit is sent part by part (issue 18): what GitLab receives is the one JSON
document python-gitlab would have sent, its length told up front."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from mentorship_bot.adapter.snapshot_io import _Body, _commit_body
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
