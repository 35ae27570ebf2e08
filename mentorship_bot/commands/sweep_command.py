"""``mentorship-bot sweep``: the nightly run. Provision what is due, follow progress, report."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mentorship_bot.adapter.connection import DEFAULT_WORKERS
from mentorship_bot.commands.apply_command import _Progress
from mentorship_bot.commands.gitlab_env import connect
from mentorship_bot.commands.output import (
    EXIT_OK,
    EXIT_WRITES_FAILED,
    FORMAT_OPTION,
    echo_json,
    echo_notices_and_failures,
    echo_problems,
)
from mentorship_bot.commands.plan_command import parse_today
from mentorship_bot.commands.preconditions import require_dashboard
from mentorship_bot.commands.progress_output import (
    counts_text,
    paths_text,
    progress_json,
    round_lines,
    written_text,
)
from mentorship_bot.commands.users import require_known_users
from mentorship_bot.program.loader import load_program_with_warnings
from mentorship_bot.provision.plan_output import notices
from mentorship_bot.runs.sweeping import SweepResult, run_sweep


@click.command("sweep")
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@click.option("--today", help="Sweep as on this date (YYYY-MM-DD) instead of today.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write report.json, report.md, report.html, pairs.csv, metrics.txt and "
                   "certificates/ here.")
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Treat a mentor over the soft limit as an error.")
@click.option("--workers", type=click.IntRange(1, 16), default=DEFAULT_WORKERS, show_default=True,
              help="Pairs written in parallel.")
@click.option("--read-every-issue", is_flag=True,
              help="Read every issue tonight, not the snapshot and the updates since (after "
                   "deleting issues by hand, say); the snapshot is written anew.")
def sweep(path: str, today: str | None, report_dir: Path | None, output_format: str,
          strict: bool, workers: int, read_every_issue: bool) -> None:
    """Run the night's work for the program at PATH.

    Creates what is due (meeting issues appear just in time), reads every pair in bulk, sets each
    Progress issue's status and table, nudges once on the milestone that fell overdue most
    recently, tells the coordinators on the dashboard issue when a pair stalls, issues
    certificates when a round has ended, updates the dashboard issue, and writes the reports into
    --report-dir (none without it). A second sweep on the
    same day writes nothing. Exit 1 when some writes failed. Example:
    mentorship-bot sweep --report-dir public
    """
    day = parse_today(today)
    program, warnings = load_program_with_warnings(path, strict=strict, today=day)
    echo_problems(warnings)
    conn = connect(os.environ)
    dashboard = require_dashboard(program, conn)
    shown = _Progress(0, "sweeping") if sys.stderr.isatty() and output_format == "text" else None
    result = run_sweep(program, day, conn, workers=workers, dashboard=dashboard,
                       users=lambda: require_known_users(path, program, conn),
                       on_done=shown.step if shown else None,
                       whole="asked for (--read-every-issue)" if read_every_issue else "")
    if shown:
        shown.finish()
    paths: list[Path] = []
    if report_dir:
        from mentorship_bot.reports import write_reports  # HTML and charts: only when asked

        paths = write_reports(result.progress, report_dir, result.certificates,
                              trend=result.trend, feedback=result.feedback)
    print_sweep(result, paths, output_format)
    raise SystemExit(EXIT_WRITES_FAILED if result.failed() else EXIT_OK)


def print_sweep(result: SweepResult, paths: list[Path], output_format: str) -> None:
    failed = result.failed()
    if output_format == "json":
        echo_json({
            **progress_json(result.progress),
            "written": result.written(),
            "failed": [{"kind": o.action.kind, "target": o.action.target,
                        "pair": o.action.pair, "error": o.error} for o in failed],
            "requests": result.requests,
            "issues_read": result.issues_read,
            "snapshot": result.snapshot,
            "notices": notices(result.provision) + notices(result.updates) + result.noticed(),
            "reports": [str(p) for p in paths],
        })
        return
    click.echo(f"sweep of {result.progress.name} on {result.progress.today}")
    for line in round_lines(result.progress):
        click.echo(f"  {line}")
    click.echo(f"written: {written_text(result.written())}; {len(failed)} failed")
    click.echo(f"requests: {sum(result.requests.values())} "
               f"({counts_text(result.requests)})")
    click.echo(f"issues read: {result.issues_read}; snapshot: {result.snapshot}")
    echo_notices_and_failures(notices(result.provision) + notices(result.updates)
                              + result.noticed(), failed)
    if paths:
        click.echo(f"reports: {paths_text(paths[:5])}" + (" …" if len(paths) > 5 else ""))
    else:
        click.echo("reports: none written (--report-dir DIR writes them)")
