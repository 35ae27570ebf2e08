"""Committing a pair's ``calendar.ics`` (provision/calendar_diff.py): one commit of one file."""

from __future__ import annotations

import base64
from typing import Any

import gitlab

from mentorship_bot.adapter.connection import Connection, retry_write
from mentorship_bot.provision.plan import Action


def commit_calendar(conn: Connection, project_id: int, action: Action) -> None:
    path, content = action.attribute("path"), action.attribute("contents")
    project = conn.writes.projects.get(project_id, lazy=True)
    message = ("mentorship-bot: the pair's calendar of meetings and milestones"
               if action.attribute("verb") == "create" else
               "mentorship-bot: the pair's calendar follows the program's new dates")
    payload = {"branch": "main", "commit_message": message, "actions": [
        {"action": action.attribute("verb"), "file_path": path, "content": content}]}

    def find() -> Any:
        """After a lost answer: the commit happened when the file holds the new text."""
        try:
            raw = conn.reads.projects.get(project_id, lazy=True).files.get(
                file_path=path, ref="main")
        except gitlab.exceptions.GitlabGetError:
            return None
        return True if base64.b64decode(raw.content).decode("utf-8") == content else None

    retry_write(lambda: project.commits.create(payload), find)
