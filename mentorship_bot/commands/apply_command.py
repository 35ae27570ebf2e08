"""``mentorship-bot apply``: make GitLab match the program, executing the plan ``plan`` shows."""

from __future__ import annotations

import json
import os
import sys

import click

from mentorship_bot.adapter.connection import DEFAULT_WORKERS
from mentorship_bot.adapter.execute import ApplyResult, Executor, Outcome
from mentorship_bot.commands.finished_rounds import finished_round_warnings
from mentorship_bot.commands.gitlab_env import connect
from mentorship_bot.commands.output import (
    EXIT_OK,
    EXIT_WRITES_FAILED,
    FORMAT_OPTION,
    echo_notices_and_failures,
    echo_problems,
)
from mentorship_bot.commands.plan_command import parse_today
from mentorship_bot.commands.preconditions import require_gitlab_ready
from mentorship_bot.program.loader import load_program_with_warnings
from mentorship_bot.provision.plan_output import notices, summary_line
from mentorship_bot.runs.planning import plan_program


@click.command("apply")
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@FORMAT_OPTION
@click.option("--today", help="Apply as on this date (YYYY-MM-DD) instead of today.")
@click.option("--strict", is_flag=True, help="Treat a mentor over the soft limit as an error.")
@click.option("--update-templates", is_flag=True,
              help="Rewrite issues whose template changed (never ones a person edited).")
@click.option("--prune", is_flag=True,
              help="Archive projects of pairs no longer in the file (nothing is ever deleted).")
@click.option("--workers", type=click.IntRange(1, 16), default=DEFAULT_WORKERS, show_default=True,
              help="Pairs written in parallel.")
def apply(path: str, output_format: str, today: str | None, strict: bool,
          update_templates: bool, prune: bool, workers: int) -> None:
    """Create and update what the program at PATH needs in GitLab.

    Validates everything first, including that every username and the dashboard project exist,
    and writes nothing when anything is wrong (exit 2). A second apply right after the first
    writes nothing. Exit 1 when some writes failed (the others still happened).
    Example: mentorship-bot apply --today 2026-03-01
    """
    day = parse_today(today)
    program, warnings = load_program_with_warnings(path, strict=strict, today=day)
    echo_problems(warnings)
    conn = connect(os.environ)
    observed, plan = plan_program(program, day, conn, update_templates=update_templates,
                                  prune=prune)
    user_ids = require_gitlab_ready(path, program, conn) if plan.writes() else {}
    for line in finished_round_warnings(program, plan, day):
        click.echo(line, err=True)
    total = len(plan.writes())
    shown = _Progress(total) if sys.stderr.isatty() and output_format == "text" else None
    result = Executor(conn, observed, workers=workers, on_done=shown.step if shown else None,
                      user_ids=user_ids).run(plan)
    if shown:
        shown.finish()
    # An empty plan's summary is a sentence ("Nothing to do: ..."), not counts to call "planned".
    _report(result, summary_line(plan), notices(plan), output_format,
            nothing_to_do=not plan.counts())
    raise SystemExit(EXIT_WRITES_FAILED if result.failed() else EXIT_OK)


class _Progress:
    """A one-line counter on a terminal; CI logs get only the summary."""

    def __init__(self, total: int, verb: str = "applying") -> None:
        self.total, self.done, self.verb = total, 0, verb

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        shown = f"{self.done}/{self.total}" if self.total else f"{self.done} writes"
        click.echo(f"\r{self.verb}: {shown}", nl=False, err=True)

    def finish(self) -> None:
        click.echo("", err=True)


def _report(result: ApplyResult, planned: str, noticed: list[dict[str, str]],
            output_format: str, *, nothing_to_do: bool = False) -> None:
    failed = result.failed()
    noticed = noticed + result.noticed()
    done = sum(1 for o in result.outcomes if o.done)
    if output_format == "json":
        click.echo(json.dumps({
            "planned": planned,
            "writes": done, "failed": len(failed),
            "requests": result.requests,
            "failures": [{"kind": o.action.kind, "target": o.action.target,
                          "round": o.action.round, "pair": o.action.pair, "error": o.error}
                         for o in failed],
            "notices": noticed,
        }, indent=2))
        return
    click.echo(planned if nothing_to_do else f"planned {planned}")
    click.echo(f"done: {done} writes, {len(failed)} failed; "
               f"{sum(result.requests.values())} requests "
               f"({', '.join(f'{m} {n}' for m, n in result.requests.items())})")
    echo_notices_and_failures(noticed, failed)
