"""Who drives (issue 12): milestone issues assigned on the sandbox through python-gitlab, on
Premium (several assignees) and Free (one), changed with the program, never over a person's hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import gitlab
import pytest
from program_samples import SMALL, small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.api_boards import open_boards_page
from mentorship_bot.sandbox.store import Group

pytestmark = pytest.mark.integration
TODAY = date(2026, 2, 1)
PROGRAM = SMALL + """\
milestones:
  - {key: kickoff, title: Kickoff and ground rules, template: kickoff, due: 7d}
  - {key: goal, title: Goal and purpose, template: goal, due: 14d, assignee: GOAL}
  - {key: final, title: Final meeting, template: final, due: -0d, assignee: mentor}
"""
CAROL = "acme/mentoring/spring-2026/carol-alice"
DAVE = "acme/mentoring/spring-2026/dave-bob"


def text(goal: str) -> str:
    return PROGRAM.replace("GOAL", goal)


@pytest.fixture(params=["premium", "free"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(tier=request.param) as sandbox:
        sandbox.seed_program(small_program(text("both")))
        if request.param == "free":
            # On Free the API cannot create the group's one issue board: a person opening the
            # boards page does (tests/test_board_sandbox.py covers a group without one).
            group = sandbox.store.by_path("acme/mentoring")
            assert isinstance(group, Group)
            open_boards_page(sandbox.store, group)
        yield sandbox


def apply(sandbox: Sandbox, goal: str) -> Plan:
    desired = desired_state(small_program(text(goal)), TODAY, TemplateSet())
    conn = Connection(sandbox.url, sandbox.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed)
    assert Executor(conn, observed).run(plan).failed() == ()
    return plan


def assignees(sandbox: Sandbox, project: str, title: str) -> list[str]:
    store = sandbox.store
    found = store.by_path(project)
    issue = next(i for i in found.issues.values() if i.title == title)  # type: ignore[union-attr]
    return [store.users[u].username for u in issue.assignee_ids]


def test_issues_are_assigned_to_who_drives_and_a_second_run_writes_nothing(
        sandbox: Sandbox) -> None:
    apply(sandbox, "both")
    both = ["carol", "alice"] if sandbox.store.tier == "premium" else ["carol"]  # Free: one
    assert assignees(sandbox, CAROL, "Goal and purpose") == both
    assert assignees(sandbox, CAROL, "Kickoff and ground rules") == ["carol"]
    assert assignees(sandbox, CAROL, "Final meeting") == ["alice"]
    assert assignees(sandbox, CAROL, "Progress: carol and alice") == []
    sandbox.reset_stats()
    assert apply(sandbox, "both").writes() == ()
    assert sandbox.stats()["writes"] == 0


def test_a_changed_assignee_is_carried_out_but_never_over_a_persons_choice(
        sandbox: Sandbox) -> None:
    apply(sandbox, "both")
    carol = sandbox.store.user_named("carol")
    alice = sandbox.store.user_named("alice")
    assert carol is not None and alice is not None
    as_carol = gitlab.Gitlab(sandbox.url, private_token=carol.token)
    goal = next(i for i in as_carol.projects.get(CAROL).issues.list(get_all=True)
                if i.title == "Goal and purpose")
    as_carol.projects.get(CAROL, lazy=True).issues.update(goal.iid, {"assignee_ids": [alice.id]})

    plan = apply(sandbox, "mentee")
    assert assignees(sandbox, DAVE, "Goal and purpose") == ["dave"]  # the bot's own: changed
    assert assignees(sandbox, CAROL, "Goal and purpose") == ["alice"]  # Carol's hand: kept
    kept = [a.target for a in plan.actions if a.kind == "keep_edited"]
    assert kept == ["eng/spring-2026/carol-alice/goal:assignees"]
    sandbox.reset_stats()
    assert apply(sandbox, "mentee").writes() == ()
    assert sandbox.stats()["writes"] == 0
