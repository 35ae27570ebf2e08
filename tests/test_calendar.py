"""calendar.ics as RFC 5545 wants it (render/calendar.py, provision/calendar_file.py): checked by a
small validator of the RFC's rules written here, and read back with the ``icalendar`` library."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
from program_samples import small_program

from mentorship_bot.model import Program, expand_milestones
from mentorship_bot.provision.calendar_file import CALENDAR_PATH, pair_calendar
from mentorship_bot.provision.desired_state import desired_state, pair_marker
from mentorship_bot.render.calendar import (
    CalendarEvent,
    calendar_hash,
    calendar_is_edited,
    calendar_marker,
    escape_text,
    fold,
    render_calendar,
    unfold,
)
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet

PROGRAM = small_program()
ROUND = PROGRAM.round("spring-2026")
PAIR = PROGRAM.pairs[0]
STAMP = datetime(2026, 1, 5, tzinfo=timezone.utc)


def calendar(pair_program: Program = PROGRAM) -> str:
    round_ = pair_program.round(PAIR.round)
    plan = expand_milestones(pair_program, round_)
    return pair_calendar(pair_program, round_, pair_program.pairs[0], plan,
                         pair_marker(pair_program, pair_program.pairs[0]))


def check_rfc5545(text: str) -> list[str]:
    """The rules of RFC 5545 this file must keep; returns the problems found."""
    problems = []
    if not text.endswith("\r\n") or re.search(r"(?<!\r)\n", text) or re.search(r"\r(?!\n)", text):
        problems.append("3.1: every line ends with CRLF")
    for line in text.split("\r\n")[:-1]:
        if len(line.encode("utf-8")) > 75:
            problems.append(f"3.1: a line longer than 75 octets: {line!r}")
    lines = unfold(text)[:-1]
    if lines[:1] != ["BEGIN:VCALENDAR"] or lines[-1:] != ["END:VCALENDAR"]:
        problems.append("3.4: one VCALENDAR around everything")
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in lines]
    for required in ("VERSION", "PRODID"):
        if names.count(required) != 1:
            problems.append(f"3.6: {required} once")
    events: list[list[str]] = []
    for line, name in zip(lines, names, strict=True):
        if line == "BEGIN:VEVENT":
            events.append([])
        elif events and line != "END:VEVENT":
            events[-1].append(name)
    for props in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if props.count(required) != 1:
                problems.append(f"3.6.1: {required} once in each VEVENT")
        if "DTEND" in props and "DURATION" in props:
            problems.append("3.6.1: DTEND and DURATION never together")
    for line in lines:
        if line.startswith("DTSTAMP:") and not re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line):
            problems.append("3.8.7.2: DTSTAMP is a UTC date-time")
        if line.startswith("DURATION:PT") and not re.fullmatch(r"DURATION:PT\d+M", line):
            problems.append("3.3.6: a duration in minutes")
        if line.startswith(("SUMMARY:", "DESCRIPTION:", "X-WR-CALNAME:")):
            value = line.split(":", 1)[1]
            if re.search(r"(?<!\\)[;,]", value.replace("\\\\", "")):
                problems.append(f"3.3.11: unescaped ; or , in {line!r}")
    return problems


def test_the_pairs_calendar_keeps_the_rfcs_rules() -> None:
    assert check_rfc5545(calendar()) == []


def test_the_validator_catches_what_it_checks() -> None:
    good = calendar()
    assert check_rfc5545(good.replace("\r\n", "\n"))
    assert check_rfc5545(good.replace("\r\n ", ""))  # unfolded: lines over 75 octets
    assert check_rfc5545(good.replace("DTSTAMP:20260105T000000Z", "DTSTAMP:20260105T000000"))
    assert check_rfc5545(good.replace("SUMMARY:Kickoff and", "SUMMARY:Kickoff; and"))
    assert check_rfc5545(good.replace("DURATION:PT30M", "DURATION:PT30M\r\nDTEND:20260101"))
    assert check_rfc5545(good.replace("UID:", "X-UID:", 1))
    assert check_rfc5545(good.replace("VERSION:2.0\r\n", ""))


def test_a_library_reads_every_event_back_with_its_dates() -> None:
    parsed = icalendar.Calendar.from_ical(calendar())
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    plan = expand_milestones(PROGRAM, ROUND)
    assert len(events) == len(plan)
    base = pair_marker(PROGRAM, PAIR)
    kickoff = events[f"{base}/kickoff@mentorship-bot"]
    assert kickoff.decoded("DTSTART") == date(2026, 1, 12)  # all day, on its due date
    assert kickoff.decoded("DTEND") == date(2026, 1, 13)
    meeting = next(e for uid, e in events.items() if "/meeting-01@" in uid)
    assert meeting.decoded("DURATION") == timedelta(minutes=ROUND.meeting_minutes)
    assert meeting.decoded("DTSTART").date() == next(o.due for o in plan if o.id == "meeting-01")
    assert {e.decoded("DTSTAMP") for e in events.values()} == {STAMP}


def test_escaping_and_folding_follow_the_rfc() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    long = "SUMMARY:" + "é" * 60  # two octets each: folded between characters, never inside one
    folded = fold(long)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert unfold(folded + "\r\n") == [long, ""]
    event = CalendarEvent("x@mentorship-bot", "Review; plan, and \\ notes\nnext", date(2026, 3, 2))
    text = render_calendar("Carol, Alice", [event], STAMP, "eng/x/file/calendar.ics")
    parsed = icalendar.Calendar.from_ical(text)
    assert str(next(iter(parsed.walk("VEVENT")))["SUMMARY"]) == "Review; plan, and \\ notes\nnext"
    assert check_rfc5545(text) == []


def test_the_same_program_renders_the_same_bytes() -> None:
    assert calendar() == calendar()
    round_ = replace(ROUND, meeting_minutes=45)
    moved = replace(PROGRAM, rounds=(round_, *PROGRAM.rounds[1:]))
    assert calendar(moved) != calendar() and "DURATION:PT45M" in calendar(moved)


def test_its_marker_tells_a_persons_edit_apart() -> None:
    text = calendar()
    marker = calendar_marker(text)
    assert marker == (f"{pair_marker(PROGRAM, PAIR)}/file/{CALENDAR_PATH}", calendar_hash(text))
    assert not calendar_is_edited(text)
    assert calendar_is_edited(text.replace("SUMMARY:Meeting 1", "SUMMARY:Coffee"))
    assert calendar_is_edited(text.replace("\r\n", "\n"))
    assert calendar_is_edited("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")  # no marker: a person's


def test_the_project_holds_it_and_the_progress_marker_records_its_hash() -> None:
    state = desired_state(PROGRAM, date(2026, 2, 1), TemplateSet())
    for project in state.projects:
        text = dict(project.files)[CALENDAR_PATH]
        progress = next(i for i in state.issues
                        if i.kind == "progress" and i.project_path == project.full_path)
        marker = parse_marker(progress.description)
        assert project.calendar is not None and project.calendar.content_hash() == calendar_hash(
            text)
        assert marker is not None and marker.calendar == project.calendar.inputs


def test_a_pair_starting_late_has_nothing_before_its_start() -> None:
    late = replace(PAIR, starts=date(2026, 2, 2))
    program = replace(PROGRAM, pairs=(late, *PROGRAM.pairs[1:]))
    parsed = icalendar.Calendar.from_ical(calendar(program))
    starts = [e.decoded("DTSTART") for e in parsed.walk("VEVENT")]
    days = [d.date() if isinstance(d, datetime) else d for d in starts]
    assert min(days) >= date(2026, 2, 2)
    assert {e.decoded("DTSTAMP") for e in parsed.walk("VEVENT")} == {
        datetime(2026, 2, 2, tzinfo=timezone.utc)}


def test_folding_keeps_every_length_within_75_octets_and_unfolds_back() -> None:
    for text in ("x" * n for n in range(70, 230)):
        folded = fold(text)
        assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
        assert unfold(folded + "\r\n") == [text, ""]
    mixed = "DESCRIPTION:" + "ab€" * 40
    assert all(len(p.encode("utf-8")) <= 75 for p in fold(mixed).split("\r\n"))
    assert unfold(fold(mixed) + "\r\n") == [mixed, ""]


def test_only_the_pairs_own_days_through_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every date the calendar uses comes from ``_pair_span`` (pairs' own ends: issue 12)."""
    import mentorship_bot.provision.calendar_file as calendar_file

    monkeypatch.setattr(calendar_file, "_pair_span",
                        lambda program, round_, pair: (date(2026, 1, 10), date(2026, 2, 10)))
    parsed = icalendar.Calendar.from_ical(calendar())
    starts = [e.decoded("DTSTART") for e in parsed.walk("VEVENT")]
    days = [d.date() if isinstance(d, datetime) else d for d in starts]
    assert days and date(2026, 1, 10) <= min(days) and max(days) <= date(2026, 2, 10)
    assert "2026-01-10 to 2026-02-10" in calendar().replace("\r\n ", "")
