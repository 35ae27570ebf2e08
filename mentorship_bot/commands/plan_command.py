"""``mentorship-bot plan``: show what would be created or changed in GitLab, before anything is."""

from __future__ import annotations

import io
import os
from datetime import date

import click

from mentorship_bot.adapter.mr_note import CappedText, post_plan_note
from mentorship_bot.commands.failures import CommandError
from mentorship_bot.commands.finished_rounds import finished_round_lines
from mentorship_bot.commands.gitlab_env import connect, gitlab_url
from mentorship_bot.commands.output import echo_problems, format_option
from mentorship_bot.commands.plan_note import markdown_errors
from mentorship_bot.commands.preconditions import (
    gitlab_problems,
    not_ready_error,
    not_ready_reasons,
)
from mentorship_bot.program.loader import load_program_with_warnings
from mentorship_bot.provision.plan_writers import TextSink, write_plan
from mentorship_bot.runs.plan_parts import processes_for, write_json_plan
from mentorship_bot.runs.planning import plan_shares


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date such as 2026-03-01, got {value!r}") from None


@click.command("plan")
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@format_option("text", "json", "markdown",
               help_text="text for people, json for machines, markdown for a merge request.")
@click.option("--today", help="Plan as on this date (YYYY-MM-DD) instead of today.")
@click.option("--verbose", "verbose_plan", is_flag=True, help="List every action of every pair.")
@click.option("--strict", is_flag=True, help="Treat a mentor over the soft limit as an error.")
@click.option(
    "--update-templates",
    is_flag=True,
    help="Plan to rewrite issues whose template changed (never ones a person edited).",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Plan to archive projects of pairs no longer in the file (never deletes).",
)
@click.option(
    "--mr-note",
    is_flag=True,
    help="Also post the plan on the pipeline's merge request (CI_MERGE_REQUEST_IID, "
    "CI_MERGE_REQUEST_PROJECT_ID), updating the same note on later pushes.",
)
def plan(
    path: str,
    output_format: str,
    today: str | None,
    verbose_plan: bool,
    strict: bool,
    update_templates: bool,
    prune: bool,
    mr_note: bool,
) -> None:
    """Show what the program at PATH would create or change in GitLab.

    It reads GitLab (GITLAB_URL or CI_SERVER_URL, and GITLAB_TOKEN) in bulk and writes nothing;
    with no GitLab configured it plans against an empty GitLab, so it works anywhere. Against a
    GitLab it also checks what apply would refuse (unknown users, a missing dashboard project)
    and exits 2, showing it on the merge request too.
    Example: mentorship-bot plan config/program.yml --format json
    """
    env = os.environ
    day = parse_today(today)
    program, warnings = load_program_with_warnings(path, strict=strict, today=day)
    echo_problems(warnings)
    in_mr = env.get("CI_MERGE_REQUEST_IID") and env.get("CI_MERGE_REQUEST_PROJECT_ID")
    if mr_note and not in_mr:
        raise CommandError("--mr-note runs in a merge request pipeline: CI_MERGE_REQUEST_IID "
                           "and CI_MERGE_REQUEST_PROJECT_ID are not set")
    conn = connect(env) if gitlab_url(env) else None
    if conn is None:
        if mr_note:
            raise CommandError("--mr-note needs GITLAB_URL (or CI_SERVER_URL) and GITLAB_TOKEN")
        click.echo("no GitLab configured (GITLAB_URL unset): planning against an empty GitLab",
                   err=True)
    observed, shares = plan_shares(program, day, conn, update_templates=update_templates,
                                   prune=prune)
    failure, summary = None, ""
    if conn is not None:
        user_ids, problems, missing = gitlab_problems(path, program, conn)
        if problems or missing:
            failure = not_ready_error(user_ids, problems, missing)
            summary = not_ready_reasons(user_ids, missing)
    # The plan is written as it is produced, pair by pair (issue 18); the merge request note gets
    # the Markdown at once, capped to what a note holds. What apply would refuse: no plan printed.
    outputs: list[tuple[str, TextSink]] = [] if failure is not None else [(output_format, _Echo())]
    note = CappedText() if mr_note and conn is not None else None
    if note is not None:
        outputs.append(("markdown", note))
    if [fmt for fmt, _ in outputs] == ["json"]:
        # the JSON plan of a large program is made by several processes (issue 18)
        totals = write_json_plan(shares, processes_for(len(program.pairs)), program, day,
                                 observed.source, outputs[0][1])
    else:
        totals = write_plan(shares((0, 1)), program, day, observed.source, outputs,
                            verbose=verbose_plan)
    for line in finished_round_lines(program, totals.new_projects, day):
        click.echo(line, err=True)
    if conn is not None:
        click.echo(f"read {conn.url} in {conn.total_requests()} requests", err=True)
    if note is not None and conn is not None:
        body = note.text()
        if failure is not None:  # the reviewers see what apply would refuse, before merging
            body = markdown_errors(failure.problems, summary) + body
        done = post_plan_note(conn, env["CI_MERGE_REQUEST_PROJECT_ID"],
                              int(env["CI_MERGE_REQUEST_IID"]), body,
                              f"{program.slug}/plan-note")
        click.echo(f"merge request note {done}", err=True)
    if failure is not None:
        raise failure


class _Echo(io.TextIOBase):
    """Standard output as a file for ``write_plan``, through click (tests capture it)."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)
