"""Hidden identity markers: how the bot finds again what it wrote, and tells a person's edits apart.

Every issue description and repository file the bot writes ends with one HTML comment (invisible in
GitLab's rendered Markdown) carrying a stable id and a hash of the text the bot rendered:

    <!-- mentorship-bot id=eng-mentoring/spring-2026/gita-alice/kickoff hash=3f2a9c0d1b7e -->

The id makes every run idempotent without a database; the hash tells whether a person changed the
text since (then the bot never overwrites it). Values from the program file are neutralised before
they reach a template, so a description cannot carry a forged marker of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_MARKER_RE = re.compile(
    r"\n*<!-- mentorship-bot id=(?P<id>[^\s>]+) hash=(?P<hash>[0-9a-f]{12}) -->\s*\Z"
)

_MARKER_ID_RE = re.compile(r"[^\s>]+")
_TRAILING_SPACE_RE = re.compile(r"[^\S\n]+$", re.MULTILINE)


@dataclass(frozen=True)
class Marker:
    id: str
    hash: str


def normalise(text: str) -> str:
    """The text as GitLab gives it back: LF line ends, no trailing spaces or blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE_RE.sub("", text).strip("\n")


def content_hash(body: str) -> str:
    return _digest(normalise(body))


def _digest(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def with_marker(body: str, marker_id: str) -> str:
    """``body`` as the bot writes it: normalised, then the marker on a line of its own."""
    if not _MARKER_ID_RE.fullmatch(marker_id):
        raise ValueError(f"a marker id is one word without '>': {marker_id!r}")
    text = normalise(body)  # once: the hash is of the same normalised text that is written
    return f"{text}\n\n<!-- mentorship-bot id={marker_id} hash={_digest(text)} -->\n"


def parse_marker(text: str | None) -> Marker | None:
    """The marker that ends ``text``, or None when the text has none (the bot did not write it)."""
    if not text:
        return None
    match = _MARKER_RE.search(text.replace("\r\n", "\n"))
    return Marker(match.group("id"), match.group("hash")) if match else None


def body_of(text: str) -> str:
    """``text`` without its marker, normalised."""
    text = text.replace("\r\n", "\n")
    match = _MARKER_RE.search(text)
    return normalise(text[: match.start()] if match else text)


def is_edited(text: str) -> bool:
    """Whether someone changed the text after the bot wrote it (or removed the bot's marker)."""
    marker = parse_marker(text)
    return marker is None or content_hash(body_of(text)) != marker.hash
