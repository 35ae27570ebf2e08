"""Validation of program files: every problem the issue lists, located and worded for a person."""

from __future__ import annotations

import gc
import textwrap
from datetime import date
from pathlib import Path

import pytest

from mentorship_bot.errors import Problem, ProgramError
from mentorship_bot.model import BIWEEKLY, Cadence, Due, expand_milestones
from mentorship_bot.program.loader import load_program, validate_file, validate_text

BASE = """\
version: 1
program:
  slug: eng
  name: Engineering Mentoring
  group: acme/mentoring
  coordinators: [rosa]
rounds:
  - slug: spring-2026
    name: Spring 2026
    starts: 2026-01-05
    ends: 2026-06-30
mentors:
  - username: alice
    name: Alice
  - username: bob
    name: Bob
mentees:
  - username: carol
    name: Carol
  - username: dave
    name: Dave
pairs:
  - mentor: alice
    mentee: carol
    round: spring-2026
"""


NO_DASHBOARD = "no dashboard_project"


def shown(problems: list[Problem]) -> list[Problem]:
    """``problems`` but the warning that BASE has no dashboard project (tested on its own in
    tests/test_first_hour_validate.py; BASE keeps its line numbers without the key)."""
    return [p for p in problems if NO_DASHBOARD not in p.message]


def check(text: str, **kwargs: object) -> list[str]:
    """Every problem of ``text`` as the CLI prints it (but the dashboard warning)."""
    _, problems = validate_text(textwrap.dedent(text), "program.yml", **kwargs)  # type: ignore[arg-type]
    return [p.format() for p in shown(problems)]


def test_the_base_program_is_valid() -> None:
    program, problems = validate_text(BASE, "program.yml")
    assert shown(problems) == []
    assert program is not None
    assert program.rounds[0].cadence == BIWEEKLY
    assert program.completion_threshold == 0.8
    assert [m.key for m in program.milestones] == [
        "kickoff",
        "goal",
        "meeting",
        "midpoint",
        "final",
    ]


def test_the_shipped_example_is_valid_with_one_warning() -> None:
    program, problems = validate_file("config/program.yml")
    assert program is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "mentor 'alice' has 3 mentees at once on 2026-08-03, over their capacity of 2" in (
        problems[0].message
    )
    assert {r.ends for r in program.rounds} == {date(2026, 6, 30), date(2027, 1, 31)}
    paired = {p.mentee for p in program.pairs}
    assert [m.username for m in program.mentees if m.username not in paired] == ["priya"]


def test_strict_makes_the_soft_limit_an_error() -> None:
    program, problems = validate_file("config/program.yml", strict=True)
    assert program is None
    assert [p.severity for p in problems] == ["error"]


def test_unknown_reference_suggests_the_closest_name() -> None:
    text = BASE.replace(
        "  - mentor: alice\n    mentee: carol", "  - mentor: alise\n    mentee: carol"
    )
    assert check(text) == [
        "program.yml:23:13: error: pairs[0].mentor: 'alise' is not a mentor (did you mean 'alice'?)"
    ]


def test_unknown_round_and_mentee() -> None:
    text = BASE.replace(
        "mentee: carol\n    round: spring-2026", "mentee: zed\n    round: sprng-2026"
    )
    assert check(text) == [
        "program.yml:24:13: error: pairs[0].mentee: 'zed' is not a mentee",
        "program.yml:25:12: error: pairs[0].round: 'sprng-2026' is not a round (did you mean "
        "'spring-2026'?)",
    ]


def test_yaml_syntax_error_is_located() -> None:
    assert check("version: 1\nprogram: [unclosed\n") == [
        "program.yml:3:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence)"
    ]


def test_duplicate_keys_are_errors_not_silently_last_wins() -> None:
    text = BASE.replace(
        "  name: Engineering Mentoring\n", "  name: Engineering Mentoring\n  name: Other\n"
    )
    assert check(text) == [
        "program.yml:5:3: error: program.name: duplicate key 'name' (first given on line 4); YAML "
        "would "
        "silently keep only the last one"
    ]


@pytest.mark.parametrize("content", [b"", b"   \n", b"# only a comment\n"])
def test_empty_file(content: bytes) -> None:
    _, problems = validate_text(content, "program.yml")
    assert [p.message for p in shown(problems)] == [
        "the file is empty: expected a program mapping with version, program, rounds, mentors, "
        "mentees and pairs"
    ]


def test_non_utf8_file_is_located() -> None:
    _, problems = validate_text(b"version: 1\nprogram:\n  name: Caf\xe9\n", "program.yml")
    assert [p.format() for p in shown(problems)] == [
        "program.yml:3:12: error: the file is not valid UTF-8 (byte 0xe9 at offset 31); save it as "
        "UTF-8"
    ]


