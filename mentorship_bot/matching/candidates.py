"""Who waits, who has room, and the N best mentors for each waiting mentee.

A mentee waits for a round when no pair of theirs runs on or after the round's first day (no
current or upcoming pair). The queue is ordered by ``requested_on`` (earliest first; mentees
without it after those with it), then by the file's order.

Hard rules: a mentor is never proposed to themself, to a mentee they manage, to a former partner
(any pair in the file), when they have no room left in the round, or, with
``matching.different_department``, to a mentee of their own department.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from datetime import date

from mentorship_bot.matching.score import (
    Parts,
    Profile,
    hours_apart,
    mentee_profile,
    mentor_profile,
    reasons,
    score_parts,
)
from mentorship_bot.model import Matching, Mentee, Program, Round


def mentor_load(program: Program, round_: Round) -> Counter[str]:
    """Mentees each mentor (lower-cased) has over the would-be pair's dates.

    Today those dates are the round's, and the load is the mentor's pairs in the round, the rule
    validate applies to ``capacity``. The one place to change when pairs carry their own dates.
    """
    return Counter(p.mentor.lower() for p in program.pairs if p.round == round_.slug)


def busy_on(program: Program, day: date) -> set[str]:
    """Mentees (lower-cased) with a pair that has not ended by ``day``: current or upcoming."""
    ends = {r.slug: r.ends for r in program.rounds}
    return {p.mentee.lower() for p in program.pairs if ends[p.round] >= day}


def queue(program: Program, round_: Round) -> list[Mentee]:
    """The mentees waiting for ``round_``, in the order they asked."""
    busy = busy_on(program, round_.starts)
    waiting = [m for m in program.mentees if m.username.lower() not in busy]
    order = {m.username: index for index, m in enumerate(program.mentees)}
    return sorted(waiting, key=lambda m: (m.requested_on is None, m.requested_on or date.min,
                                          order[m.username]))


@dataclass(frozen=True)
class Pool:
    """One round's matching problem: the queue, the mentors with room, what rules out whom."""

    round: Round
    weights: Matching
    mentees: tuple[Mentee, ...]
    mentee_profiles: tuple[Profile, ...]
    mentors: tuple[Profile, ...]  # mentors with room, by username
    room: tuple[int, ...]  # free places of each mentor in ``mentors``
    ruled_out: tuple[frozenset[int], ...]  # per mentee: indices of mentors the hard rules forbid


def pool(program: Program, round_: Round) -> Pool:
    load = mentor_load(program, round_)
    day = round_.starts
    with_room = []
    for mentor in sorted(program.mentors, key=lambda m: m.username.lower()):
        limit = mentor.capacity if mentor.capacity is not None else program.max_mentees_per_mentor
        free = limit - load[mentor.username.lower()]
        if free > 0:
            with_room.append((mentor_profile(mentor, day), free))
    mentors = tuple(profile for profile, _ in with_room)
    index = {m.username.lower(): j for j, m in enumerate(mentors)}
    by_department: dict[str, set[int]] = {}
    for j, profile in enumerate(mentors):
        if profile.department:
            by_department.setdefault(profile.department, set()).add(j)
    partners: dict[str, set[int]] = {}
    for pair in program.pairs:
        if pair.mentor.lower() in index:
            partners.setdefault(pair.mentee.lower(), set()).add(index[pair.mentor.lower()])
    mentees = tuple(queue(program, round_))
    profiles = tuple(mentee_profile(m, day) for m in mentees)
    ruled_out = []
    for mentee, wants in zip(mentees, profiles, strict=True):
        out = set(partners.get(mentee.username.lower(), ()))
        for name in (mentee.username, mentee.manager):
            if name and name.lower() in index:
                out.add(index[name.lower()])
        if program.matching.different_department and wants.department:
            out |= by_department.get(wants.department, set())
        ruled_out.append(frozenset(out))
    return Pool(round_, program.matching, mentees, profiles, mentors,
                tuple(free for _, free in with_room), tuple(ruled_out))


def row(pool: Pool, i: int) -> list[int | None]:
    """Mentee ``i``'s score (thousandths) for every mentor with room; None where ruled out.

    The hot loop (2,000 mentees by 1,000 mentors is 2 million scores): the three parts are
    computed inline; ``score.score_parts`` is the same rule, and a test holds the two together.
    """
    mentee, weights, ruled_out = pool.mentee_profiles[i], pool.weights, pool.ruled_out[i]
    tags = mentee.tags.keys()
    per_tag = 1000 * weights.tags_weight / len(tags) if tags else 0.0
    languages = mentee.languages.keys()
    language_points = round(1000 * weights.language_weight)
    zone_points: dict[float | None, int] = {None: 0}
    out: list[int | None] = []
    for j, mentor in enumerate(pool.mentors):
        if j in ruled_out:
            out.append(None)
            continue
        points = round(per_tag * len(tags & mentor.tags.keys())) if tags else 0
        if mentee.offset is not None:
            zone = zone_points.get(mentor.offset)
            if zone is None:
                assert mentor.offset is not None
                closeness = 1 - hours_apart(mentee.offset, mentor.offset) / 12
                zone = zone_points[mentor.offset] = round(1000 * weights.timezone_weight
                                                          * closeness)
            points += zone
        if languages and not languages.isdisjoint(mentor.languages):
            points += language_points
        out.append(points)
    return out


@dataclass(frozen=True)
class Candidate:
    mentor: str
    parts: Parts
    reasons: tuple[str, ...]

    @property
    def milli(self) -> int:
        return self.parts.milli


def candidate(pool: Pool, i: int, j: int) -> Candidate:
    mentee, mentor = pool.mentee_profiles[i], pool.mentors[j]
    return Candidate(mentor.username, score_parts(mentee, mentor, pool.weights),
                     tuple(reasons(mentee, mentor)))


def best(pool: Pool, count: int) -> list[tuple[Mentee, list[Candidate]]]:
    """For each waiting mentee in queue order, up to ``count`` mentors: best score first, then by
    username."""
    out = []
    for i, mentee in enumerate(pool.mentees):
        scores = row(pool, i)
        top = heapq.nsmallest(count, ((-s, j) for j, s in enumerate(scores) if s is not None))
        out.append((mentee, [candidate(pool, i, j) for _, j in top]))
    return out
