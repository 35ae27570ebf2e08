"""Property: for any valid program and day, apply then plan again gives a plan with no writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
TEMPLATES = TemplateSet()


@st.composite
def programs(draw: st.DrawFn) -> tuple[str, date]:
    starts = date(2026, 1, 5) + timedelta(days=draw(st.integers(0, 300)))
    length = draw(st.integers(30, 180))
    cadence = draw(st.sampled_from(["weekly", "biweekly", "monthly", {"every": "10d"}]))
    pairs = draw(st.integers(1, 3))
    data = {
        "version": 1,
        "program": {"slug": "p", "name": "P", "group": "acme/mentoring",
                    "issue_lead_days": draw(st.integers(0, 30))},
        "rounds": [{"slug": "r1", "name": "R1", "starts": starts.isoformat(),
                    "ends": (starts + timedelta(days=length)).isoformat(), "cadence": cadence}],
        "mentors": [{"username": f"mentor{i}", "name": f"Mentor {i}"} for i in range(pairs)],
        "mentees": [{"username": f"mentee{i}", "name": f"Mentee {i}"} for i in range(pairs)],
        "pairs": [{"mentor": f"mentor{i}", "mentee": f"mentee{i}", "round": "r1"}
                  for i in range(pairs)],
    }
    today = starts + timedelta(days=draw(st.integers(-20, length + 20)))
    return yaml.safe_dump(data), today


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_apply_then_plan_again_is_empty(case: tuple[str, date]) -> None:
    text, today = case
    program, problems = validate_text(text, "generated.yml")
    assert program is not None, problems
    desired = desired_state(program, today, TEMPLATES)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        conn = Connection(sandbox.url, sandbox.token)
        observed = observe(conn, desired)
        assert Executor(conn, observed).run(diff(desired, observed)).failed() == ()
        again = Connection(sandbox.url, sandbox.token)
        assert diff(desired, observe(again, desired)).writes() == ()
