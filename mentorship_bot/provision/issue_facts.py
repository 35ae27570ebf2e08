"""An issue as facts, without its words: what the diff and the sweep read of it, small enough to
keep for every milestone issue of a large program between two sweeps (issue 18).

A night's sweep need not read 100,000 issues when it knows them as they were last night and reads
only those GitLab lists as changed since. What it keeps of each is never a person's words: a title
is kept as its hash, a text as the hashes the diff compares (its marker's; and, when a person
ticked or edited it, its body's with and without ticks). Labels, usernames, dates and counts are
kept as GitLab lists them. A Progress issue is not kept so: the sweep reads it whole every night.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from sys import intern
from typing import Any

from mentorship_bot.provision.observed_state import ObservedIssue
from mentorship_bot.render.lazy import LazyText, digest_differs, untick
from mentorship_bot.render.markers import Marker, body_of, normalised_hash


class TextNotHeld(Exception):
    """The run needs the text of an issue it knows only from its facts: it must read it whole."""


@dataclass(frozen=True, slots=True)
class FactIssue(ObservedIssue):
    """An observed issue known from its facts: the text questions are answered from hashes."""

    title_hash: str = ""
    written: bool = True  # the text is exactly as the bot wrote it (its marker's hash)
    body_hash: str | None = None  # when not as written: the body normalised, as it stands
    unticked_hash: str | None = None  # ... and with every task unticked

    def full_description(self) -> str:
        raise TextNotHeld(f"{self.project_path}#{self.iid} is known by its facts only")

    def as_written(self) -> bool:
        return self.written

    def is_edited(self) -> bool:
        return not self.written and self.body_hash != self._marker().hash

    def has_title(self, title: str) -> bool:
        return title_hash(title) == self.title_hash

    def differs_from(self, desired: LazyText, update_templates: bool) -> bool:
        marker = self._marker()
        digest = marker.hash if self.written else self.unticked_hash
        return digest_differs(marker, digest or "", desired, update_templates)

    def _marker(self) -> Marker:
        if self.kept_marker is None:  # facts are only made of issues carrying a marker
            raise ValueError(f"{self.project_path}#{self.iid} has no marker")
        return self.kept_marker


def title_hash(title: str) -> str:
    return hashlib.sha256(title.encode("utf-8")).hexdigest()[:12]


def issue_facts(issue: ObservedIssue) -> list[Any]:
    """``issue`` as one JSON-ready row (``fact_issue`` reads it back); it must carry a marker."""
    marker = issue.marker
    if marker is None:
        raise ValueError(f"{issue.project_path}#{issue.iid} has no marker")
    if isinstance(issue, FactIssue):
        written, body, unticked = issue.written, issue.body_hash, issue.unticked_hash
    else:
        written = issue.as_written()
        body = unticked = None
        if not written:
            text = body_of(issue.description)
            body, unticked = normalised_hash(text), normalised_hash(untick(text))
    return [
        issue.iid, issue.marker_id,
        issue.title_hash if isinstance(issue, FactIssue) else title_hash(issue.title),
        issue.state, list(issue.labels), issue.milestone_title, _iso(issue.due_date),
        _iso(issue.closed_at), issue.closed_by, _iso(issue.updated_at),
        issue.user_notes, issue.tasks_done, issue.tasks_total, list(issue.assignees),
        marker.hash, marker.inputs, marker.assigned, marker.calendar,
        int(written), body, unticked,
    ]


def fact_issue(project_path: str, row: list[Any]) -> FactIssue:
    """The issue a row of ``issue_facts`` describes, in the project at ``project_path``."""
    (iid, marker_id, title_digest, state, labels, milestone, due, closed_at, closed_by, updated,
     notes, done, total, assignees, digest, inputs, assigned, calendar, written, body,
     unticked) = row
    return FactIssue(
        project_path, int(iid), marker_id, "",
        description="",
        labels=tuple(map(intern, labels)),
        milestone_title=intern(milestone) if milestone else None,
        due_date=date.fromisoformat(due) if due else None,
        state=intern(state),
        closed_at=datetime.fromisoformat(closed_at) if closed_at else None,
        closed_by=intern(closed_by) if closed_by else None,
        updated_at=datetime.fromisoformat(updated) if updated else None,
        user_notes=int(notes),
        tasks_done=int(done),
        tasks_total=int(total),
        assignees=tuple(map(intern, assignees)),
        kept_marker=Marker(marker_id, digest, assigned, inputs, calendar),
        title_hash=title_digest,
        written=bool(written),
        body_hash=body,
        unticked_hash=unticked,
    )


def overlay(known: Iterable[ObservedIssue], changed: Iterable[ObservedIssue],
            seen: Iterable[tuple[str, int]] = ()
            ) -> tuple[dict[str, ObservedIssue], tuple[ObservedIssue, ...]]:
    """The issues by marker id, and the duplicates, from issues ``known`` from last night and
    those GitLab lists as ``changed`` since: a changed issue replaces what was known of it, and
    an issue listed as changed but no longer carrying a marker (``seen``: every listed issue's
    project path and iid) is dropped. When two issues carry one marker the one created first
    (the lower iid of one project) is kept; open duplicates are returned, the others dropped,
    as the diff only closes open ones."""
    by_place = {(i.project_path, i.iid): i for i in known}
    for place in seen:
        by_place.pop(place, None)
    for issue in changed:
        by_place[(issue.project_path, issue.iid)] = issue
    kept: dict[str, ObservedIssue] = {}
    duplicates: list[ObservedIssue] = []
    for place in sorted(by_place):
        issue = by_place[place]
        held = kept.get(issue.marker_id)
        if held is None:
            kept[issue.marker_id] = issue
        elif issue.state == "opened":
            duplicates.append(issue)
    return kept, tuple(duplicates)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
