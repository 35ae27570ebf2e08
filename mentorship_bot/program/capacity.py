"""A mentor's load and the waitlist: one rule for validate, plan, matching, the dashboard and
every report.

A mentor's load is the number of their pairs whose date spans overlap on one day, at the busiest
day (issue 12: counting per round let three mentees at once in overlapping rounds pass, and
counting across rounds showed two spring and two autumn pairs as four). A pair's span runs from
its own start to its last day (``pair_last_day``: the day it ended early, or its end).

The waitlist is the mentees with no current or upcoming pair who still want one: never paired, or
whose last pair ended early as ``not-a-fit``, or who asked again (``requested_on``) after their last
pair; oldest request first. A pair that ran its course (certified or not) or that ended because
the mentee left does not put them back on the list. Matching's queue is this list on the first
day of the round being matched (``matching.candidates.queue``).

A mentor has room from the first day on which their pairs from then on stay below their capacity
(``next_rooms``): a pair starting that day never takes them over it, however long it runs. In a
round being matched, a mentor's free places are their capacity minus their pairs at once on the
busiest day of a new pair's dates in that round (``free_places``): a pair that ended early frees
its place from the day after, and a pair of an overlapping round counts over the overlap.

A pair names its people as they are declared (the loader spells a reference in another case
that way), so usernames are compared as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from mentorship_bot.model import Mentor, Pair, Program, Round, pair_dates, pair_last_day


@dataclass(frozen=True)
class Load:
    pairs: int  # pairs at once on the busiest day
    day: date | None  # the first such day; None without pairs
    capacity: int

    @property
    def over(self) -> bool:
        return self.pairs > self.capacity


def pair_span(program: Program, pair: Pair) -> tuple[date, date]:
    """The days a pair is active, both included."""
    round_ = program.round(pair.round)
    return pair_dates(pair, round_)[0], pair_last_day(pair, round_)


def peak(spans: Iterable[tuple[date, date]], since: date | None = None,
         until: date | None = None) -> tuple[int, date | None]:
    """How many spans overlap on the busiest day from ``since`` to ``until`` (both included; None:
    unbounded), and the first such day."""
    events: list[tuple[date, int]] = []
    for starts, ends in spans:
        if until is not None and starts > until:
            continue
        if since is not None:
            if ends < since:
                continue
            starts = max(starts, since)
        events += [(starts, 1), (ends + timedelta(days=1), -1)]
    best, best_day, current = 0, None, 0
    for day, step in sorted(events):  # on one day the ends (-1) sort before the starts
        current += step
        if current > best:
            best, best_day = current, day
    return best, best_day


def mentor_capacity(program: Program, mentor: Mentor) -> int:
    """The mentor's own capacity, else the program's soft limit."""
    return mentor.capacity if mentor.capacity is not None else program.max_mentees_per_mentor


def mentor_spans(program: Program) -> dict[str, list[tuple[date, date]]]:
    """Each mentor's pairs, by username, as the days they are active, read in one pass over the
    pairs."""
    spans: dict[str, list[tuple[date, date]]] = {}
    for pair in program.pairs:
        spans.setdefault(pair.mentor, []).append(pair_span(program, pair))
    return spans


def mentor_loads(program: Program, since: date | None = None,
                 until: date | None = None) -> dict[str, Load]:
    """Every mentor's load (by username): their pairs at once on their busiest day from ``since``
    to ``until`` (both included; None: unbounded), reading the pairs once."""
    spans = mentor_spans(program)
    out = {}
    for mentor in program.mentors:
        count, day = peak(spans.get(mentor.username, []), since, until)
        out[mentor.username] = Load(count, day, mentor_capacity(program, mentor))
    return out


def new_pair_dates(round_: Round) -> tuple[date, date]:
    """The days a pair added to ``round_`` without dates of its own runs: ``pair_dates``' rule
    (the round's dates, or in a rolling round a term from the round's start)."""
    return pair_dates(Pair("", "", round_.slug), round_)


def free_places(program: Program, round_: Round) -> dict[str, int]:
    """How many more pairs each mentor (by username) can take in ``round_``, never below 0: their
    capacity minus their pairs at once on the busiest day of a new pair's dates there."""
    starts, ends = new_pair_dates(round_)
    return {name: max(load.capacity - load.pairs, 0)
            for name, load in mentor_loads(program, starts, ends).items()}


@dataclass(frozen=True)
class Waiting:
    username: str
    since: date | None  # when they asked, or when their last pair ended; None: not recorded


def waitlist(program: Program, today: date) -> tuple[Waiting, ...]:
    """Mentees with no current or upcoming pair who want one, oldest first (then by name)."""
    last: dict[str, tuple[date, Pair]] = {}  # each mentee's pair that ends last, and that day
    for pair in program.pairs:
        ends = pair_span(program, pair)[1]
        if pair.mentee not in last or ends > last[pair.mentee][0]:
            last[pair.mentee] = (ends, pair)
    out = []
    for mentee in program.mentees:
        since = mentee.requested_on
        if mentee.username in last:
            ended, pair = last[mentee.username]
            if ended >= today:
                continue  # a current or upcoming pair
            rematch = pair.ended is not None and pair.ended.reason == "not-a-fit"
            asked_again = since is not None and since > ended
            if not (rematch or asked_again):
                continue
            since = since if asked_again else ended + timedelta(days=1)
        out.append(Waiting(mentee.username, since))
    return tuple(sorted(out, key=lambda w: (w.since is None, w.since or today, w.username)))


@dataclass(frozen=True)
class Room:
    username: str
    day: date  # from this day on, a new pair keeps the mentor within their capacity


def next_rooms(program: Program, today: date) -> tuple[Room, ...]:
    """Each mentor with a capacity and the first day from ``today`` on that they have room for
    one more pair for good, soonest first (then by name)."""
    spans = mentor_spans(program)
    rooms = []
    for mentor in program.mentors:
        limit = mentor_capacity(program, mentor)
        if limit <= 0:
            continue
        own = spans.get(mentor.username, [])
        # The load from a day on only drops the day after a pair ends, so those are the days to try.
        for day in sorted({today} | {ends + timedelta(days=1) for _, ends in own if ends >= today}):
            if peak(own, day)[0] < limit:
                rooms.append(Room(mentor.username, day))
                break
    return tuple(sorted(rooms, key=lambda r: (r.day, r.username)))


def waiting_days(waiting: Waiting, today: date) -> int | None:
    """How many days a mentee has waited; None when the day they asked is not recorded."""
    return (today - waiting.since).days if waiting.since is not None else None
