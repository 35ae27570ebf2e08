"""Progress, status and activity: pure functions of the program, the issues and the day."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from program_samples import small_program

from mentorship_bot.provision.observed_state import ObservedIssue, ObservedProject
from mentorship_bot.render.ledger import NO_ACTIVITY, Ledger
from mentorship_bot.sweep.progress import (
    activity_signature,
    meets_threshold,
    program_progress,
)

PROGRAM = small_program()
BASE = "eng/spring-2026/carol-alice"


def issue(key: str, state: str = "opened", *, closed: datetime | None = None,
          closed_by: str | None = "carol", labels: tuple[str, ...] = (), notes: int = 0,
          tasks: int = 0, updated: datetime | None = None, description: str = "") -> ObservedIssue:
    return ObservedIssue(
        "acme/mentoring/spring-2026/carol-alice", 1, f"{BASE}/{key}", key, description, labels,
        None, None, state, closed_at=closed, closed_by=closed_by if closed else None,
        updated_at=updated or closed, user_notes=notes, tasks_done=tasks,
    )


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


def carol(issues: list[ObservedIssue], today: date, bot: str = "mentorship-bot"):
    found = {i.marker_id: i for i in issues}
    return next(p for p in program_progress(PROGRAM, found, today, bot).pairs
                if p.pair == "carol-alice")


@pytest.mark.parametrize(("today", "status"), [
    (date(2026, 1, 4), "not-started"),
    (date(2026, 1, 6), "on-track"),
    (date(2026, 1, 13), "at-risk"),  # kickoff due 2026-01-12, open
    (date(2026, 1, 26), "stalled"),  # 21 days since the start, nothing done
    (date(2026, 3, 30), "ended"),
])
def test_status_through_a_round_with_no_activity(today: date, status: str) -> None:
    assert carol([issue("kickoff"), issue("progress")], today).status == status


def test_completion_counts_every_milestone_of_the_round_even_before_it_exists() -> None:
    done = [issue(k, "closed", closed=at(date(2026, 1, 10))) for k in ("kickoff", "goal")]
    pair = carol(done, date(2026, 1, 20))
    # Spring 2026 is monthly from 2026-01-05 to 2026-03-29: kickoff, goal, 2 meetings, midpoint,
    # final = 6 milestones; the meetings' issues do not exist yet.
    assert (pair.done, pair.total, pair.completion_percent) == (2, 6, 33)
    assert pair.status == "on-track" and pair.last_activity == date(2026, 1, 10)


def test_completed_beats_ended_and_stalled() -> None:
    keys = ("kickoff", "goal", "meeting-01", "meeting-02", "midpoint")
    done = [issue(k, "closed", closed=at(date(2026, 2, 1))) for k in keys]
    assert carol(done, date(2026, 3, 30)).status == "completed"  # 5/6 = 83% >= 80%
    assert carol(done[:4], date(2026, 3, 30)).status == "ended"  # 4/6 = 66%


def test_the_bots_own_writes_are_not_activity() -> None:
    nudged = issue("kickoff", labels=("nudge::sent",), notes=1, updated=at(date(2026, 1, 20)))
    pair = carol([nudged], date(2026, 1, 27))
    assert pair.last_activity is None and pair.status == "stalled"


def test_a_persons_comment_is_activity_and_the_ledger_remembers_the_day() -> None:
    commented = issue("kickoff", labels=("nudge::sent",), notes=2, updated=at(date(2026, 1, 18)))
    first = carol([commented], date(2026, 1, 20))
    assert first.last_activity == date(2026, 1, 18) and first.status == "at-risk"
    ledger = first.ledger.render()
    progress = issue("progress", description=f"block\n{ledger}\n")
    # Nothing new since: the recorded day stands, even when updated_at moves (a bot write).
    later = issue("kickoff", labels=("nudge::sent",), notes=2, updated=at(date(2026, 1, 30)))
    again = carol([later, progress], date(2026, 2, 12))
    assert again.last_activity == date(2026, 1, 18) and again.status == "stalled"


def test_threshold_is_exact_not_floating_point() -> None:
    assert meets_threshold(4, 5, 0.8) and not meets_threshold(3, 5, 0.8)
    assert meets_threshold(7, 10, 0.7) and not meets_threshold(69, 100, 0.7)
    assert not meets_threshold(0, 0, 0.8)


def test_signature_ignores_new_untouched_issues() -> None:
    assert activity_signature([issue("meeting-01")]) == activity_signature([])
    assert activity_signature([issue("meeting-01", tasks=1)]) != activity_signature([])


@given(st.builds(Ledger, st.one_of(st.none(), st.text("0123456789abcdef", min_size=12,
                                                       max_size=12)),
                 st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()),
                 st.one_of(st.none(), st.text("0123456789abcdef", min_size=12, max_size=12))))
def test_ledger_round_trips(ledger: Ledger) -> None:
    assert Ledger.parse(f"text before\n{ledger.render()}\n") == ledger


def test_program_figures() -> None:
    progress = program_progress(PROGRAM, {}, date(2026, 2, 1))
    spring, autumn = progress.rounds
    assert spring.phase == "running" and autumn.phase == "upcoming"
    assert sum(spring.by_status.values()) == 2 and dict(spring.histogram)["0–19%"] == 2
    assert [m.pairs for m in spring.milestone_rates] == [2] * 6
    # Alice's spring and autumn pairs never overlap: one at once (issue 12), not two.
    assert {m.username: m.pairs for m in progress.mentor_load} == {"alice": 1, "bob": 1}
    assert progress.waiting_mentees == ()


def test_a_pair_that_did_nothing_has_the_signature_new_progress_issues_start_with() -> None:
    assert activity_signature([]) == NO_ACTIVITY


def carol_with_project(created_on: date | None, today: date, present: bool = True):
    path = "acme/mentoring/spring-2026/carol-alice"
    projects = {path: ObservedProject(1, path, "private", created_on=created_on)} if present else {}
    found = {i.marker_id: i for i in (issue("kickoff"), issue("progress"))}
    return next(p for p in program_progress(PROGRAM, found, today, "mentorship-bot",
                                            projects).pairs if p.pair == "carol-alice")


@pytest.mark.parametrize(("created_on", "today", "status"), [
    # Issue 12: six pairs provisioned minutes earlier were escalated as stalled. The round
    # began 2026-01-05; a project created on 2026-02-20 is not stalled that night ...
    (date(2026, 2, 20), date(2026, 2, 20), "at-risk"),
    (date(2026, 2, 20), date(2026, 3, 12), "at-risk"),  # 20 days since its creation
    (date(2026, 2, 20), date(2026, 3, 13), "stalled"),  # ... only after stall_after_days
    (date(2025, 12, 1), date(2026, 1, 26), "stalled"),  # created before the round: its start
    (None, date(2026, 1, 26), "stalled"),  # creation unknown: the round's start
])
def test_the_stall_clock_starts_with_the_pair_not_before_its_project(
        created_on: date | None, today: date, status: str) -> None:
    assert carol_with_project(created_on, today).status == status


def test_a_pair_whose_project_does_not_exist_yet_is_not_stalled() -> None:
    assert carol_with_project(None, date(2026, 3, 1), present=False).status == "at-risk"
