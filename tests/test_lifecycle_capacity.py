"""Capacity, one rule everywhere, and the waitlist (issue 12); and the statuses, one vocabulary."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from program_samples import SMALL, small_program
from test_lifecycle_ending import ENDED

from mentorship_bot.program.capacity import mentor_loads, next_rooms, peak, waitlist
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import STATUS_COLORS, STATUSES, desired_state
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.reports.html_report import report_html
from mentorship_bot.reports.json_report import report_json
from mentorship_bot.reports.markdown_report import report_markdown
from mentorship_bot.sweep.dashboard import dashboard_block
from mentorship_bot.sweep.progress import program_progress

D = date


def test_the_peak_counts_spans_that_share_a_day() -> None:
    spring, autumn = (D(2026, 1, 5), D(2026, 3, 29)), (D(2026, 9, 7), D(2026, 11, 29))
    assert peak([spring, spring, autumn, autumn]) == (2, D(2026, 1, 5))
    assert peak([spring, (D(2026, 3, 29), D(2026, 4, 30))]) == (2, D(2026, 3, 29))
    assert peak([spring, (D(2026, 3, 30), D(2026, 4, 30))]) == (1, D(2026, 1, 5))  # back to back
    assert peak([spring, autumn], since=D(2026, 4, 1)) == (1, D(2026, 9, 7))
    # Between two days: spans starting after ``until`` do not count.
    assert peak([spring, autumn, autumn], D(2026, 3, 1), D(2026, 9, 6)) == (1, D(2026, 3, 1))
    assert peak([spring, autumn, autumn], D(2026, 3, 1), D(2026, 9, 7)) == (2, D(2026, 9, 7))
    assert peak([]) == (0, None)


OVERLAPPING = SMALL.replace(
    "  - {slug: autumn-2026, name: Autumn 2026, starts: 2026-09-07, ends: 2026-11-29}\n",
    "  - {slug: autumn-2026, name: Autumn 2026, starts: 2026-09-07, ends: 2026-11-29}\n"
    "  - {slug: late-2026, name: Late 2026, starts: 2026-03-01, ends: 2026-05-31}\n",
).replace("  - {username: dave, name: Dave Kim}\n",
          "  - {username: dave, name: Dave Kim}\n  - {username: erin, name: Erin Wu}\n"
          ).replace("  max", "").replace("  issue_lead_days: 14\n",
                                         "  issue_lead_days: 14\n  max_mentees_per_mentor: 1\n")


def test_validate_counts_pairs_at_once_across_rounds_and_strict_refuses() -> None:
    # Issue 12: Alice mentors Carol in spring and Erin in an overlapping round.
    text = OVERLAPPING + "  - {mentor: alice, mentee: erin, round: late-2026}\n"
    problems = [p.format() for p in validate_text(text, "p.yml")[1] if "mentor" in p.path]
    assert problems == [
        "p.yml:24:14: warning: pairs[3].mentor: mentor 'alice' has 2 mentees at once on "
        "2026-03-01, over the program's soft limit of 1"]
    strict = [p.format() for p in validate_text(text, "p.yml", strict=True)[1]
              if "mentor" in p.path]
    assert strict == [problems[0].replace("warning", "error")]
    # Spring and autumn never overlap: no warning, whatever the count across rounds.
    assert [p for p in validate_text(OVERLAPPING, "p.yml")[1] if "mentor" in p.path] == []


def test_reports_and_the_dashboard_use_the_same_load() -> None:
    program = small_program(OVERLAPPING + "  - {mentor: alice, mentee: erin, round: late-2026}\n")
    progress = program_progress(program, {}, D(2026, 2, 1))
    assert mentor_loads(program, D(2026, 2, 1))["alice"].pairs == 2
    assert {m.username: (m.pairs, m.over) for m in progress.mentor_load}["alice"] == (2, True)
    assert "- `alice`: 2 pairs (limit 1)" in dashboard_block(progress)
    assert "- `alice`: 2 pairs (limit 1)" in report_markdown(progress)
    later = program_progress(program, {}, D(2026, 6, 1))  # spring and late-2026 are over
    assert {m.username: m.pairs for m in later.mentor_load}["alice"] == 1


def test_the_waitlist_is_who_still_wants_a_mentor_oldest_first() -> None:
    text = ENDED.replace("  - {username: dave, name: Dave Kim}\n",
                         "  - {username: dave, name: Dave Kim}\n"
                         "  - {username: erin, name: Erin Wu, requested_on: 2026-01-20}\n"
                         "  - {username: finn, name: Finn Berg, requested_on: 2025-12-01}\n"
                         "  - {username: gus, name: Gus Lee}\n")
    program = small_program(text)
    waiting = waitlist(program, D(2026, 2, 1))
    assert [(w.username, w.since) for w in waiting] == [
        ("finn", D(2025, 12, 1)), ("erin", D(2026, 1, 20)), ("gus", None)]
    # Carol met her goal (certified): she is not waiting. After spring, Dave waits again only
    # if he asks again; he has an autumn pair anyway.
    after = [w.username for w in waitlist(program, D(2026, 4, 1))]
    assert "carol" not in after and "dave" not in after
    no_rematch = small_program(text.replace(
        "  - {mentor: alice, mentee: dave, round: spring-2026, starts: 2026-02-02}\n", "").replace(
        "  - {mentor: alice, mentee: dave, round: autumn-2026}\n", ""))
    assert [(w.username, w.since) for w in waitlist(no_rematch, D(2026, 2, 5))][:3] == [
        ("finn", D(2025, 12, 1)), ("erin", D(2026, 1, 20)), ("dave", D(2026, 2, 1))]
    progress = program_progress(program, {}, D(2026, 2, 1))
    data = json.loads(report_json(progress))
    assert data["waitlist"][0] == {"username": "finn", "since": "2025-12-01", "waiting_days": 62}
    assert data["waitlist"][2] == {"username": "gus", "since": None, "waiting_days": None}
    assert "- `finn`, waiting since 2025-12-01 (62 days)" in report_markdown(progress)
    assert "- `gus`, waiting since a day not recorded" in dashboard_block(progress)


def test_a_mentor_has_room_from_the_day_their_pairs_stay_below_capacity_for_good() -> None:
    program = small_program(ENDED)  # limit 2; alice: carol to Feb 20, dave Feb 2 to Mar 29
    assert [(r.username, r.day) for r in next_rooms(program, D(2026, 2, 1))] == [
        ("bob", D(2026, 2, 1)), ("alice", D(2026, 2, 21))]
    # With a limit of one, alice's autumn pair keeps her full until it ends: a pair starting
    # in April would run into it, so her room starts the day after autumn.
    one = small_program(ENDED.replace("  issue_lead_days: 14\n",
                                      "  issue_lead_days: 14\n  max_mentees_per_mentor: 1\n"))
    assert [(r.username, r.day) for r in next_rooms(one, D(2026, 2, 1))] == [
        ("bob", D(2026, 2, 1)), ("alice", D(2026, 11, 30))]
    waiting = ENDED.replace("  - {username: dave, name: Dave Kim}\n",
                            "  - {username: dave, name: Dave Kim}\n"
                            "  - {username: erin, name: Erin Wu, requested_on: 2026-01-20}\n")
    progress = program_progress(small_program(waiting), {}, D(2026, 2, 1))
    line = "Next room: `bob` has room now; `alice` has room from 2026-02-21"
    assert line in dashboard_block(progress) and line in report_markdown(progress)
    assert json.loads(report_json(progress))["next_rooms"] == [
        {"mentor": "bob", "from": "2026-02-01"}, {"mentor": "alice", "from": "2026-02-21"}]
    assert "bob has room now; alice has room from 2026-02-21" in report_html(progress)
    nobody_waits = program_progress(small_program(ENDED), {}, D(2026, 2, 1))
    assert "Next room" not in dashboard_block(nobody_waits)


def test_every_status_is_one_vocabulary() -> None:
    assert "ended-early" in STATUSES and set(STATUS_COLORS) == set(STATUSES)
    labels = {lb.name for lb in desired_state(small_program(), D(2026, 1, 5),
                                              TemplateSet()).labels}
    assert {f"status::{s}" for s in STATUSES} <= labels
    progress = program_progress(small_program(), {}, D(2026, 1, 5))
    assert set(json.loads(report_json(progress))["by_status"]) == set(STATUSES)
    header = next(line for line in report_markdown(progress).splitlines()
                  if line.startswith("| Round"))
    assert all(status in header for status in STATUSES)
    assert "Ended early" in dashboard_block(progress)
    readme = Path("README.md").read_text(encoding="utf-8")
    assert all(f"`{status}`" in readme for status in STATUSES)


def test_a_mentee_in_two_overlapping_rounds_at_once_is_a_warning_and_strict_refuses() -> None:
    text = OVERLAPPING + "  - {mentor: bob, mentee: carol, round: late-2026}\n"
    found = [p.format() for p in validate_text(text, "p.yml")[1] if p.path.endswith("mentee")]
    assert found == [
        "p.yml:24:27: warning: pairs[3].mentee: mentee 'carol' has two pairs at once: the pair "
        "on line 21 (round 'spring-2026') runs to 2026-03-29, and this one starts 2026-03-01"]
    strict = [p for p in validate_text(text, "p.yml", strict=True)[1]
              if p.path.endswith("mentee")]
    assert [p.severity for p in strict] == ["error"]
    # Carol in spring and again in autumn: one after the other, nothing to say.
    later = OVERLAPPING + "  - {mentor: bob, mentee: carol, round: autumn-2026}\n"
    assert [p for p in validate_text(later, "p.yml")[1] if p.path.endswith("mentee")] == []
