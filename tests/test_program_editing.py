"""Adding mentees and pairs to a program file changes only those lines: comments, order, quoting
and line breaks elsewhere stay byte for byte, and the result still validates."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorship_bot.program.editing import EditError, append_entries
from mentorship_bot.program.loader import validate_text

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "program.yml"


def added_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines the edit added and lines it removed."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return ([d[2:] for d in diff if d.startswith("+ ")],
            [d[2:] for d in diff if d.startswith("- ")])


def test_a_pair_added_to_the_example_program_is_the_only_change() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    pair = {"round": "autumn-2026", "mentor": "bashir", "mentee": "priya"}
    edited = append_entries(text, "pairs", [pair])
    added, removed = added_lines(text, edited)
    assert removed == []
    assert added == ["  - {round: autumn-2026, mentor: bashir, mentee: priya}"]
    program, problems = validate_text(edited, "program.yml")
    assert program is not None, problems
    assert any(p.mentor == "bashir" and p.mentee == "priya" and p.round == "autumn-2026"
               for p in program.pairs)


def test_a_mentee_is_added_in_the_block_style_of_the_others() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    mentee = {"username": "zoe", "name": "Zoe Park", "requested_on": date(2026, 11, 20)}
    edited = append_entries(text, "mentees", [mentee])
    added, removed = added_lines(text, edited)
    assert removed == []
    assert added == ["  - username: zoe", "    name: Zoe Park", "    requested_on: 2026-11-20"]
    index = edited.splitlines().index("  - username: zoe")
    assert edited.splitlines()[index + 3] != "  - username: zoe"  # placed before what follows
    data = yaml.safe_load(edited)
    assert data["mentees"][-1] == mentee
    assert [k for k in data] == [k for k in yaml.safe_load(text)]  # key order kept


def test_comments_after_the_list_stay_after_the_new_entries() -> None:
    text = ("version: 1\n"
            "pairs:\n"
            "  - mentor: alice   # the first\n"
            "    mentee: bob\n"
            "\n"
            "# Milestones below\n"
            "milestones: []\n")
    edited = append_entries(text, "pairs", [{"mentor": "carol", "mentee": "dan"}])
    assert edited == ("version: 1\n"
                      "pairs:\n"
                      "  - mentor: alice   # the first\n"
                      "    mentee: bob\n"
                      "  - mentor: carol\n"
                      "    mentee: dan\n"
                      "\n"
                      "# Milestones below\n"
                      "milestones: []\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("pairs: []\n", "pairs: [{mentor: a, mentee: b}]\n"),
    ("pairs: [{mentor: x, mentee: y}]\n",
     "pairs: [{mentor: x, mentee: y}, {mentor: a, mentee: b}]\n"),
    ("pairs:\n", "pairs:\n  - {mentor: a, mentee: b}\n"),
    ("pairs: ~  # none yet\nend: 1\n", "pairs:  # none yet\n  - {mentor: a, mentee: b}\nend: 1\n"),
    ("version: 1", "version: 1\npairs:\n  - {mentor: a, mentee: b}\n"),
    ("- [x]\n- [y]\n", None),
])
def test_every_shape_of_the_list(text: str, expected: str | None) -> None:
    entry = {"mentor": "a", "mentee": "b"}
    if expected is None:
        with pytest.raises(EditError):
            append_entries(text, "pairs", [entry])
        return
    assert append_entries(text, "pairs", [entry]) == expected


def test_text_that_looks_like_yaml_stays_a_value() -> None:
    hostile = "x}\n- {mentor: evil, mentee: root} # @all /close"
    text = "pairs:\n  - {mentor: a, mentee: b}\n"
    edited = append_entries(text, "pairs", [{"mentor": "c", "mentee": "d", "goal": hostile}])
    assert yaml.safe_load(edited)["pairs"] == [{"mentor": "a", "mentee": "b"},
                                               {"mentor": "c", "mentee": "d", "goal": hostile}]


def test_nothing_to_add_is_the_same_text() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert append_entries(text, "pairs", []) is text


names = st.from_regex(r"[a-z][a-z0-9_.-]{0,10}[a-z0-9]", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({"mentor": names, "mentee": names,
                                       "round": st.sampled_from(["spring-2026", "autumn-2026"])}),
                min_size=1, max_size=4))
def test_any_new_pairs_are_added_and_nothing_else_changes(pairs: list[dict[str, str]]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    edited = append_entries(text, "pairs", pairs)
    added, removed = added_lines(text, edited)
    assert removed == [] and len(added) == len(pairs)
    assert yaml.safe_load(edited)["pairs"][-len(pairs):] == pairs