def test_unknown_keys_get_a_suggestion() -> None:
    text = BASE.replace("    ends: 2026-06-30\n", "    ends: 2026-06-30\n    cadense: weekly\n")
    text = text.replace("version: 1\n", "version: 1\nmentor: []\n")
    assert check(text) == [
        "program.yml:2:1: error: mentor: unknown top-level key (did you mean 'mentors'?); expected "
        "version, program, rounds, mentors, mentees, pairs, milestones, matching, feedback",
        "program.yml:13:5: error: rounds[0].cadense: unknown key (did you mean 'cadence'?); "
        "expected one "
        "of slug, name, starts, ends, cadence, meeting_minutes, format, term",
    ]


def test_wrong_types() -> None:
    text = BASE.replace("coordinators: [rosa]", "coordinators: {rosa: 1}").replace(
        "    name: Alice\n", "    name: Alice\n    capacity: two\n"
    )
    assert check(text) == [
        "program.yml:6:17: error: program.coordinators: expected a list of texts, got a mapping",
        "program.yml:15:15: error: mentors[0].capacity: expected a whole number, got the text "
        "'two'",
    ]


def test_missing_required_keys() -> None:
    text = BASE.replace("    name: Spring 2026\n", "").replace("pairs:\n", "pairs:\n  - {}\n")
    messages = check(text)
    assert "program.yml:8:5: error: rounds[0]: missing the required key 'name'" in messages
    assert "program.yml:22:5: error: pairs[0]: missing the required key 'mentor'" in messages


def test_bad_and_impossible_dates() -> None:
    text = BASE.replace("starts: 2026-01-05", "starts: 2026-02-30").replace(
        "ends: 2026-06-30", "ends: June 30"
    )
    assert check(text) == [
        "program.yml:10:13: error: rounds[0].starts: 2026-02-30 is not a real date (day is out of "
        "range "
        "for month)",
        "program.yml:11:11: error: rounds[0].ends: expected a date such as 2026-03-01 "
        "(YYYY-MM-DD), got "
        "the text 'June 30'",
    ]


def test_round_that_ends_before_it_starts() -> None:
    text = BASE.replace("ends: 2026-06-30", "ends: 2025-12-31")
    assert check(text) == [
        "program.yml:11:11: error: rounds[0].ends: the round ends (2025-12-31) before or on the "
        "day it "
        "starts (2026-01-05)"
    ]


def test_round_longer_than_six_months_is_a_warning() -> None:
    program, problems = validate_text(BASE.replace("ends: 2026-06-30", "ends: 2026-09-30"), "p.yml")
    assert program is not None
    assert [p.format() for p in shown(problems)] == [
        "p.yml:11:11: warning: rounds[0].ends: the round lasts about 8 months; the handbooks cap "
        "a mentorship at 6 months so that people rotate"
    ]


def test_username_listed_twice_case_insensitively() -> None:
    text = BASE.replace("  - username: bob\n", "  - username: Alice\n")
    assert check(text) == [
        "program.yml:15:15: error: mentors[1].username: mentor 'Alice' is listed twice (first on "
        "line 13)"
    ]


def test_a_pair_names_its_round_and_people_in_any_case_and_gets_their_spelling() -> None:
    """GitLab's usernames and paths ignore case, and so do the references: ``Alice`` is the
    mentor ``alice``. The pair then carries the declared spelling, so its project path, its
    texts and every later lookup are those of the one mentor (these crashed validate and plan)."""
    text = BASE.replace("  - mentor: alice\n    mentee: carol\n    round: spring-2026",
                        "  - mentor: Alice\n    mentee: CAROL\n    round: Spring-2026\n"
                        "    ends: 2026-05-01")
    program, problems = validate_text(text, "program.yml")
    assert program is not None and shown(problems) == []
    (pair,) = program.pairs
    assert (pair.mentor, pair.mentee, pair.round, pair.slug) == (
        "alice", "carol", "spring-2026", "carol-alice")
    from mentorship_bot.provision.desired_state import desired_state
    from mentorship_bot.render.templates import TemplateSet

    state = desired_state(program, date(2026, 2, 1), TemplateSet(program.templates))
    assert [p.full_path for p in state.projects] == ["acme/mentoring/spring-2026/carol-alice"]
    assert all(i.description for i in state.issues)  # every text renders


def test_mentee_paired_twice_in_one_round() -> None:
    text = BASE + "  - {mentor: bob, mentee: carol, round: spring-2026}\n"
    assert check(text) == [
        "program.yml:26:27: error: pairs[1].mentee: mentee 'carol' would have two pairs at once "
        "in round 'spring-2026': the pair on line 23 runs to 2026-06-30; a rematch starts after "
        "the first pair's end or its 'ended: {on: ...}'"
    ]


