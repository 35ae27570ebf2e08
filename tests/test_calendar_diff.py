"""Which calendar writes the diff plans (provision/calendar_diff.py), as pure data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from program_samples import SMALL, small_program

from mentorship_bot.provision.calendar_diff import needs_calendar_read, pair_calendar_actions
from mentorship_bot.provision.calendar_file import CALENDAR_PATH, LazyCalendar
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.observed_state import ObservedIssue, ObservedProject, ObservedState
from mentorship_bot.provision.plan import Action
from mentorship_bot.render.calendar import calendar_hash, calendar_is_edited, event_sequences
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet

TODAY = date(2026, 2, 1)
OLD = desired_state(small_program(), TODAY, TemplateSet())
NEW = desired_state(small_program(SMALL.replace("cadence: monthly}",
                                                "cadence: monthly, meeting_minutes: 45}")),
                    TODAY, TemplateSet())
CAROL = "acme/mentoring/spring-2026/carol-alice"


def text(state: DesiredState) -> str:
    project = next(p for p in state.projects if p.full_path == CAROL)
    return dict(project.files)[CALENDAR_PATH]


def inputs(state: DesiredState) -> str:
    project = next(p for p in state.projects if p.full_path == CAROL)
    assert project.calendar is not None
    return project.calendar.inputs


def progress(state: DesiredState) -> ObservedIssue:
    issue = next(i for i in state.issues if i.kind == "progress" and i.project_path == CAROL)
    return ObservedIssue(CAROL, 9, issue.marker_id, issue.title, issue.description, issue.labels,
                         None, None)


def calendar_actions(desired: DesiredState, observed: ObservedState) -> list[Action]:
    """Every pair's calendar actions, as the diff takes them pair by pair."""
    return [a for pair in desired.pairs() for a in pair_calendar_actions(pair, observed)]


def planned(project: ObservedProject, issues: tuple[ObservedIssue, ...] = ()) -> list[str]:
    observed = ObservedState(projects={CAROL: project},
                             issues={i.marker_id: i for i in issues})
    return [a.kind for a in calendar_actions(NEW, observed)]


def test_a_provisioned_pair_with_the_programs_calendar_recorded_needs_nothing() -> None:
    found = ObservedProject(1, CAROL, "private")
    assert planned(found, (progress(NEW),)) == []
    marker = parse_marker(progress(OLD).description)
    assert marker is not None
    assert needs_calendar_read(NEW.projects[0], False, marker.calendar)
    assert not needs_calendar_read(NEW.projects[0], True, marker.calendar)  # archived
    assert planned(found, (progress(OLD),)) == []  # not read (offline): left alone


def test_moved_dates_commit_and_record_an_edit_is_kept_and_recorded() -> None:
    old = ObservedProject(1, CAROL, "private", calendar=text(OLD), calendar_read=True)
    assert planned(old, (progress(OLD),)) == ["commit_calendar", "record_calendar"]
    edited = replace(old, calendar=text(OLD).replace("SUMMARY:Meeting 1", "SUMMARY:Lunch"))
    assert planned(edited, (progress(OLD),)) == ["keep_edited", "record_calendar"]
    same = replace(old, calendar=text(NEW))
    assert planned(same, (progress(OLD),)) == ["record_calendar"]
    gone = replace(old, calendar=None)
    actions = calendar_actions(NEW, ObservedState(projects={CAROL: gone},
                                                  issues={progress(OLD).marker_id: progress(OLD)}))
    assert actions[0].attribute("verb") == "create"
    record = actions[1].attribute("description")
    assert parse_marker(record) is not None
    assert parse_marker(record).calendar == inputs(NEW)  # type: ignore[union-attr]
    assert record.replace(f"calendar={inputs(NEW)}", "") == progress(
        OLD).description.replace(f"calendar={inputs(OLD)}", "")


def test_a_pair_being_set_up_compares_the_file_it_read() -> None:
    def setting_up(current: str | None) -> list[str]:
        files = {} if current is None else {CALENDAR_PATH: current}
        return planned(ObservedProject(1, CAROL, "private", members={}, files=files))
    assert setting_up(None) == []  # the set-up commit creates it
    assert setting_up(text(NEW)) == []
    assert setting_up(text(OLD)) == ["commit_calendar"]
    assert setting_up(text(OLD).replace("Meeting 1", "Lunch")) == ["keep_edited"]


def test_plan_outputs_name_the_calendar_writes() -> None:
    from mentorship_bot.provision.diff import diff
    from mentorship_bot.provision.plan import Plan
    from mentorship_bot.provision.plan_writers import format_json, format_markdown, format_text

    old = ObservedProject(1, CAROL, "private", calendar=text(OLD), calendar_read=True)
    observed = ObservedState(projects={CAROL: old}, issues={progress(OLD).marker_id: progress(OLD)})
    plan = Plan(tuple(a for a in diff(NEW, observed).actions if "calendar" in a.kind))
    program = small_program()
    words = format_text(plan, program, TODAY, verbose=True)
    assert "~ calendar calendar.ics (update: the pair's dates changed)" in words
    assert "1 calendar commit, 1 calendar record" in words
    data = format_json(plan, program, TODAY)
    assert '"commit_calendar"' in data and "BEGIN:VCALENDAR" not in data  # the text as a hash
    assert "**carol-alice**: 1 calendar commit, 1 calendar record" in format_markdown(
        plan, program, TODAY)


def test_an_unchanged_calendar_is_told_without_rendering_it() -> None:
    project = next(p for p in NEW.projects if p.full_path == CAROL)
    assert project.calendar is not None
    unrendered = replace(project.calendar, make=lambda: pytest.fail("rendered"), hashes={})
    assert unrendered.recorded(inputs(NEW))
    assert not needs_calendar_read(replace(project, calendar=unrendered), False, inputs(NEW))
    # An older marker's text hash is still accepted (that one needs the text).
    assert project.calendar.recorded(calendar_hash(text(NEW)))
    assert not project.calendar.recorded(calendar_hash(text(OLD)))
    assert not project.calendar.recorded(None)
    assert inputs(OLD) != inputs(NEW)  # 45-minute meetings: other inputs


def test_each_moved_event_gets_the_next_sequence_and_a_rerun_changes_nothing() -> None:
    longest = desired_state(small_program(SMALL.replace(
        "cadence: monthly}", "cadence: monthly, meeting_minutes: 60}")), TODAY, TemplateSet())

    def calendar_of(state: DesiredState) -> LazyCalendar:
        project = next(p for p in state.projects if p.full_path == CAROL)
        assert project.calendar is not None
        return project.calendar

    def sequences(text: str) -> dict[str, int]:
        return {uid: number for uid, (number, _) in event_sequences(text).items()}

    first = text(OLD)
    assert set(sequences(first).values()) == {0} and "SEQUENCE" not in first
    second = calendar_of(NEW).revised(first)
    moved = {uid for uid, n in sequences(second).items() if n == 1}
    assert moved and all("/meeting" in uid or "meeting" in uid.lower() for uid in moved)
    assert calendar_of(NEW).revised(second) == second  # nothing moved since: the same bytes
    third = calendar_of(longest).revised(second)
    assert {uid for uid, n in sequences(third).items() if n == 2} == moved
    assert not calendar_is_edited(third) and "DURATION:PT60M" in third
