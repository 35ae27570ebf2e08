"""Issues kept as facts (issue 18): every plan and every progress figure made from them is the one
made from the whole issues, and no person's words are kept."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from program_samples import SMALL, small_program
from test_diff import GOAL, assigned, desired, held_by, observed_from

from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.issue_facts import (
    FactIssue,
    NameTable,
    TextNotHeld,
    fact_line,
    marker_prefix,
    overlay,
    read_fact_line,
)
from mentorship_bot.provision.issue_snapshot import (
    decode_snapshot,
    encode_snapshot,
    take_snapshot,
)
from mentorship_bot.provision.observed_state import ObservedIssue, ObservedState
from mentorship_bot.render.markers import body_of, with_marker
from mentorship_bot.sweep.progress import program_progress

TICK = re.compile(r"- \[ \]")


NOW = datetime(2026, 2, 1, 23, tzinfo=timezone.utc)


def snapshot_text(observed: ObservedState) -> str:
    return encode_snapshot(take_snapshot(
        observed.issues, observed.duplicates, observed.projects, observed.labels.values(),
        observed.milestones.values(), NOW, NOW, observed.projects.keys()))


def as_facts(observed: ObservedState) -> ObservedState:
    """``observed`` with every milestone issue known by its facts only, through the snapshot's
    file (Progress issues are read whole every night)."""
    snapshot = decode_snapshot(snapshot_text(observed))
    assert snapshot is not None
    facts = snapshot.issues(observed.projects.values())
    assert facts and all(isinstance(i, FactIssue) for i in facts)
    progress = {k: i for k, i in observed.issues.items() if k.endswith("/progress")}
    return replace(observed, issues={**progress, **{i.marker_id: i for i in facts}})


def person_did(observed: ObservedState, case: str) -> ObservedState:
    """What a person did to the goal and kickoff issues, case by case."""
    issues = dict(observed.issues)
    kickoff = next(k for k in issues if k.endswith("/kickoff"))
    goal = issues[GOAL]
    closed = datetime(2026, 2, 3, 10, tzinfo=timezone.utc)
    if case == "ticked":
        issues[GOAL] = replace(goal, description=TICK.sub("- [x]", goal.description, count=2),
                               tasks_done=2, tasks_total=5)
    elif case == "edited":
        issues[GOAL] = replace(goal, description=goal.description.replace(
            "\n\n<!--", "\n\nOur secret plan.\n\n<!--"))
    elif case == "spaces":  # trailing spaces: not as written, yet not an edit either
        issues[GOAL] = replace(goal, description=goal.description.replace("\n", "  \n", 1))
    elif case == "retitled":
        issues[GOAL] = replace(goal, title="Our own title")
    elif case == "older":  # a marker without inputs: compared by rendering
        issues[GOAL] = replace(goal, description=re.sub(r" inputs=[0-9a-f]{12}", "",
                                                        goal.description))
    elif case == "closed":
        issues[kickoff] = replace(issues[kickoff], state="closed", closed_at=closed,
                                  closed_by="carol", updated_at=closed, user_notes=3)
    return replace(observed, issues=issues)


CASES = ["untouched", "ticked", "edited", "spaces", "retitled", "older", "closed"]


@pytest.mark.parametrize("update_templates", [False, True])
@pytest.mark.parametrize("program", ["same", "renamed"])
@pytest.mark.parametrize("case", CASES)
def test_a_plan_from_facts_is_the_plan_from_whole_issues(
        case: str, program: str, update_templates: bool) -> None:
    whole = person_did(observed_from(desired()), case)
    text = SMALL if program == "same" else SMALL.replace("name: Carol Diaz", "name: Carol Díaz")
    state = desired(text)
    planned = diff(state, whole, update_templates=update_templates)
    assert diff(state, as_facts(whole), update_templates=update_templates) == planned
    if case == "edited":
        assert "keep_edited" in [a.kind for a in planned.actions]


@pytest.mark.parametrize("case", CASES)
def test_progress_from_facts_is_progress_from_whole_issues(case: str) -> None:
    whole = person_did(observed_from(desired()), case)
    today = date(2026, 3, 20)
    program = small_program(SMALL)
    assert program_progress(program, as_facts(whole).issues, today, "bot") == program_progress(
        program, whole.issues, today, "bot")


def test_a_reassignment_needs_the_whole_text() -> None:
    observed = as_facts(held_by(observed_from(assigned("mentee")), GOAL, "carol"))
    assert isinstance(observed.issues[GOAL], FactIssue)
    with pytest.raises(TextNotHeld):
        diff(assigned("mentor"), observed)


def test_facts_keep_no_persons_words() -> None:
    whole = person_did(person_did(observed_from(desired()), "edited"), "retitled")
    kept = snapshot_text(whole)
    assert "Our secret plan" not in kept and "Our own title" not in kept
    assert "Progress" not in kept  # Progress issues are read whole each night, never kept


def test_facts_read_back_what_the_sweep_reads() -> None:
    issue = person_did(observed_from(desired()), "closed").issues
    kickoff = next(i for k, i in issue.items() if k.endswith("/kickoff"))
    back, line = round_trip(kickoff)
    for name in ("project_path", "iid", "marker_id", "labels", "milestone_title", "due_date",
                 "state", "closed_at", "closed_by", "updated_at", "user_notes", "tasks_done",
                 "tasks_total", "assignees"):
        assert getattr(back, name) == getattr(kickoff, name), name
    assert back.marker == kickoff.marker
    assert fact_line(back, "", NameTable()) == fact_line(kickoff, "", NameTable())
    assert back.closed_at == kickoff.closed_at and "Kickoff" not in line


@pytest.mark.parametrize("case", CASES)
def test_facts_tell_an_edit_as_the_whole_text_does(case: str) -> None:
    whole = person_did(observed_from(desired()), case)
    for key, issue in as_facts(whole).issues.items():
        assert issue.is_edited() == whole.issues[key].is_edited(), key
        assert issue.as_written() == whole.issues[key].as_written(), key


def round_trip(issue: ObservedIssue) -> tuple[FactIssue, str]:
    """``issue`` through one line of the snapshot's file, and the line."""
    names, prefix = NameTable(), marker_prefix([issue])
    line = fact_line(issue, prefix, names)
    return read_fact_line(issue.project_path, prefix, line, NameTable(names.names)), line


