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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from sys import intern

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


class NameTable:
    """Names many lines share (labels, milestones, usernames, whom the bot assigned), written
    once in the file's head and by number in its lines."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = [intern(str(n)) for n in names]
        self._numbers = {n: i for i, n in enumerate(self.names)}
        # Read back: the same few codes on 100,000 lines (a pair's people, a kind's labels).
        self._read: dict[str, tuple[str, ...]] = {NONE: ()}

    def code(self, name: str | None) -> str:
        if name is None:
            return NONE
        number = self._numbers.get(name)
        if number is None:
            number = self._numbers[name] = len(self.names)
            self.names.append(name)
        return str(number)

    def codes(self, names: Iterable[str]) -> str:
        return ",".join(map(self.code, names)) or NONE

    def name(self, code: str) -> str | None:
        found = self.names_of(code)
        if len(found) > 1:
            raise ValueError(f"one name expected: {code!r}")
        return found[0] if found else None

    def names_of(self, codes: str) -> tuple[str, ...]:
        found = self._read.get(codes)
        if found is None:
            found = self._read[codes] = tuple(self.names[int(c)] for c in codes.split(","))
        return found


NONE = "-"
# The fields of a line, in order, and what a field left off the end stands for.
_DEFAULTS = (None, None, None, "o", NONE, NONE, NONE, NONE, NONE, NONE, "0", "0", "0", NONE,
             None, NONE, NONE, NONE, "1", NONE, NONE)
_STATES = {"opened": "o", "closed": "c"}
_STATE_OF = {code: state for state, code in _STATES.items()}


def marker_prefix(issues: Iterable[ObservedIssue]) -> str:
    """What the marker ids of a project's issues start with (its pair's marker and a slash)."""
    first = next(iter(issues), None)
    return first.marker_id.rsplit("/", 1)[0] + "/" if first is not None else ""


def fact_line(issue: ObservedIssue, prefix: str, names: NameTable) -> str:
    """``issue`` as one line of words without spaces (``read_fact_line`` reads it back):
    numbers, hashes, and names by ``names``' numbers. It must carry a marker."""
    marker = issue.marker
    if marker is None:
        raise ValueError(f"{issue.project_path}#{issue.iid} has no marker")
    if isinstance(issue, FactIssue):
        written, body, unticked = issue.written, issue.body_hash, issue.unticked_hash
        title = issue.title_hash
    else:
        written = issue.as_written()
        body = unticked = None
        if not written:
            text = body_of(issue.description)
            body, unticked = normalised_hash(text), normalised_hash(untick(text))
        title = title_hash(issue.title)
    marker_id = issue.marker_id
    fields = [
        str(issue.iid),
        marker_id[len(prefix):] if prefix and marker_id.startswith(prefix) else "/" + marker_id,
        title, _STATES.get(issue.state, issue.state), names.codes(issue.labels),
        names.code(issue.milestone_title),
        str(issue.due_date.toordinal()) if issue.due_date else NONE,
        _epoch(issue.closed_at), names.code(issue.closed_by), _epoch(issue.updated_at),
        str(issue.user_notes), str(issue.tasks_done), str(issue.tasks_total),
        names.codes(issue.assignees), marker.hash, marker.inputs or NONE,
        names.code(marker.assigned), marker.calendar or NONE, "1" if written else "0",
        body or NONE, unticked or NONE,
    ]
    while fields[-1] == _DEFAULTS[len(fields) - 1]:
        fields.pop()
    return " ".join(fields)


def read_fact_line(project_path: str, prefix: str, line: str, names: NameTable) -> FactIssue:
    """The issue a line of ``fact_line`` describes, in the project at ``project_path``."""
    fields = line.split(" ")
    if not 15 <= len(fields) <= len(_DEFAULTS):
        raise ValueError(f"a line of {len(fields)} fields: {line[:60]!r}")
    fields += _DEFAULTS[len(fields):]  # type: ignore[arg-type]
    (iid, marker, title, state, labels, milestone, due, closed_at, closed_by, updated, notes,
     done, total, assignees, digest, inputs, assigned, calendar, written, body,
     unticked) = fields
    marker_id = marker[1:] if marker.startswith("/") else prefix + marker
    return FactIssue(
        project_path, int(iid), marker_id, "",
        description="",
        labels=names.names_of(labels),
        milestone_title=names.name(milestone),
        due_date=None if due == NONE else date.fromordinal(int(due)),
        state=_STATE_OF.get(state) or intern(state),
        closed_at=_moment(closed_at),
        closed_by=names.name(closed_by),
        updated_at=_moment(updated),
        user_notes=int(notes),
        tasks_done=int(done),
        tasks_total=int(total),
        assignees=names.names_of(assignees),
        kept_marker=Marker(marker_id, _hash(digest), names.name(assigned),
                           None if inputs == NONE else _hash(inputs),
                           None if calendar == NONE else _hash(calendar)),
        title_hash=_hash(title),
        written=written == "1",
        body_hash=None if body == NONE else _hash(body),
        unticked_hash=None if unticked == NONE else _hash(unticked),
    )


def _epoch(moment: datetime | None) -> str:
    return NONE if moment is None else str(int(moment.timestamp()))


def _moment(value: str) -> datetime | None:
    return None if value == NONE else datetime.fromtimestamp(int(value), timezone.utc)


_HASH = re.compile(r"[0-9a-f]{12}")


def _hash(value: str) -> str:
    if not _HASH.fullmatch(value):
        raise ValueError(f"not a hash: {value[:20]!r}")
    return value


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
