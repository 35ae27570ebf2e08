"""Hidden markers: found again, tamper-evident, tolerant of what GitLab does to whitespace."""

from __future__ import annotations

import pytest

from mentorship_bot.render.markers import (
    body_of,
    content_hash,
    is_edited,
    parse_marker,
    with_marker,
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
