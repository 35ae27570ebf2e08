"""The sweep's read from a snapshot of the issues (issue 18), on the sandbox: whatever people did,
the snapshot and the updates since give the plan, the progress and the night's writes that
reading every issue gives; what an update list cannot show makes the sweep read every issue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest
from program_samples import small_program
from test_sweep_sandbox import (
    CAROL,
    DAVE,
    WITH_DASHBOARD,
    dashboard_world,
    issue_iid,
    person,
    progress_issue,
)

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.adapter.observe import observe
from mentorship_bot.adapter.snapshot_io import SNAPSHOT_BRANCH, read_snapshot, snapshot_path
from mentorship_bot.adapter.sweep_execute import observe_dashboard
from mentorship_bot.model import Program
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.runs.sweeping import SweepResult, read_progress, run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.people import Person
from mentorship_bot.sandbox.store import Group, Project
from mentorship_bot.sweep.actions import sweep_actions
from mentorship_bot.sweep.dashboard import dashboard_marker
from mentorship_bot.sweep.progress import program_progress

FIRST, ACTED, MEASURED = date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 9)


def at(day: date, hour: int = 23, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


def connect(sandbox: Sandbox) -> Connection:
    return Connection(sandbox.url, sandbox.token, limits=Limits(None, None))


def night(sandbox: Sandbox, program: Program, day: date, **options: Any) -> SweepResult:
    sandbox.set_clock(at(day))
    result = run_sweep(program, day, connect(sandbox), snapshot_from=0, **options)
    assert result.failed() == (), [o.error for o in result.failed()]
    return result


def settle(sandbox: Sandbox, program: Program) -> None:
    """Provision on the first night; on the second, a snapshot that holds every issue (the
    first night's creations came after its own read began)."""
    first = night(sandbox, program, FIRST)
    assert first.snapshot.startswith("written"), first.snapshot
    second = night(sandbox, program, FIRST + timedelta(days=1))
    assert second.snapshot.startswith("written"), second.snapshot


def both_reads(sandbox: Sandbox, program: Program, day: date
               ) -> tuple[ObservedState, ObservedState]:
    """Tonight's issues read from the snapshot, and read whole."""
    sandbox.set_clock(at(day))
    conn = connect(sandbox)
    desired = desired_state(program, day, TemplateSet(program.templates))
    dashboard = observe_dashboard(conn, str(program.dashboard_project),
                                  dashboard_marker(program.slug))
    known, _ = read_snapshot(conn, dashboard.project_id, program.slug)
    return (observe(conn, desired, known=known),
            observe(conn, desired, whole="the test compares"))


def assert_same_night(sandbox: Sandbox, program: Program, day: date) -> ObservedState:
    part, whole = both_reads(sandbox, program, day)
    assert part.issue_read is not None and not part.issue_read.whole, part.issue_read
    templates = TemplateSet(program.templates)
    desired = desired_state(program, day, templates)
    assert diff(desired, part) == diff(desired, whole)
    # Closed copies are dropped from the snapshot: the diff only closes open ones.
    assert part.duplicates == tuple(d for d in whole.duplicates if d.state == "opened")
    progress = [program_progress(program, o.issues, day, "root", o.projects)
                for o in (part, whole)]
    assert progress[0] == progress[1]
    assert (sweep_actions(program, progress[0], part, templates)
            == sweep_actions(program, progress[1], whole, templates))
    return part


def _bot(sandbox: Sandbox) -> Person:
    return Person(sandbox.url, sandbox.token)


def _put(who: Person, project: str, iid: int, **fields: Any) -> None:
    who._send("PUT", who._issue_url(project, iid), data=fields)


def close(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    carol.close(CAROL, issue_iid(carol, CAROL, "Kickoff and ground rules"))


def tick(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    assert carol.tick_tasks(CAROL, issue_iid(carol, CAROL, "Goal and purpose"), 2) == 2


def comment(sandbox: Sandbox) -> None:
    dave = person(sandbox, "dave")
    dave.comment(DAVE, issue_iid(dave, DAVE, "Kickoff and ground rules"), "Sorry, busy week")


def edit(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    iid = issue_iid(carol, CAROL, "Goal and purpose")
    text = next(i for i in carol.issues(CAROL) if i["iid"] == iid)["description"]
    _put(carol, CAROL, iid, description=text.replace("\n\n<!--", "\n\nOur own plan.\n\n<!--"))


def retitle(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    _put(carol, CAROL, issue_iid(carol, CAROL, "Goal and purpose"), title="Our goals")


def reassign(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    alice = sandbox.store.user_named("alice")
    assert alice is not None
    _put(carol, CAROL, issue_iid(carol, CAROL, "Goal and purpose"), assignee_ids=alice.id)


def reopen(sandbox: Sandbox) -> None:
    carol = person(sandbox, "carol")
    iid = issue_iid(carol, CAROL, "Kickoff and ground rules")
    carol.close(CAROL, iid)
    sandbox.set_clock(at(ACTED, 15))
    carol.reopen(CAROL, iid)


def duplicate(sandbox: Sandbox) -> None:
    """Two runs at once made a second copy of an issue (the bot's own token)."""
    bot = _bot(sandbox)
    kickoff = next(i for i in bot.issues(CAROL) if i["title"] == "Kickoff and ground rules")
    bot._send("POST", f"{bot.api}/projects/{quote(CAROL, safe='')}/issues",
              data={"title": kickoff["title"], "description": kickoff["description"]})


def nothing(sandbox: Sandbox) -> None:
    pass


ACTIVITIES: list[Callable[[Sandbox], None]] = [
    nothing, close, tick, comment, edit, retitle, reassign, reopen, duplicate]


@pytest.mark.parametrize("activity", ACTIVITIES, ids=lambda f: f.__name__)
def test_the_snapshot_and_the_updates_since_read_as_every_issue_does(
        activity: Callable[[Sandbox], None]) -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        sandbox.set_clock(at(ACTED, 12))
        activity(sandbox)
        part = assert_same_night(sandbox, program, MEASURED)
        # Listed: the 3 Progress issues, the dashboard issue the second night rewrote, and the
        # one or two issues the activity touched, of the program's 16.
        assert part.issue_read is not None and part.issue_read.listed <= 6, part.issue_read
        tonight = night(sandbox, program, MEASURED)
        assert tonight.issues_read.startswith("from the snapshot"), tonight.issues_read
        # Read again after tonight's writes: the snapshot still gives what a whole read does.
        assert_same_night(sandbox, program, MEASURED)
        assert_same_night(sandbox, program, MEASURED + timedelta(days=1))


def test_a_comment_in_the_minute_after_the_bots_write_is_still_read() -> None:
    """GitLab touches an issue for a comment at most once a minute: a comment right after the
    night's nudge leaves the issue's time at the nudge's, which the next read still covers."""
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        nudged = night(sandbox, program, date(2026, 1, 13))
        assert nudged.written().get("post_nudge")
        sandbox.set_clock(at(date(2026, 1, 13), 23, 0) + timedelta(seconds=30))
        comment(sandbox)
        dave = person(sandbox, "dave")
        kickoff = next(i for i in dave.issues(DAVE) if i["title"] == "Kickoff and ground rules")
        assert kickoff["user_notes_count"] == 2
        assert kickoff["updated_at"].startswith("2026-01-13T23:00:00")  # not touched again
        part = assert_same_night(sandbox, program, date(2026, 1, 14))
        assert next(i for i in part.issues.values()
                    if i.project_path == DAVE and i.iid == kickoff["iid"]).user_notes == 2


def test_a_same_night_rerun_writes_nothing_and_reads_only_what_changed() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        close(sandbox)
        night(sandbox, program, MEASURED)
        sandbox.reset_stats()
        again = night(sandbox, program, MEASURED)
        assert again.written() == {} and sandbox.stats()["writes"] == 0
        assert again.snapshot.startswith("kept"), again.snapshot
        assert again.issues_read.startswith("from the snapshot")


def test_what_an_update_list_cannot_show_makes_the_read_whole() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        # A coordinator renames a milestone: issues show the new title, none is updated.
        bot = _bot(sandbox)
        group = sandbox.store.by_path("acme/mentoring/spring-2026")
        assert isinstance(group, Group)
        milestone = next(m for m in sandbox.store.milestones.values()
                         if m.group_id == group.id and m.title.startswith("Kickoff"))
        bot._send("PUT", f"{bot.api}/groups/{group.id}/milestones/{milestone.id}",
                  data={"title": "Kickoff, renamed"})
        part, whole = both_reads(sandbox, program, MEASURED)
        assert part.issue_read is not None and part.issue_read.whole
        assert part.issue_read.reason == "a milestone was renamed or deleted"
        assert diff(desired_state(program, MEASURED, TemplateSet()), part) == diff(
            desired_state(program, MEASURED, TemplateSet()), whole)


def test_a_progress_issue_no_list_shows_makes_the_read_whole() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        carol = person(sandbox, "carol")
        sandbox.set_clock(at(ACTED, 12))
        _put(carol, CAROL, progress_issue(carol, CAROL)["iid"], remove_labels="kind::progress")
        # Tonight it is listed as updated; the night after, by neither list.
        assert night(sandbox, program, MEASURED).issues_read.startswith("from the snapshot")
        later = night(sandbox, program, MEASURED + timedelta(days=1))
        assert later.issues_read == (f"whole (the Progress issue of {CAROL} was not listed)")
        assert "create_issue" not in later.written()  # no second Progress issue


def test_the_weekly_whole_read() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        assert night(sandbox, program, FIRST + timedelta(days=6)).issues_read.startswith(
            "from the snapshot")
        weekly = night(sandbox, program, FIRST + timedelta(days=7))
        assert weekly.issues_read.startswith("whole (the weekly whole read")
        assert weekly.snapshot.startswith("written")


def test_a_reassignment_the_program_asks_for_reads_the_texts_whole() -> None:
    planned = WITH_DASHBOARD + """\
milestones:
  - {key: kickoff, title: Kickoff and ground rules, template: kickoff, due: 7d}
  - {key: goal, title: Goal and purpose, template: goal, due: 14d, assignee: ASSIGNEE}
"""
    with dashboard_world(planned.replace("ASSIGNEE", "mentee")) as (sandbox, program):
        settle(sandbox, program)
        changed = small_program(planned.replace("ASSIGNEE", "mentor"))
        result = night(sandbox, changed, MEASURED)
        assert result.issues_read.startswith("whole (a reassignment"), result.issues_read
        assert result.written().get("update_issue") == 3  # every pair's goal issue
        again = night(sandbox, changed, MEASURED)
        assert again.issues_read.startswith("from the snapshot") and again.written() == {}


def test_the_first_snapshot_keeps_to_a_branch_of_its_own() -> None:
    with dashboard_world() as (sandbox, program):
        night(sandbox, program, FIRST)
        dashboard = sandbox.store.by_path("acme/mentoring/dashboard")
        assert isinstance(dashboard, Project)
        assert dashboard.default_branch == "main"  # an empty repository: a README first
        assert set(dashboard.files) == {"README.md"}
        assert snapshot_path(program.slug) in dashboard.branches[SNAPSHOT_BRANCH]


def test_the_snapshot_keeps_no_persons_words() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        sandbox.set_clock(at(ACTED, 12))
        edit(sandbox)
        retitle(sandbox)
        comment(sandbox)
        assert night(sandbox, program, MEASURED).snapshot.startswith("written")
        dashboard = sandbox.store.by_path("acme/mentoring/dashboard")
        assert isinstance(dashboard, Project)
        kept = dashboard.branches[SNAPSHOT_BRANCH][snapshot_path(program.slug)]
        for words in ("Our own plan", "Our goals", "Sorry, busy week", "Carol Diaz",
                      "Ship one CI improvement"):
            assert words not in kept


def test_small_programs_read_whole_and_keep_no_snapshot() -> None:
    with dashboard_world() as (sandbox, program):
        sandbox.set_clock(at(FIRST))
        result = run_sweep(program, FIRST, connect(sandbox))
        assert result.snapshot == "none: under 100 pairs the issues are read whole"
        assert "GET /api/v4/projects/:id/repository/files/:file_path/raw" not in (
            sandbox.stats()["requests_by_endpoint"])


def test_the_report_reads_from_the_snapshot_and_never_writes_it() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        sandbox.set_clock(at(ACTED, 12))
        close(sandbox)
        sandbox.set_clock(at(MEASURED))
        sandbox.reset_stats()
        part = read_progress(program, MEASURED, connect(sandbox), snapshot_from=0)
        whole = read_progress(program, MEASURED, connect(sandbox), snapshot_from=10**6)
        assert sandbox.stats()["writes"] == 0
        read = part.observed.issue_read
        assert read is not None and not read.whole
        assert whole.observed.issue_read is not None and whole.observed.issue_read.whole
        assert part.progress == whole.progress


def test_a_whole_read_counts_as_the_weeks_when_the_night_provisions_too() -> None:
    """A new pair's Progress issue is read again the night it is made: from what the whole
    read found, so that read still counts as the week's."""
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        added = small_program(WITH_DASHBOARD.replace(
            "  - {mentor: alice, mentee: dave, round: autumn-2026}\n",
            "  - {mentor: alice, mentee: dave, round: autumn-2026}\n"
            "  - {mentor: bob, mentee: carol, round: autumn-2026}\n"))
        weekly_day = FIRST + timedelta(days=7)
        weekly = night(sandbox, added, weekly_day)
        assert weekly.written().get("create_project") == 1
        assert weekly.issues_read.endswith(f"(last whole read {weekly_day})"), weekly.issues_read
        after = night(sandbox, added, weekly_day + timedelta(days=1))
        assert after.issues_read.startswith("from the snapshot"), after.issues_read
        assert "create_issue" not in after.written()  # the new pair's issues were all found


def test_a_snapshot_spoilt_by_hand_is_read_whole_and_written_anew() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        dashboard = sandbox.store.by_path("acme/mentoring/dashboard")
        assert isinstance(dashboard, Project)
        files = dashboard.branches[SNAPSHOT_BRANCH]
        path = snapshot_path(program.slug)
        lines = files[path].split("\n")
        first = next(n for n, line in enumerate(lines) if line[:1].isdigit())
        lines[first] = "x" + lines[first][1:]  # as many fields, one no longer a number
        files[path] = "\n".join(lines)
        spoilt = night(sandbox, program, MEASURED)
        assert spoilt.issues_read == (
            "whole (no snapshot of the issues it can read)")
        assert spoilt.snapshot.startswith("written")
        assert night(sandbox, program, MEASURED).issues_read.startswith("from the snapshot")


def test_a_whole_read_asked_for_is_the_weeks_and_writes_the_snapshot() -> None:
    with dashboard_world() as (sandbox, program):
        settle(sandbox, program)
        asked = night(sandbox, program, MEASURED, whole="asked for")
        assert asked.issues_read == "whole (asked for)"
        assert asked.snapshot.startswith("written")
        again = night(sandbox, program, MEASURED)
        assert again.issues_read.endswith(f"(last whole read {MEASURED})"), again.issues_read
