"""Hidden markers: found again, tamper-evident, tolerant of what GitLab does to whitespace."""

from __future__ import annotations

import pytest

from mentorship_bot.render.markers import (
    Marker,
    body_of,
    content_hash,
    is_edited,
    parse_marker,
    read_marker,
    with_assigned,
    with_marker,
    written_as_is,
)


def test_marker_round_trip() -> None:
    body = "## Kickoff\n\n- [ ] Meet\n"
    text = with_marker(body, "eng/spring/carol-alice/kickoff")
    assert text.endswith(f"hash={content_hash(body.strip())} -->\n")
    marker = parse_marker(text)
    assert marker is not None and marker.id == "eng/spring/carol-alice/kickoff"
    assert body_of(text) == "## Kickoff\n\n- [ ] Meet"
    assert not is_edited(text)


def test_gitlab_normalising_line_ends_and_trailing_spaces_is_not_an_edit() -> None:
    text = with_marker("line one  \nline two", "x/y")
    assert not is_edited(text.replace("\n", "\r\n"))
    assert not is_edited(text.rstrip("\n"))


@pytest.mark.parametrize("change", [
    lambda t: t.replace("- [ ] Meet", "- [x] Meet"),  # a ticked task is a person's edit
    lambda t: "Our own intro\n\n" + t,
    lambda t: t.split("<!--")[0],  # the marker removed
])
def test_any_person_edit_is_detected(change: object) -> None:
    text = with_marker("## Kickoff\n\n- [ ] Meet", "x/y")
    assert is_edited(change(text))  # type: ignore[operator]


def test_text_without_marker_is_not_the_bots() -> None:
    assert parse_marker("just an issue someone wrote") is None
    assert parse_marker(None) is None
    assert parse_marker("<!-- mentorship-bot id=a hash=123 --> then more text") is None


@pytest.mark.parametrize("bad", ["", "has space", "a>b"])
def test_marker_ids_are_one_word(bad: str) -> None:
    with pytest.raises(ValueError, match="one word"):
        with_marker("body", bad)


def test_a_marker_records_whom_the_bot_assigned_and_old_markers_still_parse() -> None:
    text = with_marker("## Goal\n", "x/goal", "both")
    assert text.endswith(" assigned=both -->\n")
    marker = parse_marker(text)
    assert marker is not None and (marker.id, marker.assigned) == ("x/goal", "both")
    old = with_marker("## Goal\n", "x/goal")
    assert parse_marker(old) == Marker("x/goal", marker.hash, None)


def test_changing_the_recorded_assignee_keeps_a_persons_text_and_the_hash() -> None:
    edited = with_marker("## Goal\n", "x/goal", "mentee").replace("## Goal", "## Our goal")
    moved = with_assigned(edited, "mentor")
    assert body_of(moved) == "## Our goal" and is_edited(moved)
    assert parse_marker(moved) == Marker("x/goal", parse_marker(edited).hash, "mentor")
    assert parse_marker(with_assigned(moved, None)).assigned is None
    with pytest.raises(ValueError):
        with_assigned("no marker here", "mentee")


def test_the_inputs_hash_is_recorded_and_kept_when_the_assignee_changes() -> None:
    text = with_marker("Body", "p/x", "mentee", inputs="0123456789ab")
    tail = f"hash={content_hash('Body')} inputs=0123456789ab assigned=mentee -->\n"
    assert text.endswith(tail)
    marker = parse_marker(text)
    assert marker is not None and (marker.inputs, marker.assigned) == ("0123456789ab", "mentee")
    moved = parse_marker(with_assigned(text, "mentor"))
    assert moved is not None and (moved.inputs, moved.assigned) == ("0123456789ab", "mentor")
    assert not is_edited(text)


def test_a_marker_from_before_inputs_still_parses() -> None:
    older = f"Body\n\n<!-- mentorship-bot id=p/x hash={content_hash('Body')} assigned=mentor -->\n"
    marker = parse_marker(older)
    assert marker is not None and marker.inputs is None and marker.assigned == "mentor"
    assert not is_edited(older)
    with pytest.raises(ValueError):
        with_marker("Body", "p/x", inputs="not-hex")


def test_a_text_as_the_bot_wrote_it_is_told_by_one_hash() -> None:
    text = with_marker("Hello  \n\n- [ ] a task\n", "eng/x/kickoff")
    marker = parse_marker(text)
    assert marker is not None and written_as_is(text, marker.hash)
    assert not written_as_is(text.replace("[ ]", "[x]"), marker.hash)  # ticked: compared in full
    assert not written_as_is(text.replace("Hello", "Hello there"), marker.hash)
    assert not written_as_is("no marker at all", marker.hash)


@pytest.mark.parametrize("text", [
    with_marker("Kickoff\n\n- [ ] agenda", "p/r/a-b/kickoff", "mentee", "0123456789ab"),
    with_marker("Kickoff\n\n- [ ] agenda", "p/r/a-b/kickoff").replace("- [ ]", "- [x]"),
    with_marker("Kickoff", "p/r/a-b/kickoff").replace("Kickoff", "Kickoff, edited"),
    with_marker("Kickoff\nline two", "p/r/a-b/kickoff").replace("\n", "\r\n"),
    with_marker("Kickoff", "p/r/a-b/kickoff") + "\n\n  \n",
    "no marker here",
    "",
    "<!-- mentorship-bot id=forged hash=000000000000 --> in the middle\nand more",
])
def test_read_marker_answers_as_parse_marker_and_written_as_is(text: str) -> None:
    marker = parse_marker(text)
    expected = None if marker is None else (marker, written_as_is(text, marker.hash))
    assert read_marker(text) == expected
