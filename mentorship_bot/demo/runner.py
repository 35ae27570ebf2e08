"""Live through a round on the sandbox: pairs act during the week, the bot sweeps every night.

Everything goes through HTTP: the bot through python-gitlab exactly as in production, the
simulated people through the REST API with their own tokens. Only the clock is the sandbox's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.demo.personas import PRIVATE_MARKER, personas, steps_for
from mentorship_bot.model import Program, Round
from mentorship_bot.runs.sweeping import SweepResult, run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.people import Person


@dataclass(frozen=True)
class Night:
    day: date
    by_status: dict[str, int]  # the lived round's pairs
    written: dict[str, int]


@dataclass
class DemoResult:
    program: Program
    round: Round
    personas: dict[str, str]
    nights: list[Night] = field(default_factory=list)
    last: SweepResult | None = None
    requests: int = 0
    people_actions: int = 0
    private_comments: int = 0  # comments carrying PRIVATE_MARKER: the privacy check's bait


def run_demo(
    program: Program,
    *,
    seed: int = 7,
    step_days: int = 7,
    on_night: Callable[[Night], None] | None = None,
) -> DemoResult:
    """Sweep the program's first round from its first day to the day after its end."""
    round_ = min(program.rounds, key=lambda r: (r.starts, r.slug))
    pairs = sorted((p for p in program.pairs if p.round == round_.slug), key=lambda p: p.slug)
    result = DemoResult(program, round_, personas([p.slug for p in pairs], seed))
    rng = random.Random(seed)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        for path in (program.dashboard_project,
                     program.feedback.project if program.feedback else None):
            if path:
                namespace, name = path.rsplit("/", 1)
                sandbox.add_group(namespace)
                Person(sandbox.url, sandbox.token).create_project(namespace, name)
        conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
        people = {}
        for username in program.usernames():
            user = sandbox.store.user_named(username)
            assert user is not None
            people[username] = Person(sandbox.url, user.token)
        day = round_.starts
        while True:
            sandbox.set_clock(datetime.combine(day, time(23, 0), tzinfo=timezone.utc))
            sweep = run_sweep(program, day, conn)
            lived = next(r for r in sweep.progress.rounds if r.slug == round_.slug)
            night = Night(day, lived.by_status, sweep.written())
            result.nights.append(night)
            result.last = sweep
            if on_night:
                on_night(night)
            if day > round_.ends:
                break
            following = min(day + timedelta(days=step_days), round_.ends + timedelta(days=1))
            during = day + (following - day) / 2
            sandbox.set_clock(datetime.combine(during, time(12, 0), tzinfo=timezone.utc))
            for pair in pairs:
                project = f"{program.group}/{round_.slug}/{pair.slug}"
                mentee, mentor = people[pair.mentee], people[pair.mentor]
                issues = mentee.issues(project)
                for step in steps_for(result.personas[pair.slug], issues, during, round_.starts,
                                      rng):
                    if step.kind == "tick":
                        mentee.tick_tasks(project, step.iid)
                    elif step.kind == "comment":
                        rng.choice((mentee, mentor)).comment(project, step.iid, step.text)
                        result.private_comments += PRIVATE_MARKER in step.text
                    else:
                        mentee.close(project, step.iid)
                    result.people_actions += 1
            day = following
        result.requests = sum(conn.request_counts().values())
    return result


def leaked_private_text(paths: list[Path]) -> list[Path]:
    """Report files that contain text a pair wrote (must be none)."""
    return [p for p in paths if p.is_file()
            and PRIVATE_MARKER in p.read_text(encoding="utf-8", errors="replace")]
