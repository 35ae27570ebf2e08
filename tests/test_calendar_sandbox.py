"""calendar.ics on the sandbox through python-gitlab: committed with the project, rewritten by a
commit only when the pair's dates move, never over a person's edit, and a re-run reads no file."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import gitlab
import icalendar
import pytest
from program_samples import SMALL, small_program
from test_board_sandbox import TODAY

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.provision.calendar_file import CALENDAR_PATH
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.calendar import calendar_hash
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import Project

pytestmark = pytest.mark.integration
CAROL = "acme/mentoring/spring-2026/carol-alice"
LONGER = SMALL.replace("cadence: monthly}", "cadence: monthly, meeting_minutes: 45}")
FILE_READS = "GET /api/v4/projects/:id/repository/files/:file_path"


@pytest.fixture
def seeded() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        yield sandbox


def apply(sandbox: Sandbox, text: str = SMALL) -> tuple[Plan, DesiredState]:
    desired = desired_state(small_program(text), TODAY, TemplateSet())
    conn = Connection(sandbox.url, sandbox.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed)
    assert Executor(conn, observed).run(plan).failed() == ()
    return plan, desired


def held(sandbox: Sandbox, path: str = CAROL) -> str:
    """calendar.ics as GitLab gives it back, byte for byte."""
    gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    raw = gl.projects.get(path).files.get(file_path=CALENDAR_PATH, ref="main")
    return base64.b64decode(raw.content).decode("utf-8")


def recorded(sandbox: Sandbox, path: str = CAROL) -> str | None:
    project = sandbox.store.by_path(path)
    assert isinstance(project, Project)
    progress = next(i for i in project.issues.values() if i.title.startswith("Progress"))
    marker = parse_marker(progress.description)
    return marker.calendar if marker else None


def wanted(desired: DesiredState, path: str = CAROL) -> str:
    project = next(p for p in desired.projects if p.full_path == path)
    return dict(project.files)[CALENDAR_PATH]


def inputs(desired: DesiredState, path: str = CAROL) -> str:
    """What the Progress marker records: the hash of what the calendar is made from."""
    project = next(p for p in desired.projects if p.full_path == path)
    assert project.calendar is not None
    return project.calendar.inputs


def kinds(plan: Plan) -> list[str]:
    return sorted(a.kind for a in plan.actions if a.kind.endswith("calendar")
                  or a.kind == "keep_edited")


def test_it_comes_with_the_project_and_a_rerun_reads_no_file(seeded: Sandbox) -> None:
    _, desired = apply(seeded)
    text = held(seeded)
    assert text == wanted(desired) and "\r\n" in text  # CRLF kept through the API
    assert recorded(seeded) == inputs(desired)
    seeded.reset_stats()
    plan, _ = apply(seeded)
    assert plan.writes() == ()
    stats = seeded.stats()
    assert stats["writes"] == 0 and FILE_READS not in stats["requests_by_endpoint"]
    assert stats["requests_by_method"] == {"GET": 8, "POST": 1}  # POST: the members query


def test_moved_dates_rewrite_it_with_one_read_per_changed_pair(seeded: Sandbox) -> None:
    apply(seeded)
    before = held(seeded)
    seeded.reset_stats()
    plan, desired = apply(seeded, LONGER)  # the spring round's meetings now last 45 minutes
    assert kinds(plan) == ["commit_calendar"] * 2 + ["record_calendar"] * 2  # two spring pairs
    assert seeded.stats()["requests_by_endpoint"][FILE_READS] == 2
    project = next(p for p in desired.projects if p.full_path == CAROL)
    assert project.calendar is not None
    assert "DURATION:PT45M" in held(seeded) and held(seeded) == project.calendar.revised(before)
    # The meetings changed: a calendar program updates each one (RFC 5546: the higher SEQUENCE).
    parsed = icalendar.Calendar.from_ical(held(seeded))
    sequences = {str(e["SUMMARY"]): int(e.get("SEQUENCE", 0)) for e in parsed.walk("VEVENT")}
    assert sequences["Meeting 1"] == 1 and sequences["Kickoff and ground rules"] == 0
    assert recorded(seeded) == inputs(desired)
    seeded.reset_stats()
    again, _ = apply(seeded, LONGER)
    assert again.writes() == () and seeded.stats()["writes"] == 0
    assert FILE_READS not in seeded.stats()["requests_by_endpoint"]


def test_a_persons_edit_is_never_overwritten(seeded: Sandbox) -> None:
    apply(seeded)
    gl = gitlab.Gitlab(seeded.url, private_token=seeded.token)
    mine = held(seeded).replace("SUMMARY:Meeting 1", "SUMMARY:Meeting 1 (at the cafe)")
    gl.projects.get(CAROL).commits.create({
        "branch": "main", "commit_message": "our own time and place",
        "actions": [{"action": "update", "file_path": CALENDAR_PATH, "content": mine}]})
    plan, desired = apply(seeded, LONGER)
    edited = [a for a in plan.actions if a.kind == "keep_edited"]
    assert [a.target for a in edited] == [f"{CAROL}:{CALENDAR_PATH}"]
    assert held(seeded) == mine  # left as the person wrote it
    # The record moves on, so later runs do not read the file again.
    assert recorded(seeded) == inputs(desired)
    seeded.reset_stats()
    again, _ = apply(seeded, LONGER)
    assert again.writes() == () and FILE_READS not in seeded.stats()["requests_by_endpoint"]


def test_a_pair_provisioned_before_calendars_gets_one(seeded: Sandbox) -> None:
    apply(seeded)
    project = seeded.store.by_path(CAROL)
    assert isinstance(project, Project)
    with seeded.store.lock:  # as the bot left pairs before this change
        del project.files[CALENDAR_PATH]
        progress = next(i for i in project.issues.values() if i.title.startswith("Progress"))
        assert progress.description is not None
        progress.description = progress.description.replace(
            f" calendar={recorded(seeded)}", "")
    assert recorded(seeded) is None
    plan, desired = apply(seeded)
    assert kinds(plan) == ["commit_calendar", "record_calendar"]
    assert next(a for a in plan.actions if a.kind == "commit_calendar").attribute(
        "verb") == "create"
    assert held(seeded) == wanted(desired)
    assert recorded(seeded) == inputs(desired)


def test_a_sweep_that_moves_dates_and_updates_progress_keeps_the_record(seeded: Sandbox) -> None:
    """The night's Progress update starts from the text the calendar record wrote: the next
    night reads no calendar and writes nothing."""
    from datetime import date

    from mentorship_bot.runs.sweeping import run_sweep

    def sweep(text: str, day: date) -> None:
        result = run_sweep(small_program(text), day, Connection(seeded.url, seeded.token))
        assert [o.error for o in result.outcomes if not o.ok] == []

    sweep(SMALL, date(2026, 1, 10))
    sweep(LONGER, date(2026, 1, 20))  # kickoff now overdue: the Progress block changes too
    desired = desired_state(small_program(LONGER), date(2026, 1, 20), TemplateSet())
    assert recorded(seeded) == inputs(desired)
    project = seeded.store.by_path(CAROL)
    assert isinstance(project, Project)
    progress = next(i for i in project.issues.values() if i.title.startswith("Progress"))
    assert "status::at-risk" in progress.labels  # the sweep did update it
    seeded.reset_stats()
    sweep(LONGER, date(2026, 1, 20))
    assert seeded.stats()["writes"] == 0
    assert FILE_READS not in seeded.stats()["requests_by_endpoint"]


def test_a_marker_that_recorded_the_texts_hash_is_still_taken_as_is(seeded: Sandbox) -> None:
    """Progress markers written before the inputs hash recorded the calendar text's own hash:
    such a pair is neither read nor rewritten."""
    _, desired = apply(seeded)
    project = seeded.store.by_path(CAROL)
    assert isinstance(project, Project)
    with seeded.store.lock:
        progress = next(i for i in project.issues.values() if i.title.startswith("Progress"))
        assert progress.description is not None
        progress.description = progress.description.replace(
            f" calendar={inputs(desired)}", f" calendar={calendar_hash(wanted(desired))}")
    seeded.reset_stats()
    plan, _ = apply(seeded)
    assert plan.writes() == () and seeded.stats()["writes"] == 0
    assert FILE_READS not in seeded.stats()["requests_by_endpoint"]
