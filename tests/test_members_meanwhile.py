"""The sweep diffs while GitLab answers the members' queries (issue 18): the plan made before
the members of the projects already set up were read, with what their members call for, is the
plan ``diff`` makes once they are read; a person removed by hand is still put back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from program_samples import small_program
from test_diff import observed_from

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff, with_members_checked
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.runs.sweeping import run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import GUEST

TODAY = date(2026, 2, 1)
CAROL = "acme/mentoring/spring-2026/carol-alice"
DAVE = "acme/mentoring/spring-2026/dave-bob"


def drifted(observed: ObservedState) -> ObservedState:
    """carol removed from her project by hand, dave's mentor lowered to Guest."""
    carol, dave = observed.projects[CAROL], observed.projects[DAVE]
    members = {CAROL: {k: v for k, v in (carol.members or {}).items() if k != "carol"},
               DAVE: {**(dave.members or {}), "bob": GUEST}}
    return observed.with_members(members)


def without_members(observed: ObservedState, paths: list[str]) -> ObservedState:
    return replace(observed, projects={
        path: replace(p, members=None) if path in paths else p
        for path, p in observed.projects.items()})


@pytest.mark.parametrize("archived", [False, True])
def test_the_plan_with_members_checked_later_is_the_plan_of_the_whole(archived: bool) -> None:
    state = desired_state(small_program(), TODAY, TemplateSet())
    now = drifted(observed_from(state))
    if archived:
        now = replace(now, projects={**now.projects,
                                     CAROL: replace(now.projects[CAROL], archived=True)})
    read_after = {path: dict(p.members or {}) for path, p in now.projects.items()}
    before = diff(state, without_members(now, list(read_after)))
    assert "add_member" not in before.counts()
    whole = diff(state, now)
    assert with_members_checked(before, state, now, read_after) == whole
    added = [a.target for a in whole.actions if a.kind == "add_member"]
    assert added == ([] if archived else [f"{CAROL}:carol"]) + [f"{DAVE}:bob"]


def test_nothing_read_later_leaves_the_plan_as_it_is() -> None:
    state = desired_state(small_program(), TODAY, TemplateSet())
    plan = diff(state, observed_from(state))
    assert with_members_checked(plan, state, observed_from(state), {}) is plan


@pytest.mark.integration
def test_the_sweep_puts_back_a_person_removed_by_hand() -> None:
    program = small_program()
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        sandbox.set_clock(datetime(2026, 2, 1, 23, 0, tzinfo=timezone.utc))
        conn = Connection(sandbox.url, sandbox.token)
        run_sweep(program, TODAY, conn)  # provisions every pair
        store = sandbox.store
        project, carol = store.by_path(CAROL), store.user_named("carol")
        assert project is not None and carol is not None
        with store.lock:
            level = project.members.pop(carol.id)
        night = run_sweep(program, TODAY, Connection(sandbox.url, sandbox.token))
        assert [a.target for a in night.provision.writes()] == [f"{CAROL}:carol"]
        assert project.members[carol.id] == level
        again = run_sweep(program, TODAY, Connection(sandbox.url, sandbox.token))
        assert again.provision.writes() == ()
