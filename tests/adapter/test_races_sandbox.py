"""Two applies at once: the end state is right, and what slipped through is closed, not deleted."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
from program_samples import small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
TODAY = date(2026, 2, 1)


def test_two_applies_at_once_then_one_more_converge_without_losing_anything() -> None:
    desired = desired_state(small_program(), TODAY, TemplateSet())
    with Sandbox(latency_ms=5) as sandbox:
        sandbox.seed_program(small_program())
        conns = [Connection(sandbox.url, sandbox.token) for _ in range(2)]
        observed = [observe(conn, desired) for conn in conns]  # both see an empty GitLab
        failures: list[object] = []

        def run(i: int) -> None:
            result = Executor(conns[i], observed[i]).run(diff(desired, observed[i]))
            failures.extend(o.error for o in result.failed())

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []  # "already taken" answers were looked up, not failed

        store = sandbox.store
        projects = Counter(store.full_path(p) for p in store.projects.values())
        assert set(projects.values()) == {1}

        conn = Connection(sandbox.url, sandbox.token)
        after_race = observe(conn, desired)
        plan = diff(desired, after_race)
        slipped = [a for a in plan.writes() if a.kind == "close_duplicate"]
        assert slipped and len(slipped) == len(after_race.duplicates)
        assert Executor(conn, after_race).run(plan).failed() == ()
        assert diff(desired, observe(conn, desired)).writes() == ()

        open_per_marker: Counter[str] = Counter()
        for project in store.projects.values():
            for issue in project.issues.values():
                marker = parse_marker(issue.description)
                assert marker is not None
                if issue.state == "opened":
                    open_per_marker[marker.id] += 1
                else:  # a closed duplicate says which issue counts
                    assert "duplicate of #" in issue.notes[-1].body
        assert set(open_per_marker.values()) == {1}
        assert sorted(open_per_marker) == sorted(i.marker_id for i in desired.issues)
