"""Mentors and mentees acting on the sandbox through its REST API, as a person in a browser would.

The demo and the tests use it to make progress happen: close a milestone issue, tick its tasks,
comment. It speaks plain HTTP with the person's own token, so the bot later sees exactly what
GitLab would show it (closed_by, updated_at, task counts, comment counts).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import requests

_UNTICKED = re.compile(r"^(\s*[-*+] )\[ \]", re.MULTILINE)


class Person:
    def __init__(self, url: str, token: str, session: requests.Session | None = None) -> None:
        self.api = f"{url.rstrip('/')}/api/v4"
        self.session = session or requests.Session()
        self.headers = {"PRIVATE-TOKEN": token}

    def _issue_url(self, project_path: str, iid: int) -> str:
        return f"{self.api}/projects/{quote(project_path, safe='')}/issues/{iid}"

    def _send(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self.session.request(method, url, headers=self.headers, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def issues(self, project_path: str) -> list[dict[str, Any]]:
        url = f"{self.api}/projects/{quote(project_path, safe='')}/issues"
        return list(self._send("GET", url, params={"per_page": 100, "state": "all"}))

    def close(self, project_path: str, iid: int) -> None:
        self._send("PUT", self._issue_url(project_path, iid), data={"state_event": "close"})

    def reopen(self, project_path: str, iid: int) -> None:
        self._send("PUT", self._issue_url(project_path, iid), data={"state_event": "reopen"})

    def tick_tasks(self, project_path: str, iid: int, how_many: int | None = None) -> int:
        """Tick the first ``how_many`` open tasks (all when None); returns how many it ticked."""
        issue = self._send("GET", self._issue_url(project_path, iid))
        text = issue["description"] or ""
        limit = 0 if how_many is None else how_many
        ticked, count = _UNTICKED.subn(r"\1[x]", text, count=limit)
        if count:
            self._send("PUT", self._issue_url(project_path, iid), data={"description": ticked})
        return count

    def comment(self, project_path: str, iid: int, body: str) -> None:
        self._send("POST", self._issue_url(project_path, iid) + "/notes", data={"body": body})

    def notes(self, project_path: str, iid: int) -> list[dict[str, Any]]:
        return list(self._send("GET", self._issue_url(project_path, iid) + "/notes",
                               params={"per_page": 100}))

    def create_project(self, namespace_path: str, path: str) -> None:
        """A project in ``namespace_path``, as a coordinator makes the dashboard project."""
        group = self._send("GET", f"{self.api}/groups/{quote(namespace_path, safe='')}")
        self._send("POST", f"{self.api}/projects",
                   data={"name": path, "path": path, "namespace_id": group["id"]})
