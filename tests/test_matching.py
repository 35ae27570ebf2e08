"""Matching (issue 13): who waits, the hard rules, scores and their words, the command."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from program_samples import small_program

from mentorship_bot.cli import main
from mentorship_bot.matching.candidates import pool, queue, row
from mentorship_bot.matching.propose import propose, target_round
from mentorship_bot.matching.score import Profile, hours_apart, reasons, score_parts, utc_offset
from mentorship_bot.model import Matching, Program, Round

HEAD = """\
version: 1
program: {slug: eng, name: Eng, group: acme/mentoring, coordinators: [rosa],
          dashboard_project: acme/mentoring/dashboard, max_mentees_per_mentor: 1}
rounds:
  - {slug: r1, name: R1, starts: 2026-01-05, ends: 2026-03-29}
  - {slug: r2, name: R2, starts: 2026-07-06, ends: 2026-11-29}
"""


def program(people: str, extra: str = "") -> Program:
    return small_program(HEAD + people + ("" if "pairs:" in people else "pairs: []\n") + extra)


def candidates(prog: Program, slug: str = "r2", count: int = 5) -> dict[str, list[str]]:
    proposal = propose(prog, prog.round(slug), candidates=count)
    return {m.username: [c.mentor for c in found] for m, found in proposal.entries}


def test_only_mentees_without_a_current_or_upcoming_pair_who_want_one_wait_in_request_order(
) -> None:
    prog = program("""\
mentors: [{username: alice, name: A}, {username: bob, name: B}, {username: cy, name: C}]
mentees:
  - {username: done, name: D}
  - {username: again, name: G, requested_on: 2026-05-20}
  - {username: later, name: L}
  - {username: new, name: N, requested_on: 2026-05-02}
  - {username: first, name: F, requested_on: 2026-04-30}
  - {username: never, name: V}
pairs:
  - {mentor: alice, mentee: done, round: r1}
  - {mentor: cy, mentee: again, round: r1}
  - {mentor: bob, mentee: later, round: r2}
""")
    # The waitlist's rule on the round's first day: ``done``'s pair ran its course and they did
    # not ask again, so they no longer wait (until 2026-12-01 the queue counted them); ``again``
    # asked after theirs.
    assert [m.username for m in queue(prog, prog.round("r2"))] == [
        "first", "new", "again", "never"]
    assert [m.username for m in queue(prog, prog.round("r1"))] == ["first", "new", "never"]


def test_the_hard_rules_rule_out_self_manager_former_partner_full_and_same_department() -> None:
    people = """\
mentors:
  - {username: alice, name: A, department: SRE}
  - {username: bob, name: B}
  - {username: carol, name: C}
  - {username: dan, name: D, department: Data}
  - {username: eve, name: E, capacity: 0}
mentees:  # both asked again after their r1 pair
  - {username: carol, name: Carol as mentee, manager: bob, department: sre,
     requested_on: 2026-04-01}
  - {username: fay, name: F, requested_on: 2026-04-02}
pairs:
  - {mentor: dan, mentee: carol, round: r1}
  - {mentor: alice, mentee: fay, round: r1}
"""
    assert candidates(program(people)) == {"carol": ["alice"], "fay": ["bob", "carol", "dan"]}
    strict = program(people, "matching: {different_department: true}\n")
    assert candidates(strict) == {"carol": [], "fay": ["bob", "carol", "dan"]}


def test_a_mentor_with_the_round_full_is_never_proposed() -> None:
    prog = program("""\
mentors: [{username: alice, name: A}, {username: bob, name: B, capacity: 2}]
mentees: [{username: m1, name: M}, {username: m2, name: M}, {username: m3, name: M}]
pairs:
  - {mentor: alice, mentee: m1, round: r2}
  - {mentor: bob, mentee: m2, round: r2}
""")
    assert candidates(prog) == {"m3": ["bob"]}
    assert dict(zip([m.username for m in pool(prog, prog.round("r2")).mentors],
                    pool(prog, prog.round("r2")).room, strict=True)) == {"bob": 1}


def test_scores_say_why_in_words() -> None:
    prog = program("""\
mentors:
  - {username: alice, name: A, department: SRE, skills: [Kubernetes, Observability],
     topics: [career-growth], languages: [English], timezone: Europe/Berlin}
  - {username: bob, name: B, department: Data, skills: [kubernetes], timezone: Asia/Tokyo}
mentees:
  - {username: mo, name: M, department: Data, interests: [kubernetes, observability, SQL],
     languages: [english], timezone: Europe/London}
