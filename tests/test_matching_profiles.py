"""Profiles in the program file (issue 13): validated, located, and read into the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mentorship_bot.model import Matching, normalise_tag
from mentorship_bot.program.loader import locate_usernames, validate_text

HEAD = """\
version: 1
program: {slug: eng, name: Eng, group: acme/mentoring, coordinators: [rosa],
          dashboard_project: acme/mentoring/dashboard}
rounds:
  - {slug: r1, name: R1, starts: 2026-01-05, ends: 2026-03-29}
pairs: []
"""


def check(people: str, strict: bool = False) -> list[str]:
    _, problems = validate_text(HEAD + people, "p.yml", strict=strict)
    return [p.format() for p in problems]


def test_every_profile_field_reaches_the_model() -> None:
    program, problems = validate_text(HEAD + """\
mentors:
  - {username: alice, name: Alice, skills: [Kubernetes], topics: [career growth],
     languages: [English, Deutsch], timezone: Europe/Berlin, capacity: 1, bio: Runs on-call.}
mentees:
  - {username: carol, name: Carol, interests: [kubernetes], languages: [English],
     timezone: America/Sao_Paulo, manager: rosa, requested_on: 2025-12-01}
matching:
  weights: {tags: 5, language: 0}
  different_department: true
  candidates: 2
""", "p.yml")
    assert program is not None, [p.format() for p in problems]
    alice, carol = program.mentors[0], program.mentees[0]
    assert (alice.topics, alice.languages, alice.timezone, alice.bio) == (
        ("career growth",), ("English", "Deutsch"), "Europe/Berlin", "Runs on-call.")
    assert (carol.timezone, carol.requested_on) == ("America/Sao_Paulo", date(2025, 12, 1))
    assert program.matching == Matching(tags_weight=5, timezone_weight=1, language_weight=0,
                                        different_department=True, candidates=2)


def test_without_a_matching_section_the_defaults_apply() -> None:
    program, _ = validate_text(HEAD + "mentors: []\nmentees: []\n", "p.yml")
    assert program is not None and program.matching == Matching()


def test_an_unknown_timezone_is_located_with_a_suggestion() -> None:
    assert check("mentors:\n  - {username: a, name: A, timezone: europe/berlin}\nmentees: []\n") \
        == ["p.yml:8:38: error: mentors[0].timezone: 'europe/berlin' is not an IANA time zone "
            "such as 'Europe/Berlin' or 'UTC' (did you mean 'Europe/Berlin'?)"]
    assert "not an IANA time zone" in check(
        "mentors: []\nmentees:\n  - {username: a, name: A, timezone: Mars/Olympus}\n")[0]


def test_a_tag_listed_twice_in_another_spelling_is_an_error_at_the_second() -> None:
    found = check("mentors:\n  - {username: a, name: A, skills: [Incident-Response, SQL, "
                  "incident_response]}\nmentees:\n"
                  "  - {username: b, name: B, languages: [English, english]}\n")
    assert found == [
        "p.yml:8:61: error: mentors[0].skills[2]: 'incident_response' is listed twice (as "
        "'Incident-Response'); tags are compared ignoring case, '-', '_' and spaces",
        "p.yml:10:49: error: mentees[0].languages[1]: 'english' is listed twice (as 'English'); "
        "tags are compared ignoring case, '-', '_' and spaces",
    ]


def test_a_manager_must_be_someone_in_the_file_and_not_the_mentee() -> None:
    people = ("mentors: [{username: alice, name: A}]\nmentees:\n"
              "  - {username: carol, name: C, manager: Carol}\n"
              "  - {username: dave, name: D, manager: zoe}\n"
              "  - {username: erin, name: E, manager: ALICE}\n")
    assert check(people) == [
        "p.yml:9:41: error: mentees[0].manager: 'carol' cannot be their own manager",
        "p.yml:10:40: warning: mentees[1].manager: the manager 'zoe' is not a coordinator, mentor "
        "or mentee of this file; check the spelling (plan and apply check that GitLab knows them)",
    ]
    assert check(people, strict=True)[1].startswith("p.yml:10:40: error:")


def test_bad_weights_and_matching_keys_are_located() -> None:
    found = check("mentors: []\nmentees: []\nmatching:\n  weights: {tag: 2, language: -1}\n"
                  "  candidates: 0\n  modes: coordinator\n")
    assert found == [
        "p.yml:10:12: error: matching.weights: unknown weight 'tag' (did you mean 'tags'?); "
        "expected tags, timezone, language",
        "p.yml:11:15: error: matching.candidates: expected a number from 1 to 20, got 0",
        "p.yml:12:3: error: matching.modes: unknown key (did you mean 'mode'?); expected one "
        "of weights, different_department, candidates, program_project, program_file, mode, "
        "intake_project, choose_within_days",
    ]


def test_the_intake_keys_reach_the_model() -> None:
    program, problems = validate_text(HEAD + """\
