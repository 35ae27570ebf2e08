"""``match --assign``: optimal against brute force, within capacity, and honest without SciPy."""

from __future__ import annotations

import itertools
import json
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_matching import program

from mentorship_bot.cli import main
from mentorship_bot.matching.assign import optimal
from mentorship_bot.matching.propose import propose

pytest.importorskip("scipy")


def brute_force(values: list[list[int | None]], room: list[int]) -> tuple[int, int]:
    """The best (pairs, total score) over every way to give each row one column or none."""
    best = (0, 0)
    for choice in itertools.product(*[[None, *range(len(room))] for _ in values]):
        if any(choice.count(j) > room[j] for j in range(len(room))):
            continue
        if any(j is not None and values[i][j] is None for i, j in enumerate(choice)):
            continue
        picked = [values[i][j] for i, j in enumerate(choice) if j is not None]
        best = max(best, (len(picked), sum(v for v in picked if v is not None)))
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[list[int | None]], list[int]]:
    mentors = draw(st.integers(1, 3))
    mentees = draw(st.integers(0, 5))
    cell = st.one_of(st.none(), st.integers(0, 5000), st.sampled_from([0, 1000, 2000]))
    values = [draw(st.lists(cell, min_size=mentors, max_size=mentors)) for _ in range(mentees)]
    return values, draw(st.lists(st.integers(0, 3), min_size=mentors, max_size=mentors))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_the_assignment_is_optimal_and_within_capacity(
    instance: tuple[list[list[int | None]], list[int]],
) -> None:
    values, room = instance
    chosen = optimal(values, room)
    assert all(chosen.count(j) <= room[j] for j in range(len(room)))
    assert all(j is None or values[i][j] is not None for i, j in enumerate(chosen))
    picked = [values[i][j] for i, j in enumerate(chosen) if j is not None]
    assert (len(picked), sum(v or 0 for v in picked)) == brute_force(values, room)
    assert optimal(values, room) == chosen  # the same input, the same answer


def test_more_pairs_beat_a_higher_total() -> None:
    # One mentor fits both mentees best; the other fits only the first, badly: both get a mentor.
    assert optimal([[5000, 1], [4000, None]], [1, 1]) == [1, 0]


def test_the_example_assignment() -> None:
    result = CliRunner().invoke(main, ["match", "config/program.yml", "--assign",
                                       "--format", "json"])
    data = json.loads(result.output[result.output.index("{"):])
    assert result.exit_code == 0
    assert {m["mentee"]: m["mentor"]["mentor"] for m in data["mentees"]} == {
        "priya": "chen.wei", "jonas": "bashir", "kemal": "chen.wei"}
    assert (data["assigned"], data["total_score"]) == (3, 10.542)


def test_a_full_program_assigns_within_each_mentors_room() -> None:
    prog = program("""\
mentors: [{username: alice, name: A, skills: [go], capacity: 2}, {username: bob, name: B}]
mentees:
  - {username: m1, name: M, interests: [go]}
  - {username: m2, name: M, interests: [go]}
  - {username: m3, name: M, interests: [go]}
  - {username: m4, name: M, interests: [go], manager: bob}
""")
    proposal = propose(prog, prog.round("r2"), optimal=True)
    got = {m.username: found[0].mentor if found else None for m, found in proposal.entries}
    assert sorted(got.values(), key=str) == [None, "alice", "alice", "bob"]
    assert got["m4"] != "bob"  # bob manages m4


def test_without_scipy_assign_exits_2_and_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    result = CliRunner().invoke(main, ["match", "config/program.yml", "--assign",
                                       "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.output[result.output.index("{"):])["error"]
    assert error == ("--assign needs SciPy for an optimal assignment; install it with "
                     "pip install 'mentorship-bot[match]' (or pip install scipy)")
    plain = CliRunner().invoke(main, ["match", "config/program.yml"])
    assert plain.exit_code == 0  # the candidates need no SciPy
