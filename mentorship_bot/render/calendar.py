"""An iCalendar file (RFC 5545) of a pair's meetings and milestones: a pure renderer.

What RFC 5545 asks and where this follows it:
- one VCALENDAR with VERSION and PRODID (3.6, 3.7.3, 3.7.4), one VEVENT per event (3.6.1) with
  UID and DTSTAMP (both required), DTSTART, and DTEND or DURATION;
- content lines end with CRLF and are folded at 75 octets: a longer line continues on the next
  after CRLF and one space, never splitting a UTF-8 character (3.1);
- TEXT values escape backslash, semicolon and comma with a backslash and write a line break as
  ``\\n`` (3.3.11);
- a due date is an all-day event: ``DTSTART;VALUE=DATE`` and the next day as the non-inclusive
  ``DTEND`` (3.6.1, 3.3.4); a meeting has a DATE-TIME start and a ``DURATION`` of its minutes
  (3.8.2.5: a DURATION with hours or minutes needs a DATE-TIME start). The program gives a
  meeting a day, not an hour, so its start is a floating local time (3.3.5, form #1), the same
  wall-clock hour wherever the pair lives, which the event says is only a placeholder;
- DTSTAMP is a UTC date-time (3.8.7.2). It is derived from the inputs (``stamp``), never from the
  clock: the same program renders byte for byte the same file, so a re-run writes nothing;
- an event whose dates, length or words changed since the file the bot last wrote gets the next
  SEQUENCE (3.8.7.4; RFC 5546 2.1.4: with METHOD:PUBLISH a calendar program takes the higher
  sequence of one UID as the update), read from that file: an unchanged event keeps its own.

The file also carries the bot's marker, as an ``X-`` property (3.8.8.2, ignored by calendar
programs): ``X-MENTORSHIP-BOT:id=… hash=…``, the hash being of the file without that line, so a
person's edit is told apart from the bot's text as with every file the bot writes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

CRLF = "\r\n"
PRODID = "-//mentorship-bot//pair calendar//EN"
MARKER_PROPERTY = "X-MENTORSHIP-BOT"
_MARKER_RE = re.compile(
    rf"^{MARKER_PROPERTY}:id=(?P<id>[^\s]+) hash=(?P<hash>[0-9a-f]{{12}})$")


_TO_ESCAPE = re.compile(r"[\\;,\r\n]")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    day: date
    description: str = ""
    minutes: int | None = None  # None: an all-day event (a due date); else a meeting's length
    at: time = time(10, 0)  # a meeting's placeholder start, floating local time


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): ``\\``, ``;`` and ``,`` escaped, line breaks as ``\\n``."""
    if not _TO_ESCAPE.search(value):
        return value  # most values: nothing to escape
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into content lines of at most 75 octets each, CRLF-space between them
    (RFC 5545 3.1), cut only between UTF-8 characters."""
    if len(line) <= 75 and line.isascii():
        return line  # most lines: nothing to fold
    size = len(line.encode("utf-8"))
    if size <= 75:
        return line
    if size == len(line):  # ASCII: one octet a character, so plain slices
        parts = [line[:75], *(line[start:start + 74] for start in range(75, size, 74))]
        return (CRLF + " ").join(parts)
    parts = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # a continuation line starts with one space
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def unfold(text: str) -> list[str]:
    """The logical lines of an iCalendar text (folding undone)."""
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)


def _date(day: date) -> str:
    return day.isoformat().replace("-", "")


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{stamp}"]
    if event.minutes is None:
        lines += [f"DTSTART;VALUE=DATE:{_date(event.day)}",
                  f"DTEND;VALUE=DATE:{_date(event.day + timedelta(days=1))}",
                  "TRANSP:TRANSPARENT"]  # a due date does not make anyone busy
    else:
        start = f"{_date(event.day)}T{event.at.hour:02d}{event.at.minute:02d}{event.at.second:02d}"
        lines += [f"DTSTART:{start}", f"DURATION:PT{event.minutes}M"]
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(name: str, events: Iterable[CalendarEvent], stamp: datetime,
                    marker_id: str, previous: str | None = None) -> str:
    """The whole file, CRLF line ends and folded lines, its marker included. ``stamp`` (UTC) is
    every event's DTSTAMP; events come out in date order, then by UID. ``previous``, the file
    the bot wrote before, gives each event the SEQUENCE it had, the next one if it changed."""
    ordered = sorted(events, key=lambda e: (e.day, e.uid))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    utc = stamp.astimezone(timezone.utc)
    stamped = f"{_date(utc.date())}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"
    before = event_sequences(previous) if previous else {}
    for event in ordered:
        event_lines = _event_lines(event, stamped)
        known = before.get(event_lines[1])
        if known is not None:
            sequence, signature = known
            sequence += _signature(event_lines) != signature
            if sequence:
                event_lines.insert(3, f"SEQUENCE:{sequence}")
        lines += event_lines
    lines.append("END:VCALENDAR")
    body = CRLF.join([line if len(line) <= 75 and line.isascii() else fold(line)
                      for line in lines]) + CRLF
    return _with_marker(body, marker_id)


def _signature(event_lines: list[str]) -> tuple[str, ...]:
    """What a calendar program shows of an event: its lines but its stamp and sequence."""
    return tuple(line for line in event_lines
                 if not line.startswith(("DTSTAMP:", "SEQUENCE:")))


def event_sequences(text: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Each event of a calendar text by its UID line: its SEQUENCE (0 when absent) and its
    signature."""
    found: dict[str, tuple[int, tuple[str, ...]]] = {}
    current: list[str] | None = None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = [line]
        elif current is not None:
            current.append(line)
            if line == "END:VEVENT":
                uid = next((x for x in current if x.startswith("UID:")), None)
                number = next((x[len("SEQUENCE:"):] for x in current
                               if x.startswith("SEQUENCE:")), "0")
                if uid is not None:
                    found[uid] = (int(number) if number.isdigit() else 0, _signature(current))
                current = None
    return found


