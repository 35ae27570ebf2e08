"""Honest certificates (issue 12): only milestones closed by the end plus the grace days count,
dated the day the pair reached the threshold, and never later for a pair below it at its end."""

from __future__ import annotations

from datetime import date, datetime, timezone

from program_samples import SMALL, small_program

from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.observed_state import ObservedIssue
from mentorship_bot.sweep.certificates import program_certificates
from mentorship_bot.sweep.progress import program_progress

BASE = "eng/spring-2026/carol-alice"
# Spring 2026 runs 2026-01-05 to 2026-03-29: 6 milestones, 80% needs 5 of them.
KEYS = ("kickoff", "goal", "meeting-01", "meeting-02", "midpoint", "final")


def closed(key: str, day: date) -> ObservedIssue:
    return ObservedIssue(
        "acme/mentoring/spring-2026/carol-alice", 1, f"{BASE}/{key}", key, "", (), None, None,
        "closed", closed_at=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc),
        closed_by="carol", updated_at=datetime(day.year, day.month, day.day, 12,
                                               tzinfo=timezone.utc))


def carol(days: list[date], today: date, text: str = SMALL):
    program = small_program(text)
    issues = {i.marker_id: i for i in (closed(k, d) for k, d in zip(KEYS, days, strict=False))}
    progress = program_progress(program, issues, today, "mentorship-bot")
    pair = next(p for p in progress.pairs if p.pair == "carol-alice")
    certificates = [c for c in program_certificates(program, progress) if c.pair == "carol-alice"]
    return pair, certificates


def test_a_certificate_is_dated_the_day_the_pair_reached_the_threshold() -> None:
    days = [date(2026, 1, 10), date(2026, 1, 18), date(2026, 2, 5), date(2026, 2, 20),
            date(2026, 3, 2), date(2026, 3, 27)]
    pair, certificates = carol(days, date(2026, 3, 30))
    assert pair.status == "completed" and pair.qualified_on == date(2026, 3, 2)  # the 5th close
    assert [(c.role, c.issued_on, c.completion_percent) for c in certificates] == [
        ("mentee", date(2026, 3, 2), 100), ("mentor", date(2026, 3, 2), 100)]


def test_closes_within_the_grace_days_count_later_ones_never_do() -> None:
    four = [date(2026, 1, 10), date(2026, 1, 18), date(2026, 2, 5), date(2026, 2, 20)]
    pair, certificates = carol([*four, date(2026, 4, 5)], date(2026, 4, 6))  # end + 7 days
    assert pair.status == "completed" and certificates[0].issued_on == date(2026, 4, 5)
    # Issue 12: all closed seven weeks after the end, and certificates dated on the last day.
    late = [*four, date(2026, 5, 17), date(2026, 5, 17)]
    pair, certificates = carol(late, date(2026, 5, 18))
    assert (pair.status, pair.done, certificates) == ("ended", 6, [])
    assert pair.qualified_on is None and pair.counted_percent == 66


def test_the_grace_days_are_the_programs_and_certificates_can_be_off() -> None:
    four = [date(2026, 1, 10), date(2026, 1, 18), date(2026, 2, 5), date(2026, 2, 20)]
    strict = SMALL.replace("  issue_lead_days: 14\n",
                           "  issue_lead_days: 14\n  certificate_grace_days: 0\n")
    assert carol([*four, date(2026, 3, 30)], date(2026, 4, 1), strict)[0].status == "ended"
    assert carol([*four, date(2026, 3, 29)], date(2026, 4, 1), strict)[0].status == "completed"
    off = SMALL.replace("  issue_lead_days: 14\n", "  issue_lead_days: 14\n  certificates: false\n")
    pair, certificates = carol([*four, date(2026, 3, 1)], date(2026, 4, 1), off)
    assert pair.status == "completed" and certificates == []


def test_the_certificate_keys_are_validated_and_located() -> None:
    bad = SMALL.replace("  issue_lead_days: 14\n",
                        "  issue_lead_days: 14\n  certificates: maybe\n"
                        "  certificate_grace_days: -1\n")
    assert [p.format() for p in validate_text(bad, "p.yml")[1] if p.severity == "error"] == [
        "p.yml:8:17: error: program.certificates: expected true or false, got the text 'maybe'",
        "p.yml:9:27: error: program.certificate_grace_days: expected a number from 0 to 366, got "
        "-1",
    ]