mentors: []
mentees: []
matching:
  mode: mentee-choice
  intake_project: acme/mentoring-intake
  program_project: acme/mentoring-program
  choose_within_days: 10
""", "p.yml")
    assert program is not None, [p.format() for p in problems]
    assert program.matching == Matching(mode="mentee-choice",
                                        intake_project="acme/mentoring-intake",
                                        program_project="acme/mentoring-program",
                                        choose_within_days=10)
    assert Matching().mode is None and Matching().choose_within_days == 14


def test_each_mode_needs_its_projects_located_at_the_mode() -> None:
    assert check("mentors: []\nmentees: []\nmatching:\n  mode: mentee-choice\n") == [
        "p.yml:10:9: error: matching.mode: mode mentee-choice needs matching.intake_project: "
        "the project where each waiting mentee chooses a mentor",
        "p.yml:10:9: error: matching.mode: mode mentee-choice needs matching.program_project: "
        "the project holding this file, where the sweep proposes the pairs by merge request",
    ]
    assert check("mentors: []\nmentees: []\nmatching:\n  mode: coordinator\n"
                 "  program_project: acme/p\n") == []
    assert check("mentors: []\nmentees: []\nmatching:\n  mode: chooser\n") == [
        "p.yml:10:9: error: matching.mode: expected one of mentee-choice, coordinator, "
        "got the text 'chooser'"]
    assert check("mentors: []\nmentees: []\nmatching:\n  mode: mentee-choice\n"
                 "  program_project: acme/p\n  intake_project: acme/mentoring/dashboard\n"
                 "  choose_within_days: 0\n") == [
        "p.yml:12:19: error: matching.intake_project: the intake project must not be the "
        "dashboard project: its Guests would read the dashboard",
        "p.yml:13:23: error: matching.choose_within_days: expected a number from 1 to 365, "
        "got 0",
    ]


@pytest.mark.parametrize(("written", "same"), [
    ("Incident-Response", "incident response"), ("  CI_CD ", "ci cd"),
    ("Straße", "strasse"), ("on -- call", "on call")])
def test_tags_are_normalised_for_case_and_spelling(written: str, same: str) -> None:
    assert normalise_tag(written) == same


def test_a_manager_gitlab_does_not_know_is_located_at_their_manager_key(tmp_path: Path) -> None:
    # plan, apply and sweep look up Program.usernames() in GitLab; managers are among them, and
    # each unknown one is an error located where the file names it (commands/users.py).
    path = tmp_path / "p.yml"
    path.write_text(HEAD + "mentors: []\nmentees:\n  - {username: carol, name: C, manager: zoe}\n")
    program, _ = validate_text(path.read_text(), str(path))
    assert program is not None and "zoe" in program.usernames()
    assert [p.format() for p in locate_usernames(path, ["zoe"], "{username!r} is not a GitLab "
                                                 "user")] == [
        f"{path}:9:41: error: mentees[0].manager: 'zoe' is not a GitLab user"]
