"""The issue snapshot's file in the dashboard project (provision/issue_snapshot.py): read before a
night's read, written after its writes.

It lives on a branch of its own, so the project's default branch keeps only what people commit;
one file per program (a dashboard project may serve several). Read raw: one request, no base64,
and not the per-blob rate limit of the JSON file endpoint (lib/api/files.rb).
"""

from __future__ import annotations

import json
import time
from typing import BinaryIO, cast

import gitlab
import requests

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.lookups import found_or_none
from mentorship_bot.provision.issue_snapshot import IssueSnapshot, decode_snapshot, snapshot_parts

SNAPSHOT_BRANCH = "mentorship-bot"
_COMMIT_MESSAGE = "mentorship-bot: what the sweep knows of the issues (no one's words)"


def snapshot_path(program_slug: str) -> str:
    return f"mentorship-bot/{program_slug}/issues.jsonl"


def read_snapshot(conn: Connection, project_id: int, program_slug: str
                  ) -> tuple[IssueSnapshot | None, bool]:
    """The snapshot, and whether its file exists (an unreadable one is written over)."""
    project = conn.reads.projects.get(project_id, lazy=True)
    raw = found_or_none(lambda: project.files.raw(file_path=snapshot_path(program_slug),
                                                  ref=SNAPSHOT_BRANCH))
    if raw is None:
        return None, False
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
    return decode_snapshot(text), True


def write_snapshot(conn: Connection, project_id: int, program_slug: str,
                   snapshot: IssueSnapshot, *, exists: bool) -> str | None:
    """One commit on the snapshot's branch, which the first one starts from the default branch;
    what went wrong, or None. A 429 is waited out and the commit sent again (GitLab made
    nothing); any other failure fails nothing else: the older snapshot still holds (the next
    run reads the updates since its time)."""
    try:
        _commit(conn, project_id, program_slug, snapshot, exists)
    except (gitlab.exceptions.GitlabError, requests.RequestException) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _commit(conn: Connection, project_id: int, program_slug: str, snapshot: IssueSnapshot,
            exists: bool) -> None:
    body = _commit_body(snapshot, snapshot_path(program_slug), "update" if exists else "create")
    if exists:
        _post_commit(conn, project_id, body)
        return
    # The first snapshot. The first branch of an empty repository would become its default
    # branch (app/services/git/branch_hooks_service.rb), so an empty one first gets a README
    # on its default branch, saying what the bot keeps there.
    found = conn.reads.projects.get(project_id)
    if found.attributes.get("empty_repo"):
        conn.writes.projects.get(project_id, lazy=True).commits.create({
            "branch": found.default_branch, "commit_message": "mentorship-bot: README",
            "actions": [{"action": "create", "file_path": "README.md",
                         "content": _README.format(branch=SNAPSHOT_BRANCH)}]})
    try:
        _post_commit(conn, project_id, body)
    except gitlab.exceptions.GitlabHttpError as exc:
        if exc.response_code != 400 or "on a branch" not in str(exc.error_message):
            raise
        # No such branch yet: start it from the default branch (Commits::CreateService).
        start = json.dumps({"start_branch": found.default_branch}).encode()
        _post_commit(conn, project_id, body.start_with(start[1:-1] + b","))


def _commit_body(snapshot: IssueSnapshot, path: str, action: str) -> _Body:
    """The commit request's JSON, sent part by part: a 10 MB file joined, then put in a payload
    that python-gitlab and requests encode, sat in memory three times at once, on the peak of a
    night that reads every issue."""
    head = json.dumps({"branch": SNAPSHOT_BRANCH, "commit_message": _COMMIT_MESSAGE,
                       "actions": [{"action": action, "file_path": path, "content": ""}]})
    before, after = head.rsplit('""', 1)  # the content goes between its quotes
    parts = snapshot_parts(snapshot)[::-1]
    encoded = [(before + '"').encode()]
    while parts:  # each part let go of as it is encoded: one copy at a time
        encoded.append(json.dumps(parts.pop(), ensure_ascii=False)[1:-1].encode("utf-8"))
    return _Body([*encoded, ('"' + after).encode()])


class _Body:
    """A request body read part after part, its length known (requests then sends it with a
    Content-Length, as GitLab's API expects, and never joins it)."""

    def __init__(self, parts: list[bytes]) -> None:
        self._parts = parts
        self._length = sum(map(len, parts))
        self._at = 0
        self._pending = b""

    def __len__(self) -> int:
        return self._length

    def rewound(self) -> _Body:
        """The body from its first byte again (parts shared, not copied)."""
        self._at, self._pending = 0, b""
        return self

    def start_with(self, prefix: bytes) -> _Body:
        """The same body with ``prefix`` spliced after its opening brace (one more field)."""
        first = self._parts[0]
        return _Body([first[:1] + prefix, first[1:], *self._parts[1:]])

    def read(self, size: int = -1) -> bytes:
        out = [self._pending]
        have = len(self._pending)
        while (size < 0 or have < size) and self._at < len(self._parts):
            out.append(self._parts[self._at])
            have += len(self._parts[self._at])
            self._at += 1
        data = b"".join(out)
        if size < 0 or len(data) <= size:
            self._pending = b""
            return data
        self._pending = data[size:]
        return data[:size]


def _post_commit(conn: Connection, project_id: int, body: _Body) -> None:
    """The commit, sent again from its first byte after a 429, as ``Retry-After`` says (at
    most a minute, ``ATTEMPTS`` in all). python-gitlab's own retry would send the body already
    read: nothing."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            conn.writes.http_request(
                "post", f"/projects/{project_id}/repository/commits",
                post_data=cast(BinaryIO, body.rewound()), raw=True, obey_rate_limit=False,
                extra_headers={"Content-type": "application/json"})
            return
        except gitlab.exceptions.GitlabHttpError as exc:
            if exc.response_code != 429 or attempt == ATTEMPTS:
                raise
            time.sleep(_seconds(conn.adapter.last_retry_after))


ATTEMPTS = 3


def _seconds(retry_after: str | None) -> float:
    """``Retry-After`` in seconds (GitLab sends seconds), one when absent, at most 60."""
    try:
        return min(60.0, max(0.0, float(retry_after or 1)))
    except ValueError:
        return 1.0


_README = """# Mentorship program dashboard

The mentorship bot keeps the program's dashboard in an issue of this project.

The branch `{branch}` holds what the bot's nightly sweep knows of the program's issues: numbers,
dates, labels and hashes, never anyone's words. With it the sweep reads only what changed since
the night before. Leave it to the bot: if it goes, the next sweep reads everything and writes
it again.
"""
