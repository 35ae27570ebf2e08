"""Ending early and rematching (issue 12), decided without HTTP: ``pairs[].ended``, the statuses
``completed`` and ``ended-early``, one closing note, no new issue or nudge, and a second pair for a
mentee whose first one ended."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

from click.testing import CliRunner
from program_samples import SMALL, small_program
from test_diff import observed_from

from mentorship_bot.cli import main
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan import Action
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.actions import sweep_actions
from mentorship_bot.sweep.certificates import program_certificates
from mentorship_bot.sweep.progress import PairProgress, program_progress

TEMPLATES = TemplateSet()
# Spring 2026 runs 2026-01-05 to 2026-03-29, monthly: kickoff 01-12, goal 01-19, meeting-01
# 02-05, midpoint 02-15, meeting-02 03-05, final 03-29.


def with_endings(text: str, rematch_starts: str) -> str:
    """``text`` with Carol's pair ended on 2026-02-20 (goal met) and Dave's on 2026-01-31 (not a
    fit), Dave rematched with Alice from ``rematch_starts``."""
    return text.replace(
        'goal: "Ship one CI improvement"}',
        'goal: "Ship one CI improvement", ended: {on: 2026-02-20, reason: goal-met}}',
    ).replace(
        "  - {mentor: bob, mentee: dave, round: spring-2026}\n",
        "  - {mentor: bob, mentee: dave, round: spring-2026, ended: {on: 2026-01-31, reason: "
        "not-a-fit}}\n"
        f"  - {{mentor: alice, mentee: dave, round: spring-2026, starts: {rematch_starts}}}\n",
    )


ENDED = with_endings(SMALL, "2026-02-02")
CAROL = "eng/spring-2026/carol-alice"


def close(observed: ObservedState, marker_id: str, day: date) -> ObservedState:
    issues = dict(observed.issues)
    at = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
    issues[marker_id] = replace(issues[marker_id], state="closed", closed_at=at,
                                closed_by="carol", updated_at=at)
    return replace(observed, issues=issues)


def gitlab(program: Program, provisioned: date, closes: dict[str, date]) -> ObservedState:
    observed = observed_from(desired_state(program, provisioned, TEMPLATES))
    for marker_id, day in closes.items():
        observed = close(observed, marker_id, day)
    return observed


CAROL_DONE = {f"{CAROL}/{key}": day for key, day in (
    ("kickoff", date(2026, 1, 10)), ("goal", date(2026, 1, 18)),
    ("meeting-01", date(2026, 2, 4)), ("midpoint", date(2026, 2, 14)))}


def pairs(program: Program, observed: ObservedState, today: date) -> dict[str, PairProgress]:
    progress = program_progress(program, observed.issues, today, "mentorship-bot")
    return {p.pair: p for p in progress.rounds[0].pairs}


def night(program: Program, observed: ObservedState, today: date) -> list[Action]:
    progress = program_progress(program, observed.issues, today, "mentorship-bot")
    return [a for a in sweep_actions(program, progress, observed, TEMPLATES) if a.writes]


def test_a_pair_that_met_its_goal_early_is_completed_over_what_was_due_by_then() -> None:
    program = small_program(ENDED)
    observed = gitlab(program, date(2026, 2, 20), CAROL_DONE)
    carol = pairs(program, observed, date(2026, 2, 21))["carol-alice"]
    # Due by 2026-02-20: kickoff, goal, meeting-01 and midpoint; all four closed.
    assert (carol.status, carol.done, carol.total, carol.completion_percent) == (
        "completed", 4, 4, 100)
    assert (carol.ends, carol.ended_reason) == (date(2026, 2, 20), "goal-met")
    progress = program_progress(program, observed.issues, date(2026, 2, 21), "mentorship-bot")
    certificates = [c for c in program_certificates(program, progress) if c.pair == "carol-alice"]
    assert [(c.role, c.issued_on, c.round_ends) for c in certificates] == [
        ("mentee", date(2026, 2, 14), date(2026, 2, 20)),
        ("mentor", date(2026, 2, 14), date(2026, 2, 20))]


def test_a_pair_that_ended_below_the_threshold_is_ended_early_with_its_reason() -> None:
    program = small_program(ENDED)
    observed = gitlab(program, date(2026, 1, 5),
                      {"eng/spring-2026/dave-bob/kickoff": date(2026, 1, 11)})
    dave = pairs(program, observed, date(2026, 2, 1))["dave-bob"]
    assert (dave.status, dave.done, dave.total, dave.ended_reason) == (
        "ended-early", 1, 2, "not-a-fit")
    # Before its ending day it was an ordinary pair.
    assert pairs(program, observed, date(2026, 1, 20))["dave-bob"].status == "at-risk"


def test_no_new_issue_after_the_end_and_the_project_is_kept() -> None:
    program = small_program(ENDED)
    later = desired_state(program, date(2026, 3, 20), TEMPLATES)
    carols = {i.marker_id.rsplit("/", 1)[1] for i in later.issues if i.pair == "carol-alice"}
    # meeting-01 (02-05) was opened by 02-20; meeting-02 (03-05) would open 02-19, within
    # the lead days before the end; nothing opens after 02-20.
    assert carols == {"kickoff", "goal", "meeting-01", "meeting-02", "midpoint", "final",
                      "progress"}
    assert any(p.pair == "carol-alice" for p in later.projects)
    daves = {i.marker_id.rsplit("/", 1)[1] for i in later.issues if i.pair == "dave-bob"}
    # meeting-01 (02-05) opened 01-22, before dave-bob ended on 01-31; meeting-02 never does.
    assert "meeting-01" in daves and "meeting-02" not in daves


def test_one_closing_note_no_nudge_and_no_escalation() -> None:
    program = small_program(ENDED)
    observed = gitlab(program, date(2026, 2, 20), CAROL_DONE)
    writes = night(program, observed, date(2026, 3, 1))
    notes = [a for a in writes if a.kind == "post_closing_note"]
    assert [a.target for a in notes] == [f"{CAROL}/closing", "eng/spring-2026/dave-bob/closing"]
    assert "ended on 2026-02-20: it reached its goal" in notes[0].attribute("body")
    assert '/label ~"pair::ended"' in notes[0].attribute("body")
    assert not [a for a in writes if a.kind == "post_nudge" and a.attribute("project").endswith(
        ("carol-alice", "dave-bob"))]
    # The label the note leaves tells the next night it was posted.
    issues = dict(observed.issues)
    for note in notes:
        progress_id = note.target.replace("/closing", "/progress")
        issue = issues[progress_id]
        issues[progress_id] = replace(issue, labels=(*issue.labels, "pair::ended"))
    again = night(program, replace(observed, issues=issues), date(2026, 3, 1))
    assert [a for a in again if a.kind == "post_closing_note"] == []


def test_the_rematched_pair_starts_clean() -> None:
    program = small_program(ENDED)
    observed = gitlab(program, date(2026, 2, 2), {})
    for day in (date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 8)):
        rematch = pairs(program, observed, day)["dave-alice"]
        assert rematch.status == "on-track" and rematch.overdue == 0, day
    state = desired_state(program, date(2026, 2, 2), TEMPLATES)
    dues = [i.due_date for i in state.issues if i.pair == "dave-alice" and i.due_date]
    assert min(dues) == date(2026, 2, 9)
    both = {p.pair: (p.starts, p.ends, p.status)
            for p in program_progress(program, observed.issues, date(2026, 2, 3)).pairs
            if p.mentee == "dave" and p.round == "spring-2026"}
    assert both == {"dave-bob": (date(2026, 1, 5), date(2026, 1, 31), "ended-early"),
                    "dave-alice": (date(2026, 2, 2), date(2026, 3, 29), "on-track")}


def errors(text: str, today: date | None = date(2026, 3, 1)) -> list[str]:
    return [p.format() for p in validate_text(text, "p.yml", today=today)[1]
            if p.severity == "error"]


def test_endings_and_rematches_are_validated_located() -> None:
    assert errors(ENDED) == []
    assert errors(ENDED, today=date(2026, 2, 10)) == [
        "p.yml:18:96: error: pairs[0].ended: the pair cannot have ended on 2026-02-20, which is "
        "after today (2026-02-10); record an ending once it happened"]
    assert errors(ENDED.replace("reason: goal-met", "reason: burnout")) == [
        "p.yml:18:96: error: pairs[0].ended: unknown reason the text 'burnout': expected one of "
        "goal-met, not-a-fit, left, other (a fixed word; nothing personal goes in the program "
        "file)"]
    assert errors(ENDED.replace("{on: 2026-02-20, reason: goal-met}", "{on: 2026-01-01, "
                                "reason: goal-met}")) == [
        "p.yml:18:96: error: pairs[0].ended: the pair ended (2026-01-01) before it started "
        "(2026-01-05)"]
    overlapping = ENDED.replace("starts: 2026-02-02}", "starts: 2026-01-31}")
    assert errors(overlapping) == [
        "p.yml:20:29: error: pairs[2].mentee: mentee 'dave' would have two pairs at once in "
        "round 'spring-2026': the pair on line 19 runs to 2026-01-31; a rematch starts after "
        "the first pair's end or its 'ended: {on: ...}'"]
    same_mentor = ENDED.replace("{mentor: alice, mentee: dave, round: spring-2026, starts",
                                "{mentor: bob, mentee: dave, round: spring-2026, starts")
    assert errors(same_mentor) == [
        "p.yml:20:27: error: pairs[2].mentee: mentee 'dave' is paired with 'bob' twice in round "
        "'spring-2026' (first on line 19); to go on together, extend the first pair ('ends', "
        "and remove its 'ended'), or pair them in another round"]


def test_the_commands_check_an_ending_against_their_day(tmp_path: Path) -> None:
    """``ended.on`` after the run's day is refused by plan (its ``--today``) and by validate
    (the clock), located, exit 2, nothing planned."""
    path = tmp_path / "program.yml"
    path.write_text(ENDED, encoding="utf-8")
    env = {"GITLAB_URL": None, "CI_SERVER_URL": None}
    early = CliRunner().invoke(main, ["plan", str(path), "--today", "2026-02-10"], env=env)
    assert early.exit_code == 2
    assert f"{path}:18:96: error: pairs[0].ended: the pair cannot have ended on 2026-02-20" in (
        early.stderr)
    assert CliRunner().invoke(main, ["plan", str(path), "--today", "2026-03-01"],
                              env=env).exit_code == 0
    future = ENDED.replace("2026", "2998")  # after any day this test runs on
    path.write_text(future, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)], env=env)
    assert result.exit_code == 2 and "which is after today" in result.stdout + result.stderr
