"""Who waits, who has room, and the N best mentors for each waiting mentee.

The queue for a round is the waitlist (``program.capacity.waitlist``, the rule the dashboard
and reports show) on the round's first day: the mentees with no pair active on or after that day
(each pair over its own dates, to the day it ended early) who still want one: never paired, or
whose last pair ended as ``not-a-fit``, or who asked again (``requested_on``) after it. Oldest
first: by ``requested_on``, or for a rematch the day after the pair ended; those without a day
last; then by username. A pair that ran its course or ended because the mentee left does not
put them back in the queue. Matching proposes pairs that run the round's dates, so a mentee
whose pair in the round itself ended early waits for a later round here (a rematch inside the
round, with its own ``starts``, is written by a coordinator).

A mentor's room in a round is ``program.capacity.free_places``: their capacity minus their pairs
at once on the busiest day of a new pair's dates in the round, each pair over its own dates, so
a pair that ended early frees its place from the day after and a pair of an overlapping round
counts over the overlap.

Hard rules: a mentor is never proposed to themself, to a mentee they manage, to a former partner
(any pair in the file), when they have no room left in the round, or, with
``matching.different_department``, to a mentee of their own department.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

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
from mentorship_bot.program.capacity import free_places, waitlist


def queue(program: Program, round_: Round) -> list[Mentee]:
    """The mentees waiting for ``round_``, oldest first: the waitlist on the round's first day."""
    mentees = {m.username: m for m in program.mentees}
    return [mentees[w.username] for w in waitlist(program, round_.starts)]


@dataclass(frozen=True)
class MentorIndex:
    """The mentors with room, indexed for the hot loop: by tag, by language, by UTC offset."""

    by_tag: dict[str, tuple[int, ...]]
    by_language: dict[str, tuple[int, ...]]
    offsets: tuple[float | None, ...]  # the distinct offsets
    offset_class: tuple[int, ...]  # per mentor: its offset's place in ``offsets``


def index_mentors(mentors: tuple[Profile, ...]) -> MentorIndex:
    by_tag: dict[str, list[int]] = {}
    by_language: dict[str, list[int]] = {}
    offsets: dict[float | None, int] = {}
    for j, mentor in enumerate(mentors):
        for tag in mentor.tags:
            by_tag.setdefault(tag, []).append(j)
        for language in mentor.languages:
            by_language.setdefault(language, []).append(j)
        offsets.setdefault(mentor.offset, len(offsets))
    return MentorIndex({t: tuple(js) for t, js in by_tag.items()},
                       {lang: tuple(js) for lang, js in by_language.items()},
                       tuple(offsets), tuple(offsets[m.offset] for m in mentors))


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
    index: MentorIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", index_mentors(self.mentors))


def pool(program: Program, round_: Round) -> Pool:
    places = free_places(program, round_)
    day = round_.starts
    with_room = []
    for mentor in sorted(program.mentors, key=lambda m: m.username.lower()):
        free = places[mentor.username]
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


RULED_OUT = -1  # in ``scores``: no score is negative


def scores(pool: Pool, i: int) -> list[int]:
    """Mentee ``i``'s score (thousandths) for every mentor with room; ``RULED_OUT`` where a hard
    rule forbids the pair.

    The hot loop (2,000 mentees by 1,000 mentors is 2 million scores), so the parts are added
    from the mentor index: the timezone part once per distinct offset, the language and tag parts
    only to the mentors who share one. ``score.score_parts`` is the same rule one pair at a time,
    and a test holds the two to the same numbers.
    """
    mentee, weights, index = pool.mentee_profiles[i], pool.weights, pool.index
    if not pool.mentors:
        return []
    if mentee.offset is None:
        zones = [0] * len(index.offsets)
    else:
        zones = [0 if offset is None else round(1000 * weights.timezone_weight * (
            1 - hours_apart(mentee.offset, offset) / 12)) for offset in index.offsets]
    out = [zones[0]] if len(pool.mentors) == 1 else list(itemgetter(*index.offset_class)(zones))
    points = round(1000 * weights.language_weight)
    for j in {j for language in mentee.languages for j in index.by_language.get(language, ())}:
        out[j] += points
    if mentee.tags:
        shared: Counter[int] = Counter()
        for tag in mentee.tags:
            shared.update(index.by_tag.get(tag, ()))
        per_tag = 1000 * weights.tags_weight / len(mentee.tags)
        tag_points = [round(per_tag * count) for count in range(len(mentee.tags) + 1)]
        for j, count in shared.items():
            out[j] += tag_points[count]
    for j in pool.ruled_out[i]:
        out[j] = RULED_OUT
    return out


def row(pool: Pool, i: int) -> list[int | None]:
    """``scores`` with None where ruled out: the rows ``assign.optimal`` takes."""
    return [None if s == RULED_OUT else s for s in scores(pool, i)]


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


def top(values: list[int], count: int) -> list[int]:
    """The indices of the ``count`` highest values (best first, then lowest index), never one
    ruled out. A sort in C finds the threshold; only the few at or above it are sorted again."""
    if not values or count <= 0:
        return []
    threshold = max(sorted(values, reverse=True)[:count][-1], 0)
    chosen = [j for j, value in enumerate(values) if value >= threshold]
    return sorted(chosen, key=lambda j: (-values[j], j))[:count]


def best(pool: Pool, count: int) -> list[tuple[Mentee, list[Candidate]]]:
    """For each waiting mentee in queue order, up to ``count`` mentors: best score first, then by
    username."""
    return [(mentee, [candidate(pool, i, j) for j in top(scores(pool, i), count)])
            for i, mentee in enumerate(pool.mentees)]
