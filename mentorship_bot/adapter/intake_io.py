"""Read and write the intake project (issue 13): requests, choice issues, the request template.

A fixed number of reads a night, whatever the number of mentees: the project, its choice issues
(one paged list by label, closed ones included, so a closed issue is never opened again), its
open issues (one paged list: the requests are among them), the request template on the default
branch, and the project's members only on a night that opens a choice issue. The ticks are in the
descriptions the lists carry: no issue and no note is read one by one. Writes: new mentees added
as Guests (a hundred per request, as surveys do), one confidential issue per waiting mentee
assigned to them, a label and a note on follow-ups, the template committed when it changed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection, retry_write
from mentorship_bot.adapter.execute import ApplyResult, Outcome
from mentorship_bot.adapter.guests import GuestProjectExecutor, project_members
from mentorship_bot.adapter.lookups import file_text, required
from mentorship_bot.adapter.paging import list_all
from mentorship_bot.intake.choice_issue import CHOICE_LABEL
from mentorship_bot.intake.decide import ObservedChoice, ObservedIntake, ObservedRequest
from mentorship_bot.intake.requests import TEMPLATE_PATH
from mentorship_bot.provision.plan import Action, Plan
from mentorship_bot.render.choice_text import marker_parts
from mentorship_bot.render.markers import parse_marker

# ``not[labels]`` as python-gitlab sends a hash parameter (``not`` is a keyword in Python).
_NOT_CHOICES: dict[str, Any] = {"not": {"labels": CHOICE_LABEL}}


def observe_intake(conn: Connection, path: str, program_slug: str, *,
                   wanted: Collection[str] = (),
                   workers: int = DEFAULT_WORKERS) -> ObservedIntake:
    """The intake project's choice issues, open requests and template; its members when an
    issue in ``wanted`` (marker ids) is not there yet."""
    project = required(
        lambda: conn.reads.projects.get(path),
        f"the intake project {path!r} does not exist or the token cannot see it; create it "
        "(the bot a Maintainer there) or remove matching.intake_project")
    if conn.reads.user is None:
        conn.reads.auth()  # the sweep has done it already: no request then
    bot = conn.reads.user.username if conn.reads.user else ""
    choices: dict[str, ObservedChoice] = {}
    for issue in list_all(project.issues, workers, labels=CHOICE_LABEL, state="all"):
        marker = parse_marker(issue.description)
        parts = marker_parts(marker.id, program_slug) if marker else None
        if marker is None or parts is None or (issue.author or {}).get("username") != bot:
            continue  # a person may label a new issue: only the bot's own are choice issues
        found = ObservedChoice(issue.iid, marker.id, parts[0], parts[1],
                               issue.description or "", tuple(issue.labels), issue.state,
                               date.fromisoformat(issue.created_at[:10]))
        kept = choices.get(marker.id)
        if kept is None or found.iid < kept.iid:  # two runs raced: the older issue counts
            choices[marker.id] = found
    requests = tuple(
        ObservedRequest(issue.iid, str((issue.author or {}).get("username") or ""),
                        date.fromisoformat(issue.created_at[:10]), issue.description or "",
                        tuple(issue.labels), bool(issue.confidential))
        # Choice issues left out by GitLab (``not[labels]``): a night with 500 mentees choosing
        # reads no page of them twice.
        for issue in list_all(project.issues, workers, state="opened", **_NOT_CHOICES)
        if CHOICE_LABEL not in issue.labels and (issue.author or {}).get("username"))
    branch = project.default_branch or "main"
    template = file_text(project, TEMPLATE_PATH, branch, errors="replace")
    members = project_members(project, workers) if set(wanted) - set(choices) else {}
    return ObservedIntake(project.id, path, members, choices, requests, template, branch)


class IntakeExecutor(GuestProjectExecutor):
    """Tonight's intake writes: the new Guests first, then each issue's write (a person who
    could not be made a Guest gets no issue tonight)."""

    def __init__(self, conn: Connection, intake: ObservedIntake, *,
                 workers: int = DEFAULT_WORKERS, on_done: Any = None) -> None:
        super().__init__(conn, intake.project_id, intake.path, intake.members, workers=workers,
                         on_done=on_done)
        self.intake = intake

    def run(self, plan: Plan) -> ApplyResult:
        outcomes, failed, others = self.guests_first(plan)
        for action in others:
            if action.kind == "create_choice" and action.attribute("assignee").lower() in failed:
                outcomes.append(Outcome(action, "not opened: the mentee could not be made a "
                                                "Guest of the intake project"))
                continue
            outcomes.append(self._one(action))
        return ApplyResult(tuple(outcomes), self.conn.request_counts())

    def _project(self) -> Any:
        return self.conn.writes.projects.get(self.intake.project_id, lazy=True)

    def _create_choice(self, action: Action) -> None:
        payload = {"title": action.attribute("title"),
                   "description": action.attribute("description"),
                   "labels": list(action.attribute("labels")), "confidential": True,
                   "assignee_ids": [self.user_id(action.attribute("assignee"))]}
        self.conn.issue_pacer.wait(self.intake.path)

        def find() -> Any:
            listed = self.conn.reads.projects.get(self.intake.project_id, lazy=True).issues.list(
                get_all=True, state="all", labels=CHOICE_LABEL)
            return next((i for i in listed if (m := parse_marker(i.description))
                         and m.id == action.target), None)

        retry_write(lambda: self._project().issues.create(payload), find)

    def _labelled(self, action: Action, note: str, *, close: bool = False,
                  description: str | None = None) -> None:
        """The label that says it was done (and the close, the new text), then the note: a
        failed note is reported, never sent twice on a later night."""
        iid = action.attribute("iid")
        payload: dict[str, Any] = {}
        if action.attribute("label"):
            payload["add_labels"] = action.attribute("label")
        if action.attribute("remove_label"):
            payload["remove_labels"] = action.attribute("remove_label")
        if description is not None:
            payload["description"] = description
        if close:
            payload["state_event"] = "close"
        retry_write(lambda: self._project().issues.update(iid, payload), lambda: None)
        self._note(self._issue(self.intake.path, iid), f"{action.target}/{note}",
                   action.attribute("body"))

    def _update_choice(self, action: Action) -> None:
        # A new list each time: the note's marker carries the text's hash, so it is new too.
        text = action.attribute("description")
        marker = parse_marker(text)
        self._labelled(action, f"candidates-{marker.hash if marker else 'none'}",
                       description=text)

    def _remind_choice(self, action: Action) -> None:
        self._labelled(action, "reminder")

    def _link_choice(self, action: Action) -> None:
        self._labelled(action, "proposed")

    def _close_choice(self, action: Action) -> None:
        self._labelled(action, "closed", close=True)

    def _note_request(self, action: Action) -> None:
        self._labelled(action, action.attribute("label"))

    def _close_request(self, action: Action) -> None:
        self._labelled(action, "closed", close=True)

    def _protect_request(self, action: Action) -> None:
        iid = action.attribute("iid")
        retry_write(lambda: self._project().issues.update(iid, {"confidential": True}),
                    lambda: None)

    def _commit_template(self, action: Action) -> None:
        project = self._project()
        payload = {"branch": action.attribute("branch"),
                   "commit_message": "mentorship-bot: the \"Request a mentor\" issue template",
                   "actions": [{"action": action.attribute("action"),
                                "file_path": TEMPLATE_PATH,
                                "content": action.attribute("content")}]}
        read = self.conn.reads.projects.get(self.intake.project_id, lazy=True)
        retry_write(lambda: project.commits.create(payload),
                    lambda: True if file_text(read, TEMPLATE_PATH, action.attribute("branch"))
                    == action.attribute("content") else None)
