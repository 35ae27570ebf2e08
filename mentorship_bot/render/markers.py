"""Hidden identity markers: how the bot finds again what it wrote, and tells a person's edits apart.

Every issue description and repository file the bot writes ends with one HTML comment (invisible in
GitLab's rendered Markdown) carrying a stable id and a hash of the text the bot rendered:

    <!-- mentorship-bot id=eng-mentoring/spring-2026/gita-alice/kickoff hash=3f2a9c0d1b7e -->

The id makes every run idempotent without a database; the hash tells whether a person changed the
text since (then the bot never overwrites it). A milestone issue's marker also records whom the bot
assigned (``assigned=mentee``, ``mentor`` or ``both``): an issue whose assignees are no longer what
that implies was reassigned by a person, and the bot leaves it so. A Progress issue's marker also
records the hash of the ``calendar.ics`` the bot last wrote in the pair's project
(``calendar=…``): the bulk issue list then tells which calendars are out of date without reading
any file. Since issue 18 the marker also
carries ``inputs=``, a short hash of what the text was rendered from (template source and context,
``render.lazy``): a text whose inputs did not change is known to be unchanged without rendering it.
Markers written before have no ``inputs``; they still parse, and their texts are rendered and
compared as before. Values from the program file are
neutralised before they reach a template, so a description cannot carry a forged marker of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

_MARKER_RE = re.compile(
    r"\n*<!-- mentorship-bot id=(?P<id>[^\s>]+) hash=(?P<hash>[0-9a-f]{12})"
    r"(?: inputs=(?P<inputs>[0-9a-f]{12}))?(?: assigned=(?P<assigned>mentee|mentor|both))?"
    r"(?: calendar=(?P<calendar>[0-9a-f]{12}))? -->\s*\Z"
)

_MARKER_ID_RE = re.compile(r"[^\s>]+")
_TRAILING_SPACE_RE = re.compile(r"[^\S\n]+$", re.MULTILINE)


@dataclass(frozen=True)
class Marker:
    id: str
    hash: str
    assigned: str | None = None  # whom the bot assigned the issue to; None: nobody
    inputs: str | None = None  # hash of what the text was rendered from; None: an older marker
    calendar: str | None = None  # a Progress issue: the hash of the calendar.ics last written


def normalise(text: str) -> str:
    """The text as GitLab gives it back: LF line ends, no trailing spaces or blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE_RE.sub("", text).strip("\n")


def content_hash(body: str) -> str:
    return _digest(normalise(body))


def normalised_hash(normalised: str) -> str:
    """``content_hash`` of a text already normalised (``body_of``'s): one pass fewer."""
    return _digest(normalised)


def _digest(normalised: str) -> str:
    """The text's hash, fed in pieces under 2 KB: hashlib lets other threads run while it
    hashes anything longer, and a bulk read's main thread, hashing 100,000 texts as the page
    workers decode, then waited for the interpreter at each one (3.5 s for 1 s of hashing)."""
    data = normalised.encode("utf-8")
    if len(data) < _GIL_FREE:
        return hashlib.sha256(data).hexdigest()[:12]
    whole = memoryview(data)
    digest = hashlib.sha256()
    for start in range(0, len(data), _GIL_FREE):
        digest.update(whole[start:start + _GIL_FREE])
    return digest.hexdigest()[:12]


_GIL_FREE = 2047  # CPython's hashlib releases the GIL from HASHLIB_GIL_MINSIZE (2048) bytes


def with_marker(body: str, marker_id: str, assigned: str | None = None,
                inputs: str | None = None, calendar: str | None = None) -> str:
    """``body`` as the bot writes it: normalised, then the marker on a line of its own."""
    if not _MARKER_ID_RE.fullmatch(marker_id):
        raise ValueError(f"a marker id is one word without '>': {marker_id!r}")
    if inputs is not None and not _INPUTS_RE.fullmatch(inputs):
        raise ValueError(f"an inputs hash is 12 hex digits: {inputs!r}")
    text = normalise(body)  # once: the hash is of the same normalised text that is written
    return f"{text}\n\n{_marker_line(marker_id, _digest(text), assigned, inputs, calendar)}\n"


