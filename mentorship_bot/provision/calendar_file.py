"""A pair's ``calendar.ics``: its meetings and milestones, for any calendar program (issue 12).

Every occurrence of the pair's milestone plan is one event, meeting issues that do not exist yet
included (they appear ``issue_lead_days`` before they are due, the calendar shows the whole road).
One-off milestones are all-day events on their due date; repeated ones (meetings) last the
pair's meeting minutes. An event's UID is its issue's marker id plus ``@mentorship-bot``, so
when dates move a calendar program updates the event rather than adding a second one. DTSTAMP is
the pair's first day at midnight UTC: from the program, never the clock, so a re-run renders the
same bytes and writes nothing. Whether the file is up to date is told from the hash of what it is
made from (``calendar_inputs``), which the pair's Progress issue records, without rendering it.

Names and titles come from the program file; the file is not Markdown, so they are escaped as
iCalendar text (render/calendar.py) rather than neutralised, whose Markdown escapes would show in
a calendar; only mentions are disarmed (``disarm_mentions``), as in every text the bot writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cached_property

from mentorship_bot.model import (
    MilestoneOccurrence,
    Pair,
    Program,
    Round,
    minutes_text,
    pair_dates,
    pair_last_day,
)
from mentorship_bot.render.calendar import CalendarEvent, calendar_hash, render_calendar
from mentorship_bot.render.neutralise import disarm_mentions

CALENDAR_PATH = "calendar.ics"


# Raised whenever render_calendar's output changes for the same inputs: a Progress marker's
# ``calendar=`` names what the file was made from, so a new format is a new calendar.
CALENDAR_FORMAT = 1


@dataclass(frozen=True, eq=False)
class LazyCalendar:
    """A pair's calendar.ics, rendered when read (issue 18). ``hash`` is the hash of what it is
    made from (``calendar_inputs``), what a Progress issue's marker records, so a no-op run
    renders no calendar. Markers written before recorded the text's own hash
    (``content_hash``): ``recorded`` accepts either, so no pair is rewritten for the change; a
    content hash is computed once per pair and kept in ``hashes``, which one desired state
    shares between its walks."""

    make: Callable[..., str]  # (previous file text, optional) -> the text
    marker_id: str
    inputs: str
    hashes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        return self.make()

    def render(self) -> str:
        """The text, not kept unless ``text`` was read (apply renders it as it writes it)."""
        return str(self.__dict__["text"]) if "text" in self.__dict__ else self.make()

    def revised(self, previous: str) -> str:
        """The text that replaces ``previous``, the file the bot wrote before: each changed
        event with the next SEQUENCE, so calendar programs update it (render/calendar.py)."""
        return self.make(previous)

    @property
    def hash(self) -> str:
        return self.inputs

    def content_hash(self) -> str:
        digest = self.hashes.get(self.marker_id)
        if digest is None:
            digest = self.hashes[self.marker_id] = calendar_hash(self.render())
        return digest

    def recorded(self, value: str | None) -> bool:
        """Whether a Progress marker's ``calendar=`` value says the project holds this calendar
        (its inputs hash, or, in a marker written before, its text's hash)."""
        return value is not None and (value == self.inputs or value == self.content_hash())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyCalendar) and (self.marker_id, self.inputs) == (
            other.marker_id, other.inputs)

    def __hash__(self) -> int:
        return hash((self.marker_id, self.inputs))


def _pair_span(program: Program, round_: Round, pair: Pair) -> tuple[date, date]:
    """The pair's first and last active day (a pair that ended early: the day it ended)."""
    return pair_dates(pair, round_)[0], pair_last_day(pair, round_)


def _meeting_minutes(program: Program, round_: Round, pair: Pair) -> tuple[str, int]:
    """How long the pair's meetings last, as said (``30–45``) and as blocked in a calendar (the
    longer end of a range): the pair's own, else its round's."""
    if pair.meeting_minutes is not None:
        minutes, upto = pair.meeting_minutes, pair.meeting_minutes_upto
    else:
        minutes, upto = round_.meeting_minutes, round_.meeting_minutes_upto
    return minutes_text(minutes, upto), max(minutes, upto or minutes)


def calendar_marker_id(pair_marker_id: str) -> str:
    return f"{pair_marker_id}/file/{CALENDAR_PATH}"


def calendar_inputs(program: Program, round_: Round, pair: Pair,
                    plan: list[MilestoneOccurrence], pair_marker_id: str) -> str:
    """The hash of everything ``pair_calendar`` reads: equal inputs, equal text.

    It hashes the ``repr`` of the tuple (format, names, span, minutes, marker, plan), written out
    here so that the plan's part, shared by the pairs on one plan, is made once."""
    key = (CALENDAR_FORMAT, program.name, round_.name, pair.mentee, pair.mentor,
           _pair_span(program, round_, pair), _meeting_minutes(program, round_, pair),
           pair_marker_id)
    text = f"{repr(key)[:-1]}, {_plan_repr(plan)})"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_PLAN_REPRS: dict[int, tuple[list[MilestoneOccurrence], str]] = {}


def _plan_repr(plan: list[MilestoneOccurrence]) -> str:
    """``repr`` of the plan's (id, title, due, repeated) list, kept by identity (pairs on the
    same dates share one plan list, ``model.pair_plans``), holding the list so its id stays."""
    hit = _PLAN_REPRS.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    if len(_PLAN_REPRS) >= 10_000:
        _PLAN_REPRS.clear()
    text = repr([(o.id, o.title, o.due, o.repeated) for o in plan])
    _PLAN_REPRS[id(plan)] = (plan, text)
    return text


def pair_calendar(program: Program, round_: Round, pair: Pair,
                  plan: list[MilestoneOccurrence], pair_marker_id: str,
                  previous: str | None = None) -> str:
    """The text of the pair's ``calendar.ics``, its marker included; ``previous`` (the file the
    bot wrote before) carries each event's SEQUENCE over, the next one when it changed."""
    starts, ends = _pair_span(program, round_, pair)
    said, minutes = _meeting_minutes(program, round_, pair)
    events = []
    for occurrence in plan:
        if not starts <= occurrence.due <= ends:
            continue  # only the pair's own days, up to an early ending
        where = f"{program.name}, {round_.name}: the issue \"{occurrence.title}\" in your project."
        if occurrence.repeated:
            text = (f"A {said}-minute meeting of {pair.mentee} and {pair.mentor}, due on this "
                    "day. The time is only a placeholder: move it to when you meet. " + where)
            events.append(CalendarEvent(f"{pair_marker_id}/{occurrence.id}@mentorship-bot",
                                        disarm_mentions(occurrence.title), occurrence.due,
                                        disarm_mentions(text), minutes))
        else:
            text = f"Due on this day. {where}"
            events.append(CalendarEvent(f"{pair_marker_id}/{occurrence.id}@mentorship-bot",
                                        disarm_mentions(occurrence.title), occurrence.due,
                                        disarm_mentions(text)))
    name = disarm_mentions(
        f"Mentorship: {pair.mentee} and {pair.mentor} ({round_.name}, {starts} to {ends})")
    stamp = datetime(starts.year, starts.month, starts.day, tzinfo=timezone.utc)
    return render_calendar(name, events, stamp, calendar_marker_id(pair_marker_id), previous)
