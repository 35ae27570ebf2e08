"""Texts the bot writes, rendered only when someone reads them (issue 18).

A desired issue or file carries its template's name and context instead of its text. The diff
reads ``inputs`` first, a short hash of what the text would be rendered from (the template's source
and the sources it includes, and the context as canonical JSON); the marker of every text the bot
writes records it, so a text whose recorded inputs match is known unchanged without rendering it.
``text`` renders once, on first use: for creates, for changed inputs, for ``--update-templates``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Protocol

from mentorship_bot.render.markers import (
    Marker,
    body_of,
    normalised_hash,
    parse_marker,
    with_marker,
    written_as_is,
)


class Hashed(Protocol):
    """A text of its own known by its hash (a pair's calendar.ics), perhaps not made yet."""

    @property
    def hash(self) -> str: ...


class Templates(Protocol):
    def render(self, name: str, context: Mapping[str, Any]) -> str: ...

    def source_digest(self, name: str) -> str: ...


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"a template context holds plain values, not {type(value).__name__}")


def inputs_digest(sources: tuple[str, ...], context: Mapping[str, Any]) -> str:
    """The 12-hex-digit hash of template source digests and a context, as canonical JSON.

    The JSON is fed to the hash piece by piece, a piece per key, each kept: a sweep hashes
    90,000 texts' inputs, which share most of their values (the same hash as of the joined text).
    """
    listed = _SOURCES.get(sources)
    if listed is None:
        listed = _SOURCES[sources] = f"[{_json(list(sources))},{{".encode()
    digest = hashlib.sha256(listed)
    update = digest.update
    first = True
    for key in sorted(context):
        value = context[key]
        hit = _PIECES.get((key, id(value)))
        piece = hit[1] if hit is not None and hit[0] is value else _piece(key, value)
        update(piece[1:] if first else piece)
        first = False
    update(b"}]")
    return digest.hexdigest()[:12]


# One encoder for every value (``json.dumps`` with options builds one per call); the same text.
_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                         default=_plain).encode
_SOURCES: dict[tuple[str, ...], bytes] = {}  # a handful: one per template (and its includes)

# A context's values are mostly shared between the texts of a run (the program, the round, a
# person: ``render.context`` builds them once and treats them as read-only), so each key's piece
# of JSON (',"key":value' in UTF-8) is kept by the value's identity, holding the value so that
# its id is not reused. Bounded: cleared when full.
_PIECES: dict[tuple[str, int], tuple[Any, bytes]] = {}
_PIECES_MAX = 20_000


def _piece(key: str, value: Any) -> bytes:
    if len(_PIECES) >= _PIECES_MAX:
        _PIECES.clear()
    piece = f",{_json(key)}:{_json(value)}".encode()
    _PIECES[(key, id(value))] = (value, piece)
    return piece


@dataclass(frozen=True, eq=False)
class LazyText:
    """A bot-written text as what it is rendered from: ``template`` with ``context``, then
    ``finish`` (which may render the templates named in ``also``), then its marker."""

    templates: Templates
    template: str
    context: Mapping[str, Any]
    marker_id: str
    assigned: str | None = None
    finish: Callable[[str], str] | None = None
    also: tuple[str, ...] = ()
    # a Progress issue's marker records the hash of the pair's calendar.ics: known when read
    calendar: str | Hashed | None = None

    @cached_property
    def inputs(self) -> str:
        sources = tuple(self.templates.source_digest(n) for n in (self.template, *self.also))
        return inputs_digest(sources, self.context)

    @property
    def calendar_hash(self) -> str | None:
        calendar = self.calendar
        return calendar if calendar is None or isinstance(calendar, str) else calendar.hash

    def _key(self) -> tuple[str, str | None, str, str | None]:
        return self.marker_id, self.assigned, self.inputs, self.calendar_hash

    def __eq__(self, other: object) -> bool:
        """Texts rendered from the same inputs, under the same marker, are the same text."""
        return isinstance(other, LazyText) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @cached_property
    def text(self) -> str:
        """The text with its marker, rendered on first use and kept."""
        return self.render()

    def render(self) -> str:
        """The text with its marker; rendered again unless ``text`` was read (not kept: a
        whole plan's texts, rendered as each is written, are not all held at once)."""
        if "text" in self.__dict__:
            return str(self.__dict__["text"])
        body = self.templates.render(self.template, self.context)
        if self.finish is not None:
            body = self.finish(body)
        return with_marker(body, self.marker_id, self.assigned, self.inputs, self.calendar_hash)


def text_differs(found: str, desired: LazyText, update_templates: bool, *,
                 tasks: bool = False, known: tuple[Marker, bool] | None = None) -> bool:
    """Whether the text GitLab holds differs from what the bot would write now (ticked tasks
    count as unticked with ``tasks``: ticking is using an issue, not editing it).

    When the marker records the inputs the desired text would be rendered from, the bot would
    write again what it wrote then, whose hash the marker holds: no rendering (issue 18). Older
    markers, changed inputs and ``--update-templates`` render and compare the texts; a text
    still exactly as the bot wrote it is compared by its marker's hash. ``known`` is the found
    text's marker and whether it is as written, when the caller holds those and not the text."""
    marker: Marker | None
    if known is not None:
        marker, as_written = known
    else:
        marker = parse_marker(found)
        as_written = marker is not None and written_as_is(found, marker.hash)
    if marker is not None and as_written:
        return digest_differs(marker, marker.hash, desired, update_templates)
    body = untick(body_of(found)) if tasks else body_of(found)
    if not update_templates and marker is not None and marker.inputs == desired.inputs:
        return normalised_hash(body) != marker.hash  # unticking keeps it normalised
    return body != body_of(desired.text)


def digest_differs(marker: Marker, digest: str, desired: LazyText,
                   update_templates: bool) -> bool:
    """``text_differs`` for a text known only by ``digest``, the hash of its body normalised
    (and unticked, where ticks do not count): a text as written is its marker's own hash.
    Unchanged inputs compare with the marker's hash, changed ones with the new text's."""
    if not update_templates and marker.inputs == desired.inputs:
        return digest != marker.hash
    return digest != normalised_hash(body_of(desired.text))


_TICKED = re.compile(r"^(\s*[-*+] )\[[xX]\]", re.MULTILINE)


def untick(text: str) -> str:
    """``text`` with every ticked task list item unticked."""
    return _TICKED.sub(r"\1[ ]", text)
