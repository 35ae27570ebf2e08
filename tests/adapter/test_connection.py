"""The connection's request counting, retry policy and pacing, pinned with ``responses``."""

from __future__ import annotations

import os
from pathlib import Path

import gitlab
import pytest
import requests
import responses

from mentorship_bot.adapter.connection import Connection, is_transient, retry_write
from mentorship_bot.adapter.pacing import Pacer
from mentorship_bot.sandbox import Sandbox

URL = "https://gitlab.example.com"
API = f"{URL}/api/v4"


@pytest.fixture
def conn() -> Connection:
    return Connection(URL, "glpat-secret-token")


@responses.activate
def test_every_request_is_counted_by_method(conn: Connection) -> None:
    responses.get(f"{API}/groups/acme%2Fmentoring", json={"id": 7, "full_path": "acme/mentoring"})
    responses.post(f"{API}/groups", json={"id": 8}, status=201)
    conn.reads.groups.get("acme/mentoring")
    conn.writes.groups.create({"name": "Spring", "path": "spring", "parent_id": 7})
    assert conn.request_counts() == {"GET": 1, "POST": 1}
    assert responses.calls[0].request.headers["PRIVATE-TOKEN"] == "glpat-secret-token"


@responses.activate
def test_lists_ask_for_pages_of_100(conn: Connection) -> None:
    responses.get(f"{API}/groups/7/labels", json=[])
    conn.reads.groups.get(7, lazy=True).labels.list(get_all=True)
    assert "per_page=100" in responses.calls[0].request.url


@responses.activate
def test_reads_retry_transient_errors(conn: Connection) -> None:
    responses.get(f"{API}/groups/7", status=502, json={"message": "502 Bad Gateway"})
    responses.get(f"{API}/groups/7", json={"id": 7})
    assert conn.reads.groups.get(7).id == 7
    assert conn.request_counts() == {"GET": 2}


@responses.activate
def test_writes_are_not_retried_blindly(conn: Connection) -> None:
    responses.post(f"{API}/projects", status=502, json={"message": "502 Bad Gateway"})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        conn.writes.projects.create({"name": "p", "path": "p", "namespace_id": 8})
    assert caught.value.response_code == 502
    assert conn.request_counts() == {"POST": 1}


@responses.activate
def test_429_is_obeyed_for_writes_too(conn: Connection) -> None:
    responses.post(
        f"{API}/projects/5/issues", status=429, headers={"Retry-After": "0"}, body="Retry later\n"
    )
    responses.post(f"{API}/projects/5/issues", status=201, json={"iid": 1})
    issue = conn.writes.projects.get(5, lazy=True).issues.create({"title": "Kickoff"})
    assert issue.iid == 1
    assert conn.request_counts() == {"POST": 2}


def test_retry_write_looks_before_writing_again() -> None:
    writes: list[int] = []
    created = {"id": 1}

    def write() -> dict[str, int]:
        writes.append(1)
        raise requests.ConnectionError("connection dropped after the write")

    assert retry_write(write, lambda: created, sleep=lambda _: None) is created
    assert writes == [1]


def test_retry_write_retries_when_the_object_is_not_there() -> None:
    outcomes: list[object] = [requests.ConnectionError("lost"), {"id": 2}]

    def write() -> object:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert retry_write(write, lambda: None, sleep=lambda _: None) == {"id": 2}
    assert outcomes == []


def test_retry_write_does_not_retry_a_refusal() -> None:
    calls = []

    def write() -> None:
        calls.append(1)
        raise gitlab.exceptions.GitlabCreateError("400: bad", response_code=400)

    with pytest.raises(gitlab.exceptions.GitlabCreateError):
        retry_write(write, lambda: None, sleep=lambda _: None)
    assert calls == [1]


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (requests.ConnectionError(), True),
        (requests.Timeout(), True),
        (gitlab.exceptions.GitlabCreateError("x", response_code=503), True),
        (gitlab.exceptions.GitlabCreateError("x", response_code=409), False),
        (ValueError(), False),
    ],
)
def test_is_transient(exc: BaseException, transient: bool) -> None:
    assert is_transient(exc) is transient


def test_pacer_lets_bursts_through_and_waits_only_when_a_minute_is_full() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(per_minute=3, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        assert pacer.wait("project-1") == 0.0  # a burst within the limit goes at once
    now[0] += 10
    assert pacer.wait("project-1") == 50.0  # the fourth waits until the first is a minute old
    assert pacer.wait("project-2") == 0.0  # limits are per key
    assert slept == [50.0]
    assert Pacer(per_minute=None).wait() == 0.0


def test_the_token_is_not_in_the_connection_repr(conn: Connection) -> None:
    assert "secret" not in repr(conn)


def test_a_ca_bundle_from_the_environment_is_looked_at_once_per_host(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """requests asks whether ``REQUESTS_CA_BUNDLE`` is a directory on every request; the
    adapter keeps the answer per host (the same pool keys as requests builds them)."""
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    asked: list[str] = []
    real_isdir = os.path.isdir

    def isdir(path):  # type: ignore[no-untyped-def]
        asked.append(str(path))
        return real_isdir(path)

    monkeypatch.setattr("requests.adapters.os.path.isdir", isdir)
    with Sandbox() as sandbox:
        sandbox.add_group("acme/mentoring")
        conn = Connection(sandbox.url, sandbox.token)
        for _ in range(3):
            conn.reads.groups.get("acme/mentoring")
        conn.writes.groups.get("acme/mentoring")
    assert conn.request_counts() == {"GET": 4}
    assert asked == [str(bundle)]
