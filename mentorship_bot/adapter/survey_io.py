"""Read and write the feedback project's surveys (issue 14).

One read a night, whatever the number of pairs: the project, its members (inherited included)
and its survey issues, each a paged list; the ticks are in the descriptions the list carries, so
no issue and no note is read one by one. Writes: new people added as Guests a hundred per request
(their ids read a hundred per GraphQL request), one confidential issue per person and survey
assigned to them, and on existing ones a label and a note (asked to fix, reminded) or a label, a
note and the close.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection, retry_write
from mentorship_bot.adapter.execute import ApplyResult, Outcome
from mentorship_bot.adapter.guests import GuestProjectExecutor, project_members
from mentorship_bot.adapter.lookups import required
from mentorship_bot.adapter.paging import list_all
from mentorship_bot.feedback.decide import ObservedFeedback, ObservedSurvey
from mentorship_bot.feedback.schedule import MARKER_PREFIX
from mentorship_bot.feedback.survey_issue import SURVEY_LABEL
from mentorship_bot.provision.plan import Action, Plan
from mentorship_bot.render.markers import parse_marker


def observe_feedback(conn: Connection, path: str, program_slug: str, *,
                     due: Collection[str] = (),
                     workers: int = DEFAULT_WORKERS) -> ObservedFeedback:
    """The project, its survey issues, and its members when a survey in ``due`` (marker ids)
    has no issue yet: only a night that opens surveys needs to know who is a member."""
    project = required(
        lambda: conn.reads.projects.get(path),
        f"the feedback project {path!r} does not exist or the token cannot see it; "
        "create it (the bot a Maintainer there) or remove the feedback block")
    prefix = f"{MARKER_PREFIX}{program_slug}/"
    surveys: dict[str, ObservedSurvey] = {}
    for issue in list_all(project.issues, workers, labels=SURVEY_LABEL, state="all"):
        marker = parse_marker(issue.description)
        if marker is None or not marker.id.startswith(prefix):
            continue
        found = ObservedSurvey(issue.iid, marker.id, issue.description or "",
                               tuple(issue.labels), issue.state,
                               date.fromisoformat(issue.created_at[:10]))
        kept = surveys.get(marker.id)
        if kept is None or found.iid < kept.iid:  # two runs raced: the older issue counts
            surveys[marker.id] = found
    members = project_members(project, workers) if set(due) - set(surveys) else {}
    return ObservedFeedback(project.id, path, members, surveys)


class SurveyExecutor(GuestProjectExecutor):
    """Tonight's survey writes: the new Guests first (a hundred per request), then each pair's
    surveys (a person who could not be made a Guest gets no issue tonight)."""

    def __init__(self, conn: Connection, feedback: ObservedFeedback, *,
                 workers: int = DEFAULT_WORKERS, on_done: Any = None) -> None:
        super().__init__(conn, feedback.project_id, feedback.path, feedback.members,
                         workers=workers, on_done=on_done)
        self.feedback = feedback

    def run(self, plan: Plan) -> ApplyResult:
        outcomes, failed, others = self.guests_first(plan)
        by_pair: dict[tuple[str | None, str | None], list[Action]] = defaultdict(list)
        for action in others:
            by_pair[(action.round, action.pair)].append(action)

        def pair(actions: list[Action]) -> list[Outcome]:
            return [self._one(a) if not (a.kind == "create_survey"
                                         and a.attribute("assignee").lower() in failed)
                    else Outcome(a, "not opened: its person could not be made a Guest")
                    for a in actions]

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for results in pool.map(pair, by_pair.values()):
                outcomes.extend(results)
        return ApplyResult(tuple(outcomes), self.conn.request_counts())

    def _create_survey(self, action: Action) -> None:
        path = action.attribute("project")
        project_id = self.ids.projects[path]
        project = self.conn.writes.projects.get(project_id, lazy=True)
        payload = {"title": action.attribute("title"),
                   "description": action.attribute("description"),
                   "labels": list(action.attribute("labels")), "confidential": True,
                   "assignee_ids": [self.user_id(action.attribute("assignee"))]}
        self.conn.issue_pacer.wait(path)

        def find() -> Any:
            listed = self.conn.reads.projects.get(project_id, lazy=True).issues.list(
                get_all=True, state="all", labels=SURVEY_LABEL)
            return next((i for i in listed if (m := parse_marker(i.description))
                         and m.id == action.target), None)

        retry_write(lambda: project.issues.create(payload), find)

    def _follow_up(self, action: Action, note: str, *, close: bool = False) -> None:
        """The label that says it was done (and the close), then the note: a failed note is
        reported, never sent twice on a later night."""
        path, iid = action.attribute("project"), action.attribute("iid")
        project = self.conn.writes.projects.get(self.ids.projects[path], lazy=True)
        payload: dict[str, Any] = {"add_labels": action.attribute("label")}
        if close:
            payload["state_event"] = "close"
        retry_write(lambda: project.issues.update(iid, payload), lambda: None)
        self._note(self._issue(path, iid), f"{action.target}/{note}", action.attribute("body"))

    def _ask_survey_fix(self, action: Action) -> None:
        self._follow_up(action, "unclear")

    def _remind_survey(self, action: Action) -> None:
        self._follow_up(action, "reminder")

    def _close_survey(self, action: Action) -> None:
        self._follow_up(action, "closed", close=True)
