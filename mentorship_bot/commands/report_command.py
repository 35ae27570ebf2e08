"""``mentorship-bot report``: where the program stands, as files, without writing to GitLab."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mentorship_bot.commands.gitlab_env import connect
from mentorship_bot.commands.output import FORMAT_OPTION, echo_json, echo_problems
from mentorship_bot.commands.plan_command import parse_today
from mentorship_bot.commands.preconditions import require_dashboard
from mentorship_bot.commands.progress_output import paths_text, progress_json, round_lines
from mentorship_bot.feedback.aggregate import response_counts
from mentorship_bot.program.loader import load_program_with_warnings
from mentorship_bot.runs.surveying import read_surveys
from mentorship_bot.runs.sweeping import read_progress
from mentorship_bot.sweep.certificates import program_certificates


@click.command("report")
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@click.option("--today", help="Report as on this date (YYYY-MM-DD) instead of today.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("mentorship-reports"), show_default=True,
              help="Where report.json, report.md, report.html, pairs.csv, metrics.txt go.")
@FORMAT_OPTION
def report(path: str, today: str | None, report_dir: Path, output_format: str) -> None:
    """Compute every pair's progress and write the reports; GitLab is only read.

    Reports are aggregate: usernames, statuses and numbers, never what a pair wrote. Example:
    mentorship-bot report --report-dir reports
    """
    day = parse_today(today)
    program, warnings = load_program_with_warnings(path, today=day)
    echo_problems(warnings)
    conn = connect(os.environ)
    dashboard = require_dashboard(program, conn)
    reading = read_progress(program, day, conn, dashboard=dashboard)
    certificates = program_certificates(program, reading.progress)
    _, feedback = read_surveys(program, parse_today(today), conn)
    from mentorship_bot.reports import write_reports  # HTML and charts: only when asked

    paths = write_reports(reading.progress, report_dir, certificates,
                          trend=reading.trend(response_counts(feedback)), feedback=feedback)
    if output_format == "json":
        echo_json({**progress_json(reading.progress), "reports": [str(p) for p in paths],
                   "requests": conn.request_counts()})
        return
    click.echo(f"{reading.progress.name} on {reading.progress.today}")
    for line in round_lines(reading.progress):
        click.echo(f"  {line}")
    click.echo(f"reports: {paths_text(paths[:5])}" + (" …" if len(paths) > 5 else ""))
