"""The neutraliser: text from the program file must not act in GitLab, and must read the same."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorship_bot.render.neutralise import WORD_JOINER, neutralise, oneline, quote

WJ = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/close", "\\/close"),
        ("  /label ~x", "  \\/label ~x"),
        ("\t/assign @me", "\t\\/assign @" + WJ + "me"),
        ("x\n/close", "x\n\\/close"),
        ("x\r\n/close", "x\n\\/close"),
        ("x\r/close", "x\n\\/close"),
        ("x\n\r/close", "x\n\n\\/close"),
        ("x\u2028/close", "x\u2028\\/close"),
        ("goal\n   /reopen\nmore", "goal\n   \\/reopen\nmore"),
        ("/close\n/close", "\\/close\n\\/close"),
    ],
)
def test_a_line_starting_with_a_slash_is_escaped(text: str, expected: str) -> None:
    assert neutralise(text) == expected


@pytest.mark.parametrize(
    "text", ["CI/CD", "https://gitlab.example.com/a/b", "either/or", "a / b", "x\nnot /close"]
)
def test_a_slash_inside_a_line_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@all", "@" + WJ + "all"),
        ("hello @here!", "hello @" + WJ + "here!"),
        ("ping @someone and @acme/people", "ping @" + WJ + "someone and @" + WJ + "acme/people"),
        ("@.dotted", "@" + WJ + ".dotted"),
        ("@_under", "@" + WJ + "_under"),
        ("at @ sign", "at @ sign"),
        ("trailing @", "trailing @" + WJ),  # "{{ a }}{{ b }}" must not make "@" + "all"
        # GitLab deletes "\r" before it stores a description: "@\rall" would become "@all"
        ("@\rall", "@\nall"),
    ],
)
def test_mentions_are_broken_by_a_word_joiner(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_an_email_address_still_reads_the_same() -> None:
    out = neutralise("write to ana.lopez@example.com")
    assert out != "write to ana.lopez@example.com"  # the mention pattern is broken...
    assert out.replace(WJ, "") == "write to ana.lopez@example.com"  # ...but nothing visible changed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!-- mentorship-bot:managed:end -->", "&lt;!-- mentorship-bot:managed:end -->"),
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("a < b", "a &lt; b"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
    ],
)
def test_html_cannot_open_a_tag_or_a_comment(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_a_line_made_of_html_then_a_slash_is_not_a_quick_action() -> None:
    # "<" becomes "&lt;" first; the line then starts with "&", not "/".
    assert neutralise("</close") == "&lt;/close"


def test_plain_text_is_returned_unchanged() -> None:
    text = "Gita Sharma: Platform Engineering, résumé (2026) & more"
    assert neutralise(text) is text


@given(st.text())
def test_no_line_of_the_result_can_run_a_quick_action_or_mention(text: str) -> None:
    out = neutralise(text)
    for line in out.splitlines():
        assert not line.lstrip().startswith("/")
    assert "<" not in out and "\r" not in out
    assert not re.search(r"@[\w.\-+]", out)


@given(st.text())
def test_neutralising_twice_changes_nothing_more(text: str) -> None:
    once = neutralise(text)
    assert neutralise(once) == once


@given(st.text(alphabet=st.characters(blacklist_characters="<\\" + WJ)))
def test_removing_the_escapes_gives_back_the_text(text: str) -> None:
    out = neutralise(text).replace(WJ, "")
    line_start = r"(^|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])([^\S\n\r]*)\\/"
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert re.sub(line_start, r"\1\2/", out) == expected


def test_oneline_fits_a_table_cell() -> None:
    assert oneline("one\ntwo\r\nthree | four") == "one two three \\| four"
    assert oneline("a\u2028b") == "a b"
    assert oneline(None) == ""
    assert oneline(42) == "42"


def test_quote_prefixes_every_line() -> None:
    assert quote("first\nsecond\n\nthird") == "> first\n> second\n>\n> third"
    assert quote("") == ">"
