"""Ending early and rematching on the sandbox (issue 12): the coordinators record, part way through
spring, that Carol and Alice met their goal and that Dave and Bob were not a fit, and rematch Dave
with Alice. Night by night the bot gives the first pair its certificates and opens nothing more in
its project, notes each ending once, and starts the rematch clean; both of Dave's pairs stay in
the reports with their own dates and statuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from program_samples import small_program
from test_lifecycle_ending import with_endings
from test_sweep_sandbox import (
    WITH_DASHBOARD,
    act_on,
    dashboard_world,
    person,
    progress_issue,
    sweep,
)

from mentorship_bot.model import Program
from mentorship_bot.reports.json_report import report_json
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
CAROL = "acme/mentoring/spring-2026/carol-alice"
DAVE_BOB = "acme/mentoring/spring-2026/dave-bob"
DAVE_ALICE = "acme/mentoring/spring-2026/dave-alice"
# What the coordinators merge on 2026-02-21.
RECORDED = with_endings(WITH_DASHBOARD, "2026-02-23")


@pytest.fixture
def world() -> Iterator[tuple[Sandbox, Program]]:
    with dashboard_world() as found:
        yield found


def titles(sandbox: Sandbox, project: str) -> set[str]:
    return {i["title"] for i in person(sandbox, "carol" if "carol" in project else "dave").issues(
        project)}


def test_an_early_goal_and_a_rematch_lived_night_by_night(
    world: tuple[Sandbox, Program],
) -> None:
    sandbox, first_file = world
    carol = person(sandbox, "carol")
    sweep(sandbox, first_file, date(2026, 1, 5))
    # Carol and Alice work through everything that falls due by mid-February.
    for day, title in ((date(2026, 1, 10), "Kickoff and ground rules"),
                       (date(2026, 1, 18), "Goal and purpose")):
        act_on(sandbox, day)
        carol.close(CAROL, next(i["iid"] for i in carol.issues(CAROL) if i["title"] == title))
    sweep(sandbox, first_file, date(2026, 1, 25))  # opens Meeting 1 (due 02-05)
    for day, title in ((date(2026, 2, 4), "Meeting 1"), (date(2026, 2, 14), "Midpoint check")):
        act_on(sandbox, day)
        carol.close(CAROL, next(i["iid"] for i in carol.issues(CAROL) if i["title"] == title))
    sweep(sandbox, first_file, date(2026, 2, 15))
    before = titles(sandbox, CAROL)
    assert "Meeting 2" not in before  # due 03-05: it would open on 02-19

    program = small_program(RECORDED)
    night = sweep(sandbox, program, date(2026, 2, 21))
    pairs = {p.pair: p for p in night.progress.pairs if p.round == "spring-2026"}
    assert (pairs["carol-alice"].status, pairs["carol-alice"].completion_percent) == (
        "completed", 100)
    assert (pairs["dave-bob"].status, pairs["dave-bob"].ended_reason) == (
        "ended-early", "not-a-fit")
    assert pairs["dave-alice"].status == "not-started"
    assert night.written().get("post_closing_note") == 2
    assert night.written().get("issue_certificate") == 1
    assert {c.username for c in night.certificates} == {"carol", "alice"}
    assert {c.issued_on for c in night.certificates} == {date(2026, 2, 14)}
    assert not [o for o in night.outcomes if o.action.kind in ("post_nudge", "escalate_stalled")
                and ("carol-alice" in o.action.target or "dave-bob" in o.action.target)]
    assert titles(sandbox, CAROL) == before  # no new issue, nothing closed or removed
    note = [n for n in carol.notes(CAROL, progress_issue(carol, CAROL)["iid"])
            if "ended on 2026-02-20" in n["body"]]
    assert len(note) == 1 and "/label" not in note[0]["body"]
    assert "pair::ended" in progress_issue(carol, CAROL)["labels"]
    assert "status::ended-early" in progress_issue(person(sandbox, "dave"), DAVE_BOB)["labels"]

    sandbox.reset_stats()
    assert sweep(sandbox, program, date(2026, 2, 21)).written() == {}
    assert sandbox.stats()["writes"] == 0

    # The rematch's first nights: nothing overdue, nothing stalled, no nudge.
    for day in (date(2026, 2, 23), date(2026, 2, 24), date(2026, 3, 1)):
        result = sweep(sandbox, program, day)
        rematch = next(p for p in result.progress.pairs if p.pair == "dave-alice")
        assert (rematch.status, rematch.overdue) == ("on-track", 0), day
        assert "escalate_stalled" not in result.written() and "post_nudge" not in result.written()
    dues = [i["due_date"] for i in person(sandbox, "dave").issues(DAVE_ALICE) if i["due_date"]]
    assert min(dues) == "2026-03-02"
    # Weeks later the ended pairs still get nothing new.
    late = sweep(sandbox, program, date(2026, 3, 10))
    assert titles(sandbox, CAROL) == before
    assert "Meeting 2" not in titles(sandbox, DAVE_BOB)
    assert not [o for o in late.outcomes if "carol-alice" in o.action.target
                or "dave-bob" in o.action.target]
    report = json.loads(report_json(late.progress))
    daves = {p["pair"]: (p["starts"], p["ends"], p["status"], p["ended_reason"])
             for r in report["rounds"] if r["slug"] == "spring-2026" for p in r["pairs"]
             if p["mentee"] == "dave"}
    assert daves == {"dave-bob": ("2026-01-05", "2026-01-31", "ended-early", "not-a-fit"),
                     "dave-alice": ("2026-02-23", "2026-03-29", "at-risk", None)}
