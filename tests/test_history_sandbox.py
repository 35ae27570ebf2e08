"""The trend's history on the sandbox: built night by night in the dashboard issue, once a day,
kept through a person's edit and a crash, read at no extra request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import gitlab
import pytest
from test_sweep_sandbox import dashboard_world, sweep

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.adapter.sweep_execute import SweepExecutor
from mentorship_bot.model import Program
from mentorship_bot.runs.sweeping import read_progress
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sweep.history import HISTORY_START, history_of

pytestmark = pytest.mark.integration
DASHBOARD = "acme/mentoring/dashboard"
NIGHTS = (date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 13))


class Killed(BaseException):
    """The process dying: nothing in the bot catches it."""


@pytest.fixture
def world() -> Iterator[tuple[Sandbox, Program]]:
    with dashboard_world() as found:
        yield found


def coordinator(sandbox: Sandbox) -> Any:
    """Rosa, a Developer of the dashboard project, through python-gitlab with her own token."""
    rosa = sandbox.store.user_named("rosa")
    assert rosa is not None
    sandbox.store.by_path(DASHBOARD).members[rosa.id] = 30
    client = gitlab.Gitlab(sandbox.url, private_token=rosa.token)
    [issue] = client.projects.get(DASHBOARD).issues.list(get_all=True)
    return issue


def dashboard_text(sandbox: Sandbox) -> str:
    [issue] = sandbox.store.by_path(DASHBOARD).issues.values()
    return str(issue.description)


def test_nightly_sweeps_build_the_history_once_a_day(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    results = [sweep(sandbox, program, day) for day in NIGHTS]
    history = history_of(dashboard_text(sandbox))
    assert history.warning is None
    assert [p.day for p in history.points] == list(NIGHTS)
    assert results[-1].trend == history.points  # what the reports draw is what GitLab holds
    assert history.points[0].by_status["on-track"] == 2  # both spring pairs, on their first day
    assert history.points[-1].by_status["at-risk"] == 2  # the kickoff fell due on 2026-01-12
    assert dashboard_text(sandbox).count(HISTORY_START) == 1

    # The same night again: no new point, nothing written, no more reads than a night costs.
    sandbox.reset_stats()
    again = sweep(sandbox, program, NIGHTS[-1])
    assert sandbox.stats()["writes"] == 0 and again.written() == {}
    assert history_of(dashboard_text(sandbox)).points == history.points
    assert again.trend == history.points

    # The report command reads the same history, with its own day's point, and writes nothing.
    conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
    assert read_progress(program, NIGHTS[-1], conn).trend() == history.points
    later = read_progress(program, date(2026, 1, 14), conn).trend()
    assert [p.day for p in later] == [*NIGHTS, date(2026, 1, 14)]
    assert sandbox.stats()["writes"] == 0


def test_reading_the_history_costs_no_request(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    sweep(sandbox, program, NIGHTS[0])
    empty = sweep(sandbox, program, NIGHTS[0]).requests
    for day in NIGHTS[1:]:
        sweep(sandbox, program, day)
    # The dashboard now holds three nights: the same night's re-run reads exactly as much.
    assert sweep(sandbox, program, NIGHTS[-1]).requests == empty


def test_a_persons_edit_above_the_hidden_block_is_kept(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    sweep(sandbox, program, NIGHTS[0])
    issue = coordinator(sandbox)
    note = "Rosa's note: the spring round pairs met at the offsite.\n\n"
    issue.description = note + issue.description
    issue.save()
    sweep(sandbox, program, NIGHTS[1])
    text = dashboard_text(sandbox)
    assert text.startswith(note)
    assert [p.day for p in history_of(text).points] == list(NIGHTS[:2])


def test_a_damaged_history_starts_afresh_and_says_so(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    sweep(sandbox, program, NIGHTS[0])
    issue = coordinator(sandbox)
    issue.description = issue.description.replace(f"{HISTORY_START} v1",
                                                  f"{HISTORY_START} v1, edited by hand")
    issue.save()
    result = sweep(sandbox, program, NIGHTS[1])
    [notice] = [a for a in result.updates.actions if a.kind == "history_reset"]
    assert "afresh" in notice.reason
    assert [p.day for p in history_of(dashboard_text(sandbox)).points] == [NIGHTS[1]]


def test_a_crash_before_the_dashboard_write_keeps_the_old_history(
    world: tuple[Sandbox, Program], monkeypatch: pytest.MonkeyPatch,
) -> None:
    sandbox, program = world
    for day in NIGHTS[:2]:
        sweep(sandbox, program, day)
    before = dashboard_text(sandbox)

    def killed(self: SweepExecutor, action: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(SweepExecutor, "_update_dashboard", killed)
        with pytest.raises(Killed):
            sweep(sandbox, program, NIGHTS[2])
    assert dashboard_text(sandbox) == before  # the one PUT never went out: history intact

    again = sweep(sandbox, program, NIGHTS[2])
    assert again.written().get("update_dashboard") == 1
    assert [p.day for p in history_of(dashboard_text(sandbox)).points] == list(NIGHTS)
    sandbox.reset_stats()
    sweep(sandbox, program, NIGHTS[2])
    assert sandbox.stats()["writes"] == 0