def test_mentor_over_soft_limit_is_a_warning_and_strict_error() -> None:
    text = BASE + "  - {mentor: alice, mentee: dave, round: spring-2026}\n"
    text = text.replace("  max", "").replace(
        "  coordinators: [rosa]\n", "  coordinators: [rosa]\n  max_mentees_per_mentor: 1\n"
    )
    assert check(text) == [
        "program.yml:27:14: warning: pairs[1].mentor: mentor 'alice' has 2 mentees at once "
        "on 2026-01-05, over the program's soft limit of 1"
    ]
    assert check(text, strict=True) == [
        "program.yml:27:14: error: pairs[1].mentor: mentor 'alice' has 2 mentees at once "
        "on 2026-01-05, over the program's soft limit of 1"
    ]


@pytest.mark.parametrize(
    ("slug", "why"),
    [
        ("-spring", "must start and end with a letter or a digit"),
        ("spring_", "must start and end with a letter or a digit"),
        ("_spring", "must start and end with a letter or a digit"),
        ("spring.git", "cannot end in .git or .atom"),
        ("spring 2026", "may contain only letters, digits"),
        ("spring--2026", "two special characters"),
    ],
)
def test_slugs_must_be_valid_gitlab_paths(slug: str, why: str) -> None:
    text = BASE.replace("slug: spring-2026", f"slug: '{slug}'").replace(
        "round: spring-2026", f"round: '{slug}'"
    )
    messages = check(text)
    assert len(messages) == 2  # the round's slug, and the pair that names it
    assert messages[0].startswith(
        f"program.yml:8:11: error: rounds[0].slug: '{slug}' is not a valid GitLab path"
    )
    assert messages[1].startswith(
        f"program.yml:25:12: error: pairs[0].round: '{slug}' is not a valid")
    assert why in messages[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0%", "expected more than 0% and at most 100%, got 0%"),
        ("120%", "expected more than 0% and at most 100%, got 120%"),
        ("80", "expected a percentage such as 80% (or a fraction such as 0.8), got the number 80"),
        ("-0.5", "expected more than 0% and at most 100%, got -50%"),
    ],
)
def test_threshold_outside_zero_to_hundred(value: str, message: str) -> None:
    text = BASE.replace(
        "  coordinators: [rosa]\n", f"  coordinators: [rosa]\n  completion_threshold: {value}\n"
    )
    assert check(text) == [f"program.yml:7:25: error: program.completion_threshold: {message}"]


def test_threshold_as_fraction_or_percent() -> None:
    for value, expected in (("0.75", 0.75), ("75%", 0.75), ("100%", 1.0)):
        program, _ = validate_text(
            BASE.replace(
                "  coordinators: [rosa]\n",
                f"  coordinators: [rosa]\n  completion_threshold: {value}\n",
            )
        )
        assert program is not None and program.completion_threshold == expected


def test_yaml_11_booleans_keep_their_text_in_text_fields() -> None:
    text = BASE.replace("    name: Bob\n", "    name: No\n")
    program, problems = validate_text(text)
    assert shown(problems) == [] and program is not None
    assert program.mentor("bob").name == "No"


def test_milestone_plan_parsing_and_errors() -> None:
    text = BASE + textwrap.dedent("""\
        milestones:
          - {key: kickoff, title: Kickoff, template: kickoff, due: 1w}
          - {key: meeting, title: Meeting, template: meeting, repeat: cadence}
          - {key: review, title: Review, template: midpoint, repeat: {every: 10d}}
          - {key: final, title: Final, template: final, due: -7d}
          - {key: half, title: Half, template: midpoint, due: 50%}
        """)
    program, problems = validate_text(text)
    assert shown(problems) == [] and program is not None
    plans = {m.key: m for m in program.milestones}
    assert plans["kickoff"].due == Due("from_start", days=7)
    assert plans["meeting"].repeat_round_cadence
    assert plans["review"].repeat == Cadence(days=10)
    assert plans["final"].due == Due("from_end", days=7)
    assert plans["half"].due == Due("fraction", fraction=0.5)

    bad = BASE + textwrap.dedent("""\
        milestones:
          - {key: kickoff, title: Kickoff, template: kickoff}
          - {key: kickoff, title: Again, template: kickoff, due: soon}
          - {key: meeting, title: Meeting, template: meeting, repeat: fortnightly}
        """)
    assert check(bad) == [
        "program.yml:27:5: error: milestones[0]: a milestone needs exactly one of 'due' (a "
        "one-off) or "
        "'repeat' (such as repeat: cadence)",
        "program.yml:28:11: error: milestones[1].key: milestone 'kickoff' is listed twice (first "
        "on "
        "line 27)",
        "program.yml:28:58: error: milestones[1].due: expected an offset such as 14d or 3w (after "
        "the "
        "start), -7d (before the end) or 50% (of the round), got the text 'soon'",
        "program.yml:29:63: error: milestones[2].repeat: expected 'cadence' (the round's own), "
        "weekly, "
        "biweekly, monthly or 'every: Nd', got the text 'fortnightly'",
    ]