_INPUTS_RE = re.compile(r"[0-9a-f]{12}")


def _marker_line(marker_id: str, digest: str, assigned: str | None,
                 inputs: str | None = None, calendar: str | None = None) -> str:
    tail = (f" inputs={inputs}" if inputs else "") + (f" assigned={assigned}" if assigned else "")
    tail += f" calendar={calendar}" if calendar else ""
    return f"<!-- mentorship-bot id={marker_id} hash={digest}{tail} -->"


def _search(text: str) -> re.Match[str] | None:
    """The marker ending ``text``: looked for from its last opening, not scanned from the start
    (the same match: an earlier opening cannot reach the end without containing the last)."""
    start = text.rfind("<!-- mentorship-bot id=")
    if start < 0:
        return None
    while start and text[start - 1] == "\n":
        start -= 1
    return _MARKER_RE.match(text, start)


def with_assigned(text: str, assigned: str | None) -> str:
    """``text`` (a description the bot wrote, perhaps edited since) with only its marker's
    ``assigned`` changed: the person's text and the hash of what the bot wrote stay as they are."""
    text = text.replace("\r\n", "\n")
    match = _search(text)
    if match is None:
        raise ValueError("the text carries no marker")
    line = _marker_line(match.group("id"), match.group("hash"), assigned, match.group("inputs"),
                        match.group("calendar"))
    return f"{text[: match.start()]}\n\n{line}\n"


def with_calendar(text: str, calendar: str) -> str:
    """``text`` (a Progress issue, perhaps edited) with only its marker's ``calendar`` changed."""
    text = text.replace("\r\n", "\n")
    match = _search(text)
    if match is None:
        raise ValueError("the text carries no marker")
    line = _marker_line(match.group("id"), match.group("hash"), match.group("assigned"),
                        match.group("inputs"), calendar)
    return f"{text[: match.start()]}\n\n{line}\n"


def parse_marker(text: str | None) -> Marker | None:
    """The marker that ends ``text``, or None when the text has none (the bot did not write it)."""
    if not text:
        return None
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Marker | None:
    """A run asks for one issue's marker several times in a row (read, diff, reassignment):
    answered once (a text's hash is computed once and kept by the string itself)."""
    match = _search(text.replace("\r\n", "\n"))
    return None if match is None else _marker_of(match)


def _marker_of(match: re.Match[str]) -> Marker:
    return Marker(match.group("id"), match.group("hash"), match.group("assigned"),
                  match.group("inputs"), match.group("calendar"))


def read_marker(text: str | None) -> tuple[Marker, bool] | None:
    """The marker ending ``text`` and whether the text before it is exactly what the bot wrote
    (``parse_marker`` then ``written_as_is``, the same answers): one search and no cache, for a
    bulk read of 100,000 texts each seen once."""
    if not text:
        return None
    if "\r" in text:
        marker = parse_marker(text)
        return None if marker is None else (marker, written_as_is(text, marker.hash))
    match = _search(text)
    if match is None:
        return None
    marker = _marker_of(match)
    return marker, _digest(text[: match.start()]) == marker.hash


def written_as_is(text: str, digest: str) -> bool:
    """Whether the text before the marker, exactly as it stands, is what the bot wrote, whose
    hash the marker records: the usual case, told by one hash, without normalising the text
    (a normalised text normalises to itself, so the answer is the same)."""
    match = _search(text)
    return match is not None and _digest(text[: match.start()]) == digest


def body_of(text: str) -> str:
    """``text`` without its marker, normalised."""
    text = text.replace("\r\n", "\n")
    match = _search(text)
    return normalise(text[: match.start()] if match else text)


def is_edited(text: str) -> bool:
    """Whether someone changed the text after the bot wrote it (or removed the bot's marker)."""
    marker = parse_marker(text)
    return marker is None or content_hash(body_of(text)) != marker.hash
