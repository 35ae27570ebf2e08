"""Carry out the sweep's writes: Progress issues, nudges, certificates and the dashboard.

Notes are found again by the marker they end with, so a nudge whose response was lost is looked
for before it is sent again; the ``/label`` quick action each note carries puts the label on its
issue in the same request, which is what the next night reads.
"""

from __future__ import annotations

from typing import Any

import gitlab

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection, retry_write
from mentorship_bot.adapter.execute import Executor, Outcome
from mentorship_bot.adapter.lookups import required
from mentorship_bot.errors import GitLabError
from mentorship_bot.provision.observed_state import ObservedDashboard, ObservedState
from mentorship_bot.provision.plan import Action
from mentorship_bot.render.markers import parse_marker, with_marker
from mentorship_bot.sweep.dashboard import DASHBOARD_LABEL

_CERTIFICATE_COMMIT = "mentorship-bot: certificates of completion"


class SweepExecutor(Executor):
    def __init__(self, conn: Connection, observed: ObservedState, *, workers: int = DEFAULT_WORKERS,
                 on_done: Any = None, dashboard: ObservedDashboard | None = None) -> None:
        super().__init__(conn, observed, workers=workers, on_done=on_done)
        self.dashboard = dashboard
        self.dashboard_iid = dashboard.iid if dashboard else None

    def _issue(self, project_path: str, iid: int) -> Any:
        project = self.conn.writes.projects.get(self.ids.projects[project_path], lazy=True)
        return project.issues.get(iid, lazy=True)

    def _update_progress(self, action: Action) -> None:
        payload: dict[str, Any] = {}
        if action.attribute("description") is not None:
            payload["description"] = action.attribute("description")
        if action.attribute("add_labels"):
            payload["add_labels"] = ",".join(action.attribute("add_labels"))
        if action.attribute("remove_labels"):
            payload["remove_labels"] = ",".join(action.attribute("remove_labels"))
        project = self.conn.writes.projects.get(
            self.ids.projects[action.attribute("project")], lazy=True)
        # A PUT of the same fields is harmless twice: retried as it is.
        retry_write(lambda: project.issues.update(action.attribute("iid"), payload),
                    lambda: None)

    def _post_nudge(self, action: Action) -> None:
        self._note(self._issue(action.attribute("project"), action.attribute("iid")),
                   action.target, action.attribute("body"))

    def _post_closing_note(self, action: Action) -> None:
        self._post_nudge(action)  # a note on one issue, found again by its marker

    def _issue_certificate(self, action: Action) -> None:
        project_id = self.ids.projects[action.attribute("project")]
        project = self.conn.writes.projects.get(project_id, lazy=True)
        files = action.attribute("files")
        payload = {"branch": "main", "commit_message": _CERTIFICATE_COMMIT, "actions": [
            {"action": "create", "file_path": path, "content": content}
            for path, content in files]}

        def find() -> Any:
            try:
                self.conn.reads.projects.get(project_id, lazy=True).files.get(
                    file_path=files[0][0], ref="main")
            except gitlab.exceptions.GitlabGetError:
                return None
            return True

        try:
            retry_write(lambda: project.commits.create(payload), find)
        except gitlab.exceptions.GitlabCreateError as exc:
            # Committed on an earlier night whose note then failed: the files are there.
            if exc.response_code != 400 or find() is None:
                raise
        self._note(self._issue(action.attribute("project"), action.attribute("iid")),
                   action.target, action.attribute("body"))

    def _create_dashboard(self, action: Action) -> None:
        assert self.dashboard is not None
        dashboard_id = self.dashboard.project_id
        project = self.conn.writes.projects.get(dashboard_id, lazy=True)
        payload = {"title": action.attribute("title"),
                   "description": action.attribute("description"),
                   "labels": list(action.attribute("labels"))}

        def find() -> Any:
            return find_dashboard_issue(self.conn, dashboard_id, action.target)

        issue = retry_write(lambda: project.issues.create(payload), find)
        self.dashboard_iid = issue.iid

    def _update_dashboard(self, action: Action) -> None:
        assert self.dashboard is not None
        dashboard_id = self.dashboard.project_id
        project = self.conn.writes.projects.get(dashboard_id, lazy=True)
        retry_write(lambda: project.issues.update(
            action.attribute("iid"), {"description": action.attribute("description")}),
            lambda: None)

    def _escalate_stalled(self, action: Action) -> None:
        assert self.dashboard is not None
        if self.dashboard_iid is None:
            raise GitLabError("the dashboard issue could not be created")
        project = self.conn.writes.projects.get(self.dashboard.project_id, lazy=True)
        self._note(project.issues.get(self.dashboard_iid, lazy=True), action.target,
                   action.attribute("body"))

    def _note(self, issue: Any, marker_id: str, body: str) -> None:
        text = body if parse_marker(body) else with_marker(body, marker_id)
        self.conn.note_pacer.wait()

        def find() -> Any:
            for note in issue.notes.list(iterator=True, sort="desc"):
                marker = parse_marker(note.body)
                if marker and marker.id == marker_id:
                    return note
            return None

        retry_write(lambda: issue.notes.create({"body": text}), find)


def find_dashboard_issue(conn: Connection, project_id: int, marker_id: str) -> Any:
    """The dashboard issue (the older one if a race made two), found by label and marker."""
    project = conn.reads.projects.get(project_id, lazy=True)
    found = [i for i in project.issues.list(get_all=True, labels=DASHBOARD_LABEL, state="all")
             if (m := parse_marker(i.description)) and m.id == marker_id]
    return min(found, key=lambda i: (i.created_at, i.iid)) if found else None


def observe_dashboard(conn: Connection, path: str, marker_id: str) -> ObservedDashboard:
    project = required(
        lambda: conn.reads.projects.get(path),
        f"the dashboard project {path!r} does not exist or the token cannot see it; "
        "create it (the bot only writes an issue there) or remove dashboard_project")
    issue = find_dashboard_issue(conn, project.id, marker_id)
    if issue is None:
        return ObservedDashboard(project.id, path)
    return ObservedDashboard(project.id, path, issue.iid, issue.description or "")


__all__ = ["Outcome", "SweepExecutor", "find_dashboard_issue", "observe_dashboard"]
