"""The nightly sweep on the sandbox: statuses, nudges once, certificates, dashboard, idempotence.

People act through the sandbox's REST API with their own tokens (mentorship_bot.sandbox.people),
on the sandbox's clock, so the bot reads exactly what GitLab would show it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

import pytest
from program_samples import SMALL, small_program

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.model import Program
from mentorship_bot.render.ledger import Ledger
from mentorship_bot.render.managed_block import managed_block
from mentorship_bot.runs import sweeping
from mentorship_bot.runs.sweeping import SweepResult, run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.people import Person

pytestmark = pytest.mark.integration
WITH_DASHBOARD = SMALL.replace(
    "  issue_lead_days: 14\n",
    "  issue_lead_days: 14\n  dashboard_project: acme/mentoring/dashboard\n",
)
CAROL = "acme/mentoring/spring-2026/carol-alice"
DAVE = "acme/mentoring/spring-2026/dave-bob"


@contextmanager
def dashboard_world(text: str = WITH_DASHBOARD) -> Iterator[tuple[Sandbox, Program]]:
    """A sandbox seeded with the program ``text`` and its dashboard project."""
    program = small_program(text)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        conn = Connection(sandbox.url, sandbox.token)
        group = conn.writes.groups.get("acme/mentoring")
        conn.writes.projects.create({"name": "dashboard", "path": "dashboard",
                                     "namespace_id": group.id})
        yield sandbox, program


@pytest.fixture
def world() -> Iterator[tuple[Sandbox, Program]]:
    with dashboard_world() as found:
        yield found


def sweep(sandbox: Sandbox, program: Program, day: date) -> SweepResult:
    sandbox.set_clock(datetime(day.year, day.month, day.day, 23, 0, tzinfo=timezone.utc))
    conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
    result = run_sweep(program, day, conn)
    assert result.failed() == (), [o.error for o in result.failed()]
    return result


def person(sandbox: Sandbox, username: str) -> Person:
    user = sandbox.store.user_named(username)
    assert user is not None
    return Person(sandbox.url, user.token)


def act_on(sandbox: Sandbox, day: date) -> None:
    sandbox.set_clock(datetime(day.year, day.month, day.day, 12, 0, tzinfo=timezone.utc))


def issue_iid(who: Person, project: str, title: str) -> int:
    return next(i["iid"] for i in who.issues(project) if i["title"] == title)


def progress_issue(who: Person, project: str) -> dict:
    return next(i for i in who.issues(project) if i["title"].startswith("Progress: "))


def pair_status(who: Person, project: str) -> list[str]:
    return [lb for lb in progress_issue(who, project)["labels"] if lb.startswith("status::")]


def test_a_round_lived_night_by_night(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    carol, dave = person(sandbox, "carol"), person(sandbox, "dave")

    # Day one: everything provisioned; the round has just begun, nobody is late yet.
    first = sweep(sandbox, program, date(2026, 1, 5))
    assert first.provision.writes()
    assert pair_status(carol, CAROL) == ["status::on-track"]
    assert first.progress.rounds[1].by_status["not-started"] == 1

    # Carol closes her kickoff and ticks a task of her goal issue; Dave does nothing.
    act_on(sandbox, date(2026, 1, 10))
    carol.close(CAROL, issue_iid(carol, CAROL, "Kickoff and ground rules"))
    assert carol.tick_tasks(CAROL, issue_iid(carol, CAROL, "Goal and purpose"), 1) == 1

    result = sweep(sandbox, program, date(2026, 1, 13))
    pairs = {p.pair: p for p in result.progress.pairs}
    assert pairs["carol-alice"].status == "on-track"
    assert pairs["carol-alice"].last_activity == date(2026, 1, 10)
    assert pairs["dave-bob"].status == "at-risk"  # kickoff was due on 2026-01-12
    assert result.written().get("post_nudge") == 1
    kickoff = issue_iid(dave, DAVE, "Kickoff and ground rules")
    # GitLab adds system notes of its own (the due date set at creation): not a person's words.
    notes = [n for n in dave.notes(DAVE, kickoff) if not n["system"]]
    assert len(notes) == 1 and "@dave" in notes[0]["body"] and "@bob" in notes[0]["body"]
    assert "/label" not in notes[0]["body"]
    assert "nudge::sent" in next(i for i in dave.issues(DAVE) if i["iid"] == kickoff)["labels"]
    assert pair_status(dave, DAVE) == ["status::at-risk"]
    block = managed_block(progress_issue(carol, CAROL)["description"])
    assert block is not None and "✅ done" in block and "updated 2026-01-13" in block
    assert Ledger.parse(block).last_activity == date(2026, 1, 10)

    # The same night again: nothing to write.
    sandbox.reset_stats()
    again = sweep(sandbox, program, date(2026, 1, 13))
    assert again.written() == {}
    assert sandbox.stats()["writes"] == 0

    # A week later Dave is still late: no second nudge, and the nudge was not activity.
    later = sweep(sandbox, program, date(2026, 1, 20))
    nudged = [o.action.target for o in later.outcomes if o.action.kind == "post_nudge"]
    assert sorted(nudged) == [  # the goal issues fell due on 2026-01-19; the kickoff is not redone
        "eng/spring-2026/carol-alice/goal/nudge", "eng/spring-2026/dave-bob/goal/nudge"]
    assert len([n for n in dave.notes(DAVE, kickoff) if not n["system"]]) == 1
    stalled = sweep(sandbox, program, date(2026, 1, 27))
    dave_bob = next(p for p in stalled.progress.pairs if p.pair == "dave-bob")
    assert dave_bob.status == "stalled" and dave_bob.last_activity is None
    assert stalled.written().get("escalate_stalled") == 1
    dash_path = "acme/mentoring/dashboard"
    dashboard = person(sandbox, "rosa")
    sandbox.store.by_path(dash_path).members[sandbox.store.user_named("rosa").id] = 30
    [dash] = dashboard.issues(dash_path)
    escalation = [n for n in dashboard.notes(dash_path, dash["iid"]) if not n["system"]]
    assert len(escalation) == 1 and "@rosa" in escalation[0]["body"]
    assert "`dave` with `bob`" in escalation[0]["body"]
    assert "Stalled" in dash["description"] and "carol" in dash["description"]
    sweep(sandbox, program, date(2026, 1, 28))
    notes = dashboard.notes(dash_path, dash["iid"])
    assert len([n for n in notes if not n["system"]]) == 1  # escalated once

    # Carol and Alice finish everything; after the round's end both get a certificate.
    act_on(sandbox, date(2026, 3, 20))
    for issue in carol.issues(CAROL):
        if issue["state"] == "opened" and not issue["title"].startswith("Progress"):
            carol.close(CAROL, issue["iid"])
    sweep(sandbox, program, date(2026, 3, 21))
    assert pair_status(carol, CAROL) == ["status::completed"]
    ended = sweep(sandbox, program, date(2026, 3, 30))
    assert ended.written().get("issue_certificate") == 1
    assert {c.username for c in ended.certificates} == {"carol", "alice"}
    project = sandbox.store.by_path(CAROL)
    assert {"certificates/carol.md", "certificates/alice.md"} <= set(project.files)
    assert "Verification id" in project.files["certificates/carol.md"]
    final = issue_iid(carol, CAROL, "Final meeting")
    [announcement] = [n for n in carol.notes(CAROL, final) if "Congratulations" in n["body"]]
    assert "@carol" in announcement["body"]
    assert pair_status(dave, DAVE) == ["status::ended"]
    sandbox.reset_stats()
    sweep(sandbox, program, date(2026, 3, 30))
    assert sandbox.stats()["writes"] == 0
    after = sweep(sandbox, program, date(2026, 3, 31))
    assert after.written().get("issue_certificate") is None


def test_pairs_provisioned_late_in_a_round_are_not_stalled_on_their_first_nights(
    world: tuple[Sandbox, Program],
) -> None:
    """Issue 12: pairs provisioned minutes before a sweep, in a round that began seven weeks
    earlier, were escalated as stalled ("last activity none yet")."""
    sandbox, program = world
    first = sweep(sandbox, program, date(2026, 2, 23))  # provisions both pairs tonight
    assert first.provision.counts().get("create_project") == 3  # autumn too
    statuses = {p.pair: p.status for p in first.progress.pairs if p.round == "spring-2026"}
    assert statuses == {"carol-alice": "at-risk", "dave-bob": "at-risk"}  # overdue, not stalled
    assert "escalate_stalled" not in first.written()
    assert "escalate_stalled" not in sweep(sandbox, program, date(2026, 3, 2)).written()
    # Three weeks after their projects were created, the clock has run out.
    late = sweep(sandbox, program, date(2026, 3, 16))
    assert {p.status for p in late.progress.pairs if p.round == "spring-2026"} == {"stalled"}
    assert late.written().get("escalate_stalled") == 1  # one note names both pairs


def test_a_pair_joining_a_running_round_starts_with_nothing_overdue() -> None:
    """Issue 12: a rematched pair's project started with 11 overdue issues. With its own
    ``starts`` a pair's dates count from that day."""
    text = WITH_DASHBOARD.replace("  - {mentor: bob, mentee: dave, round: spring-2026}\n",
                                  "  - {mentor: bob, mentee: dave, round: spring-2026, "
                                  "starts: 2026-02-20}\n")
    with dashboard_world(text) as (sandbox, program):
        night = sweep(sandbox, program, date(2026, 2, 20))
        dave_bob = next(p for p in night.progress.pairs if p.pair == "dave-bob")
        assert dave_bob.status == "on-track" and dave_bob.overdue == 0
        dues = [i["due_date"] for i in person(sandbox, "dave").issues(DAVE) if i["due_date"]]
        assert dues and min(dues) >= "2026-02-27"
        assert not [o for o in night.outcomes
                    if o.action.kind == "post_nudge" and "dave-bob" in o.action.target]
        sandbox.reset_stats()
        assert sweep(sandbox, program, date(2026, 2, 20)).written() == {}
        assert sandbox.stats()["writes"] == 0


def test_the_sweep_reads_with_the_cycle_collector_paused_and_collects_its_writes(
        world: tuple[Sandbox, Program], monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 pairs the collector walked the state the sweep holds for 4.5 s of 28 s; but
    python-gitlab's objects are cycles, so the writes are collected, the rest frozen out."""
    sandbox, program = world
    sandbox.set_clock(datetime(2026, 2, 23, 23, 0, tzinfo=timezone.utc))
    deciding: list[bool] = []
    writing: list[tuple[bool, int]] = []
    real_diff = sweeping.diff

    def watched_diff(*args: object, **kwargs: object) -> object:
        deciding.append(gc.isenabled())
        return real_diff(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sweeping, "diff", watched_diff)
    result = run_sweep(program, date(2026, 2, 23), Connection(sandbox.url, sandbox.token),
                       on_done=lambda _: writing.append((gc.isenabled(), gc.get_freeze_count())))
    assert result.outcomes and deciding == [False]
    assert writing and all(enabled and frozen > 10_000 for enabled, frozen in writing)
    assert gc.isenabled() and gc.get_freeze_count() == 0
