"""Printing shared by the commands: problems as text or JSON, and the exit codes they imply."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from mentorship_bot.errors import Problem

EXIT_OK = 0
EXIT_WRITES_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 3

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)


def echo_problems(problems: Iterable[Problem]) -> None:
    """Each problem on its own line on stderr, errors and warnings alike, in file order."""
    for problem in problems:
        click.echo(problem.format(), err=True)


def echo_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, sort_keys=True, default=str))


def echo_notices_and_failures(noticed: list[dict[str, str]], failed: Iterable[Any]) -> None:
    """After a run: what a coordinator must know (notices), then each failed write and why."""
    for notice in noticed:
        click.echo(f"  notice: {notice['target']}: "
                   f"{notice['reason'] or notice['kind'].replace('_', ' ')}")
    for outcome in failed:
        where = f" (pair {outcome.action.pair})" if outcome.action.pair else ""
        click.echo(f"  failed {outcome.action.kind} {outcome.action.target}{where}: "
                   f"{outcome.error}")