def calendar_hash(text: str) -> str:
    """The hash of a calendar's text without its marker line: what its marker records."""
    return hashlib.sha256(_without_marker(text).encode("utf-8")).hexdigest()[:12]


def calendar_marker(text: str) -> tuple[str, str] | None:
    """The (id, hash) of the marker in a calendar's text, or None when it has none."""
    for line in unfold(text):
        found = _MARKER_RE.match(line)
        if found:
            return found["id"], found["hash"]
    return None


def calendar_is_edited(text: str) -> bool:
    """Whether a person changed the calendar since the bot wrote it (or removed its marker)."""
    marker = calendar_marker(text)
    return marker is None or calendar_hash(text) != marker[1]


def _with_marker(body: str, marker_id: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]  # calendar_hash: no marker yet
    line = fold(f"{MARKER_PROPERTY}:id={marker_id} hash={digest}")
    head, rest = body.split(CRLF + "BEGIN:VEVENT", 1) if "BEGIN:VEVENT" in body else (
        body[: -len(CRLF + "END:VCALENDAR" + CRLF)], "")
    if rest:
        return f"{head}{CRLF}{line}{CRLF}BEGIN:VEVENT{rest}"
    return f"{head}{CRLF}{line}{CRLF}END:VCALENDAR{CRLF}"


def _without_marker(text: str) -> str:
    """``text`` with the (folded) marker line taken out, byte for byte otherwise."""
    start = text.find(CRLF + MARKER_PROPERTY + ":")
    if start < 0:
        return text
    end = text.find(CRLF, start + 2)
    while end >= 0 and text.startswith((" ", "\t"), end + 2):  # its continuation lines
        end = text.find(CRLF, end + 2)
    return text[:start] + (text[end:] if end >= 0 else "")