""")
    proposal = propose(prog, prog.round("r2"))
    (_, (alice, bob)), = proposal.entries
    assert "; ".join(alice.reasons) == \
        "shares Kubernetes, Observability; 1 hour apart; both speak English; another department"
    assert (alice.parts.tags, alice.parts.timezone, alice.parts.language) == (2000, 917, 1000)
    assert "; ".join(bob.reasons) == "shares kubernetes; 8 hours apart; same department"
    assert bob.milli == 1000 + 333


def test_hours_apart_follow_summer_time_on_the_round_start() -> None:
    assert utc_offset("Europe/London", date(2026, 1, 5)) == 0
    assert utc_offset("Europe/London", date(2026, 7, 6)) == 1
    assert hours_apart(utc_offset("Asia/Kolkata", date(2026, 1, 5)) or 0, 0) == 5.5
    assert hours_apart(utc_offset("Asia/Kolkata", date(2026, 7, 6)) or 0, 1) == 4.5
    assert hours_apart(-10, 13) == 1  # Honolulu and Auckland: across the date line


def test_candidates_are_best_first_then_by_username_and_as_many_as_asked() -> None:
    prog = program("""\
mentors:
  - {username: zed, name: Z, skills: [go]}
  - {username: amy, name: A, skills: [go]}
  - {username: kim, name: K}
  - {username: bea, name: B, skills: [go, rust]}
mentees: [{username: mo, name: M, interests: [go, rust]}]
""")
    assert candidates(prog, count=3) == {"mo": ["bea", "amy", "zed"]}
    assert candidates(prog, count=1) == {"mo": ["bea"]}


def test_the_default_round_is_the_one_that_starts_last() -> None:
    prog = program("mentors: []\nmentees: []\n")
    assert target_round(prog, None) == prog.round("r2")
    assert target_round(prog, "R1") == prog.round("r1")
    assert target_round(prog, "r9") is None


ROUND = Round("r", "R", date(2026, 1, 5), date(2026, 3, 29))
tags = st.lists(st.sampled_from(["go", "Go", "rust", "k8s", "SQL", "sql_", "on-call"]),
                max_size=4)
zones = st.sampled_from([None, 0.0, 1.0, 5.5, -8.0, 12.0, 13.0])


def _profile(name: str, items: list[str], langs: list[str], offset: float | None) -> Profile:
    from mentorship_bot.matching.score import _spellings

    return Profile(name, _spellings(tuple(items)), _spellings(tuple(langs)), offset, "")


@settings(max_examples=200, deadline=None)
@given(tags, tags, tags, tags, zones, zones,
       st.tuples(*[st.sampled_from([0, 0.5, 1, 3, 100])] * 3))
def test_the_fast_row_scores_exactly_as_score_parts(
    wants: list[str], has: list[str], l1: list[str], l2: list[str], z1: float | None,
    z2: float | None, weights: tuple[float, float, float],
) -> None:
    rules = Matching(*weights)
    mentee, mentor = _profile("m", wants, l1, z1), _profile("x", has, l2, z2)
    from mentorship_bot.matching.candidates import Pool

    one = Pool(ROUND, rules, (), (mentee,), (mentor,), (1,), (frozenset(),))
    assert row(one, 0) == [score_parts(mentee, mentor, rules).milli]
    assert reasons(mentee, mentor)  # always says something


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["match", "config/program.yml", *args])
    return result.exit_code, result.output


def test_the_command_on_the_example() -> None:
    code, out = _run()
    assert code == 0
    # ines's spring pair ran its course and she did not ask again: she does not wait.
    assert "round autumn-2026 (starts 2026-08-03): 3 mentees waiting" in out
    assert ("  1. bashir  4.917  shares application security, observability; 1 hour apart; "
            "both speak English; another department") in out
    code, out = _run("--format", "json", "--candidates", "1")
    data = json.loads(out[out.index("{"):])
    assert code == 0 and data["mode"] == "candidates"
    assert {len(m["candidates"]) for m in data["mentees"]} == {1}
    assert [m["mentee"] for m in data["mentees"]] == ["priya", "jonas", "kemal"]
    assert data["mentees"][1]["candidates"][0]["parts"] == {
        "tags": 3.0, "timezone": 0.917, "language": 1.0}


def test_the_command_is_deterministic_and_refuses_an_unknown_round() -> None:
    assert _run("--format", "json") == _run("--format", "json")
    code, out = _run("--round", "autum-2026", "--format", "json")
    assert code == 2
    assert json.loads(out[out.index("{"):])["error"] == (
        "no round 'autum-2026' in config/program.yml (did you mean 'autumn-2026'?); its rounds "
        "are spring-2026, autumn-2026")


def test_markdown_disarms_tags(tmp_path: object) -> None:
    prog = program("""\
mentors: [{username: alice, name: A, skills: ["@all /close"]}]
mentees: [{username: mo, name: M, interests: ["@all /close"]}]
""")
    from mentorship_bot.matching.output import as_markdown

    text = as_markdown(propose(prog, prog.round("r2")))
    assert "| mo | alice | 3.000 | shares @\u2060all /close; time zone unknown |" in text
    assert "@all" not in text


@given(st.lists(st.integers(-1, 20)), st.integers(0, 6))
def test_top_is_the_best_first_then_by_mentor_order_never_a_ruled_out_one(
    values: list[int], count: int,
) -> None:
    from mentorship_bot.matching.candidates import top

    naive = sorted((j for j, v in enumerate(values) if v >= 0), key=lambda j: (-values[j], j))
    assert top(values, count) == naive[:count]