def _issue(iid: int, marker: str, state: str = "opened", path: str = "g/r/p") -> ObservedIssue:
    return ObservedIssue(path, iid, marker, "T", with_marker("body", marker), (), None, None,
                         state=state)


def test_overlay_takes_what_changed_over_what_was_known() -> None:
    known = [_issue(1, "m/a"), _issue(2, "m/b"), _issue(3, "m/c"), _issue(4, "m/d")]
    changed = [_issue(2, "m/b", "closed"), _issue(9, "m/e")]
    seen = [("g/r/p", 2), ("g/r/p", 3), ("g/r/p", 9)]  # 3 lost its marker: no longer the bot's
    issues, duplicates = overlay(known, changed, seen)
    assert {k: (i.iid, i.state) for k, i in issues.items()} == {
        "m/a": (1, "opened"), "m/b": (2, "closed"), "m/d": (4, "opened"), "m/e": (9, "opened")}
    assert duplicates == ()


def test_overlay_keeps_the_first_copy_and_open_duplicates_only() -> None:
    known = [_issue(5, "m/a"), _issue(7, "m/a", "closed")]
    issues, duplicates = overlay(known, [_issue(6, "m/a"), _issue(2, "m/b")])
    assert issues["m/a"].iid == 5 and issues["m/b"].iid == 2
    assert [d.iid for d in duplicates] == [6]


def test_an_edited_text_is_kept_as_the_hashes_of_its_body() -> None:
    whole = person_did(observed_from(desired()), "ticked")
    back, row = round_trip(whole.issues[GOAL])
    assert not back.as_written() and back.is_edited() == whole.issues[GOAL].is_edited()
    assert back.body_hash != back.unticked_hash
    assert body_of(whole.issues[GOAL].description)[:20] not in row