def test_a_milestone_outside_its_round_is_a_warning() -> None:
    text = BASE + "milestones:\n  - {key: late, title: Late, template: final, due: 300d}\n"
    program, problems = validate_text(text)
    assert program is not None
    assert [p.format() for p in shown(problems)] == [
        "<program>:27:52: warning: milestones[0].due: in round 'spring-2026' this milestone falls "
        "on 2026-11-01, outside the round (2026-01-05 to 2026-06-30)"
    ]


def test_unknown_template_is_located_at_the_milestone() -> None:
    text = BASE + "milestones:\n  - {key: kickoff, title: K, template: kickof, due: 1w}\n"
    messages = check(text)
    assert len(messages) == 1
    assert messages[0].startswith(
        "program.yml:27:40: error: milestones[0].template: no template named 'kickof' (templates: "
    )


def test_missing_templates_directory(tmp_path: Path) -> None:
    path = tmp_path / "program.yml"
    path.write_text(
        BASE.replace("  coordinators: [rosa]\n", "  coordinators: [rosa]\n  templates: mine/\n")
    )
    _, problems = validate_file(path)
    assert [p.message for p in shown(problems)] == [f"no such directory: {tmp_path / 'mine'}"]


def test_anchors_merge_keys_and_self_reference() -> None:
    text = BASE.replace(
        "mentors:\n  - username: alice\n    name: Alice\n",
        "mentors:\n  - &a {username: alice, name: Alice, department: Platform}\n",
    )
    text = text.replace("  - username: bob\n    name: Bob\n", "  - <<: *a\n    username: bob\n")
    program, problems = validate_text(text)
    assert shown(problems) == [] and program is not None
    assert program.mentor("bob").department == "Platform"
    assert program.mentor("bob").name == "Alice"


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join([f'*{prev}'] * 10)}]\n"
    messages = check(bomb)
    assert messages == [
        "program.yml:1:1: error: the document expands to more than 2,000,000 values "
        "through aliases; write the values out"
    ]


def test_load_program_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text(
        BASE.replace("alice\n    mentee", "zed\n    mentee").replace(
            "ends: 2026-06-30", "ends: 2020-01-01"
        )
    )
    with pytest.raises(ProgramError) as caught:
        load_program(path)
    assert len([p for p in caught.value.problems if p.severity == "error"]) == 2


@pytest.mark.parametrize("path", ["does-not-exist.yml", "."])
def test_unreadable_paths(path: str) -> None:
    _, problems = validate_file(path)
    assert len(problems) == 1 and problems[0].line == 1


def test_a_milestones_assignee_is_who_drives_it_mentee_by_default() -> None:
    text = BASE + textwrap.dedent("""\
        milestones:
          - {key: kickoff, title: Kickoff, template: kickoff, due: 1w}
          - {key: meeting, title: Meeting, template: meeting, repeat: cadence, assignee: both}
          - {key: final, title: Final, template: final, due: -7d, assignee: mentor}
        """)
    program, problems = validate_text(text)
    assert shown(problems) == [] and program is not None
    assert [m.assignee for m in program.milestones] == ["mentee", "both", "mentor"]
    assert {o.key: o.assignee for o in expand_milestones(program, program.rounds[0])} == {
        "kickoff": "mentee", "meeting": "both", "final": "mentor"}
    assert {m.assignee for m in validate_text(BASE)[0].milestones} == {"mentee"}  # type: ignore[union-attr]
    wrong = text.replace("assignee: mentor", "assignee: coordinator")
    assert check(wrong) == [
        "program.yml:29:69: error: milestones[2].assignee: expected one of mentee, mentor, both, "
        "got the "
        "text 'coordinator'"]


def test_reading_pauses_the_cycle_collector_and_restores_it_even_on_errors() -> None:
    seen: list[bool] = []

    def templates(_: Path | None) -> object:
        seen.append(gc.isenabled())
        from mentorship_bot.render.templates import TemplateSet
        return TemplateSet()

    program, _ = validate_text(BASE, "program.yml", template_set=templates)
    assert program is not None and seen == [False] and gc.isenabled()
    assert validate_text("pairs: [", "program.yml")[0] is None and gc.isenabled()
    gc.disable()
    try:  # a caller's own pause is left as it was
        validate_text(BASE, "program.yml")
        assert not gc.isenabled()
    finally:
        gc.enable()
