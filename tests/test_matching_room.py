"""A mentor's room and who waits when matching a round, over each pair's own dates (follow-up of
issue 13): early endings free a place from the day after, pairs of overlapping rounds count over
the overlap, and the queue is the waitlist's rule on the round's first day."""

from __future__ import annotations

from datetime import date

import pytest
from program_samples import small_program

from mentorship_bot.matching.candidates import pool, queue
from mentorship_bot.matching.propose import propose
from mentorship_bot.model import Program
from mentorship_bot.program.capacity import free_places, new_pair_dates, waitlist

# r1 and r2 overlap from March to June; r3 starts after both.
HEAD = """\
version: 1
program: {slug: eng, name: Eng, group: acme/mentoring, coordinators: [rosa],
          dashboard_project: acme/mentoring/dashboard, max_mentees_per_mentor: 2}
rounds:
  - {slug: r1, name: R1, starts: 2026-01-05, ends: 2026-06-30}
  - {slug: r2, name: R2, starts: 2026-03-02, ends: 2026-08-30}
  - {slug: r3, name: R3, starts: 2026-09-07, ends: 2026-11-29}
mentors: [{username: alice, name: A}, {username: bob, name: B, capacity: 1}]
mentees:
  - {username: m1, name: M}
  - {username: m2, name: M}
  - {username: m3, name: M}
  - {username: new, name: N, requested_on: 2026-02-01}
pairs:
"""


def program(pairs: str) -> Program:
    return small_program(HEAD + pairs)


def room(prog: Program, slug: str) -> dict[str, int]:
    found = pool(prog, prog.round(slug))
    return {m.username: free for m, free in zip(found.mentors, found.room, strict=True)}


FULL_IN_R1 = """\
  - {mentor: alice, mentee: m1, round: r1}
  - {mentor: alice, mentee: m2, round: r1}
"""


def test_pairs_in_an_overlapping_earlier_round_take_room_over_the_overlap() -> None:
    prog = program(FULL_IN_R1)
    # Alice has two r1 pairs to 2026-06-30, so a new r2 pair (from 2026-03-02) would be her
    # third at once; counting only r2's pairs gave her two places.
    assert room(prog, "r2") == {"bob": 1}
    assert free_places(prog, prog.round("r2")) == {"alice": 0, "bob": 1}
    assert [c.mentor for c in propose(prog, prog.round("r2")).entries[0][1]] == ["bob"]
    # One r1 pair: one place left in r2.
    one = program("  - {mentor: alice, mentee: m1, round: r1}\n")
    assert room(one, "r2") == {"alice": 1, "bob": 1}


def test_a_full_mentor_whose_pair_ended_early_has_room_again_from_the_day_after() -> None:
    ended = FULL_IN_R1.replace("mentee: m2, round: r1}",
                               "mentee: m2, round: r1, ended: {on: 2026-02-10, reason: left}}")
    assert room(program(ended), "r2") == {"alice": 1, "bob": 1}
    # Ended after r2 starts: both pairs still run on r2's first days, so no room in r2.
    late = ended.replace("2026-02-10", "2026-03-10")
    assert room(program(late), "r2") == {"bob": 1}


def test_a_mentor_whose_pairs_end_before_the_round_starts_has_full_room() -> None:
    prog = program(FULL_IN_R1 + "  - {mentor: bob, mentee: m3, round: r2}\n")
    assert room(prog, "r3") == {"alice": 2, "bob": 1}
    # The same pairs leave no room in r1 or r2: bob's r2 pair (capacity 1) overlaps r1 too.
    assert room(prog, "r1") == {} == room(prog, "r2")


def test_a_pair_with_its_own_dates_counts_only_over_them() -> None:
    # A late pair in r1, from 2026-07-01... is refused by validate; one that ends early by its
    # own ``ends`` is not: it frees its place from the day after.
    prog = program(FULL_IN_R1.replace("mentee: m2, round: r1}",
                                      "mentee: m2, round: r1, ends: 2026-02-27}"))
    assert room(prog, "r2") == {"alice": 1, "bob": 1}


def test_a_mentee_whose_pair_ended_early_as_not_a_fit_waits_again() -> None:
    pairs = """\
  - {mentor: alice, mentee: m1, round: r1, ended: {on: 2026-02-10, reason: not-a-fit}}
  - {mentor: alice, mentee: m2, round: r1, ended: {on: 2026-02-10, reason: left}}
  - {mentor: bob, mentee: m3, round: r1, ended: {on: 2026-03-10, reason: not-a-fit}}
"""
    prog = program(pairs)
    # m1 waits since the day after their pair ended (r1's end, 2026-06-30, kept them busy).
    # m2 left: not back in the queue. m3's pair still ran on r2's first day.
    assert [m.username for m in queue(prog, prog.round("r2"))] == ["new", "m1"]
    assert [(w.username, w.since) for w in waitlist(prog, prog.round("r2").starts)] == [
        ("new", date(2026, 2, 1)), ("m1", date(2026, 2, 11))]
    assert [m.username for m in queue(prog, prog.round("r3"))] == ["new", "m1", "m3"]
    # Alice's two pairs ended before r2, so she has room, but never for her former partner m1;
    # bob (capacity 1) still mentors m3 on r2's first days.
    candidates = {m.username: [c.mentor for c in found]
                  for m, found in propose(prog, prog.round("r2")).entries}
    assert candidates == {"new": ["alice"], "m1": []}
    assert room(prog, "r2") == {"alice": 2}


def test_the_queue_is_the_waitlist_on_the_rounds_first_day() -> None:
    prog = program(FULL_IN_R1.replace("mentee: m1, round: r1}", "mentee: m1, round: r1, "
                                      "ended: {on: 2026-02-10, reason: not-a-fit}}"))
    for round_ in prog.rounds:
        assert [m.username for m in queue(prog, round_)] == [
            w.username for w in waitlist(prog, round_.starts)]


def test_names_are_compared_ignoring_case() -> None:
    # Validate accepts a pair's names in any case; the loader gives the pair the people's own
    # spelling, so the room and the queue count it as theirs.
    prog = program("  - {mentor: Alice, mentee: M1, round: r1}\n"
                   "  - {mentor: ALICE, mentee: m2, round: r1}\n")
    assert room(prog, "r2") == {"bob": 1}
    assert [m.username for m in queue(prog, prog.round("r2"))] == ["new", "m3"]


def test_a_new_pair_in_a_rolling_round_runs_a_term_from_the_rounds_start() -> None:
    rolling = HEAD.replace(
        "  - {slug: r3, name: R3, starts: 2026-09-07, ends: 2026-11-29}\n",
        "  - {slug: r3, name: R3, starts: 2026-09-07, term: 3 months}\n")
    prog = small_program(rolling + "  - {mentor: bob, mentee: m3, round: r1}\n")
    assert new_pair_dates(prog.round("r3")) == (date(2026, 9, 7), date(2026, 12, 6))


@pytest.mark.parametrize("slug", ["r1", "r2", "r3"])
def test_the_room_never_lets_an_assignment_take_a_mentor_over_capacity(slug: str) -> None:
    pytest.importorskip("scipy")
    prog = program(FULL_IN_R1)
    chosen = [found[0].mentor for _, found in propose(prog, prog.round(slug), optimal=True).entries
              if found]
    places = free_places(prog, prog.round(slug))
    assert all(chosen.count(name) <= free for name, free in places.items())
