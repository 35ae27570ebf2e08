"""GitLab's rules for paths, names and lengths: validate catches what the program file could break,
and what the bot derives (pair paths, group descriptions) is always valid."""

from __future__ import annotations

import re
import textwrap
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from test_loader import BASE

from mentorship_bot.model import pair_slug
from mentorship_bot.program.fields import group_name_problem, path_problem
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.program_objects import MAX_GROUP_DESCRIPTION
from mentorship_bot.render.templates import TemplateSet

# lib/gitlab/regex.rb, oci_repository_path_regex
GITLAB_PATH = re.compile(r"\A[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*\Z")
USERNAMES = st.from_regex(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}\Z")


def check(text: str) -> list[str]:
    _, problems = validate_text(textwrap.dedent(text), "program.yml")
    return [p.format() for p in problems if p.severity == "error"]


@given(USERNAMES, USERNAMES)
def test_a_pair_path_is_always_a_valid_gitlab_path_or_empty(mentee: str, mentor: str) -> None:
    slug = pair_slug(mentee, mentor)
    assert slug == "" or GITLAB_PATH.match(slug), slug
    assert (path_problem(slug) is None) == bool(slug)


def test_usernames_ending_in_underscore_give_a_valid_path() -> None:
    assert pair_slug("jane_", "bob") == "jane-bob"
    assert pair_slug("_x.y__", "Bob.Smith") == "x-y-bob-smith"


def test_a_pair_whose_path_would_be_empty_is_located() -> None:
    text = BASE.replace("username: carol", "username: _").replace("mentee: carol", "mentee: _")
    text = text.replace("username: alice", "username: __").replace("mentor: alice", "mentor: __")
    assert check(text) == [
        "program.yml:23:5: error: pairs[0]: this pair's project path '' is not valid: "
        "a path cannot be empty"
    ]


def test_two_usernames_that_differ_only_in_punctuation_collide() -> None:
    text = BASE.replace("username: dave", "username: carol_") + (
        "  - mentor: alice\n    mentee: carol_\n    round: spring-2026\n"
    )
    [message] = check(text)
    assert "project path 'carol-alice' is the same as the pair on line 23" in message


def test_round_names_must_be_group_names() -> None:
    text = BASE.replace("name: Spring 2026", "name: 'Spring/Summer: SRE'")
    assert check(text) == [
        "program.yml:9:11: error: rounds[0].name: 'Spring/Summer: SRE' cannot name a GitLab group: "
        "a "
        "group name may contain only letters, digits, emoji, '_', '.', dashes, spaces and "
        "parentheses, not '/'"
    ]
    assert group_name_problem("Spring 2026 (SRE) – cohort 1") is None
    assert group_name_problem("Frühling 2026 🌱") is None
    assert group_name_problem("-spring") is not None
    assert group_name_problem("Q1 & Q2") is not None


def test_sibling_rounds_need_distinct_names() -> None:
    text = BASE.replace(
        "mentors:",
        "  - slug: spring-b\n    name: spring 2026\n    starts: 2026-01-05\n"
        "    ends: 2026-06-30\nmentors:",
    )
    assert check(text) == [
        "program.yml:13:11: error: rounds[1].name: round name 'spring 2026' is used by the round "
        "on "
        "line 9; each round names a GitLab group, and sibling groups need distinct names"
    ]


def test_a_progress_title_longer_than_gitlab_allows_is_located() -> None:
    long = "m" * 120  # a 242-character path, a 256-character title
    text = BASE.replace("username: carol", f"username: {long}").replace(
        "mentee: carol", f"mentee: {long}"
    ).replace("username: alice", f"username: a{long}").replace("mentor: alice", f"mentor: a{long}")
    [message] = check(text)
    assert message.startswith("program.yml:23:5: error: pairs[0]: this pair's Progress issue title")
    assert "GitLab allows 255" in message


def test_a_long_round_description_is_cut_to_gitlab_s_limit() -> None:
    text = BASE.replace("name: Engineering Mentoring", "name: " + "E" * 200).replace(
        "name: Spring 2026", "name: " + "S" * 200
    )
    program, problems = validate_text(text, "program.yml")
    assert program is not None, problems
    state = desired_state(program, date(2026, 1, 5), TemplateSet())
    [group] = state.groups
    assert len(group.description) == MAX_GROUP_DESCRIPTION
    assert group.description.endswith("…")
