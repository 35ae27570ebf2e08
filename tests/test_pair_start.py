"""A pair's own start (issue 12): a pair that joins a running round, or a rematch, counts its due
dates from its own first day and never starts with issues already overdue."""

from __future__ import annotations

from datetime import date

from program_samples import SMALL, small_program

from mentorship_bot.model import expand_milestones
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.progress import program_progress

LATE = SMALL.replace(
    "  - {mentor: bob, mentee: dave, round: spring-2026}\n",
    "  - {mentor: bob, mentee: dave, round: spring-2026, starts: 2026-02-20}\n",
)
DAVE = "eng/spring-2026/dave-bob"


def test_a_late_pairs_dates_count_from_its_own_start() -> None:
    program = small_program(LATE)
    spring = program.round("spring-2026")
    dave = next(p for p in program.pairs if p.mentee == "dave" and p.round == "spring-2026")
    assert dave.start(spring) == date(2026, 2, 20)
    own = {o.id: o.due for o in expand_milestones(program, spring, dave.starts)}
    # Spring runs 2026-01-05 to 2026-03-29, monthly: from 2026-02-20 one meeting fits.
    assert own == {"kickoff": date(2026, 2, 27), "goal": date(2026, 3, 6),
                   "midpoint": date(2026, 3, 10), "meeting-01": date(2026, 3, 20),
                   "final": date(2026, 3, 29)}


def test_a_pair_joining_a_running_round_gets_no_issue_due_before_it_started() -> None:
    program = small_program(LATE)
    state = desired_state(program, date(2026, 2, 20), TemplateSet())
    dues = [i.due_date for i in state.issues if i.marker_id.startswith(DAVE) and i.due_date]
    assert dues and min(dues) >= date(2026, 2, 20)
    carols = [i for i in state.issues if "carol-alice" in i.marker_id and i.due_date]
    assert min(i.due_date for i in carols) == date(2026, 1, 12)  # the round's own pairs as before


def test_a_late_pair_is_not_started_then_on_track_not_overdue_or_stalled() -> None:
    program = small_program(LATE)

    def status(today: date) -> str:
        progress = program_progress(program, {}, today)
        return next(p.status for p in progress.pairs if p.pair == "dave-bob"
                    and p.round == "spring-2026")

    assert status(date(2026, 2, 19)) == "not-started"
    assert status(date(2026, 2, 20)) == "on-track"
    assert status(date(2026, 2, 28)) == "at-risk"  # its own kickoff, due 2026-02-27
    assert status(date(2026, 3, 12)) == "at-risk"
    assert status(date(2026, 3, 13)) == "stalled"  # 21 days after its own start
    spring = program_progress(program, {}, date(2026, 3, 1)).rounds[0]
    assert {m.id: m.pairs for m in spring.milestone_rates}["meeting-02"] == 1  # Carol's only


def test_a_pairs_start_lies_within_its_round_located() -> None:
    def problems(starts: str) -> list[str]:
        text = LATE.replace("starts: 2026-02-20}", f"starts: {starts}}}")
        return [p.format() for p in validate_text(text, "p.yml")[1] if p.severity == "error"]

    assert problems("2026-01-05") == []
    assert problems("2026-01-04") == [
        "p.yml:19:61: error: pairs[1].starts: the pair starts (2026-01-04) before its round starts "
        "(2026-01-05)"]
    assert problems("2026-03-29") == [
        "p.yml:19:61: error: pairs[1].starts: the pair starts (2026-03-29) on or after its round "
        "ends "
        "(2026-03-29)"]
    assert problems("2026-02-30")[0].startswith(
        "p.yml:19:61: error: pairs[1].starts: 2026-02-30 is not")
