"""Each kind of YAML change, applied on the sandbox, plans and writes exactly its delta."""

from __future__ import annotations

from datetime import date

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

pytestmark = pytest.mark.integration
TODAY = date(2026, 2, 1)


def apply(sandbox: Sandbox, text: str) -> Plan:
    desired = desired_state(small_program(text), TODAY, TemplateSet())
    conn = Connection(sandbox.url, sandbox.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed)
    assert Executor(conn, observed).run(plan).failed() == ()
    return plan


@pytest.mark.parametrize(("change", "expected"), [
    # The spring round ends a week later: the final meeting and midpoint move, with their issues.
    (("ends: 2026-03-29, cadence: monthly", "ends: 2026-04-05, cadence: monthly"),
     {"update_milestone": 2, "update_issue": 4, "commit_calendar": 2, "record_calendar": 2}),
    # A new pair: its project, two members, one commit and its issues; nothing shared.
    (("  - {mentor: bob, mentee: dave, round: spring-2026}\n",
      "  - {mentor: bob, mentee: dave, round: spring-2026}\n"
      "  - {mentor: bob, mentee: carol, round: autumn-2026}\n"),
     {"create_project": 1, "add_member": 2, "commit_files": 1, "create_issue": 5}),
])
def test_a_change_writes_exactly_its_delta(change: tuple[str, str], expected: dict) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        apply(sandbox, SMALL)
        changed = SMALL.replace(*change)
        assert changed != SMALL
        sandbox.reset_stats()
        plan = apply(sandbox, changed)
        assert {k: n for k, n in plan.counts().items() if k not in ("template_changed",)} == \
            expected
        # A new pair's two members are added in one request.
        batched = expected.get("add_member", 0) // 2
        assert sandbox.stats()["writes"] == sum(expected.values()) - batched
        assert apply(sandbox, changed).writes() == ()
