"""Printing shared by the commands: problems as text or JSON, and the exit codes they imply."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from mentorship_bot.errors import Problem

# Said wherever the token's rights come up, so messages and README name the same role.
NEEDED_RIGHTS = "the api scope and the Owner role on the program group (program.group)"

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_WRITES_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 3



def remember_format(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """Keep ``--format`` where the error handler finds it: a failure prints in the same format."""
    ctx.find_root().ensure_object(dict)["format"] = value
    return value


def format_option(*choices: str, help_text: str = "text for people, json for machines.",
                  ) -> Callable[[F], F]:
    """The ``--format`` option of every command, remembered for the failure output."""
    return click.option("--format", "output_format", type=click.Choice(list(choices)),
                        default="text", show_default=True, help=help_text,
                        callback=remember_format)


FORMAT_OPTION = format_option("text", "json")


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
    forbidden = False
    for outcome in failed:
        where = f" (pair {outcome.action.pair})" if outcome.action.pair else ""
        click.echo(f"  failed {outcome.action.kind} {outcome.action.target}{where}: "
                   f"{outcome.error}")
        # The adapter writes a refusal as "GitLab answered CODE: ..." (adapter/execute.py).
        forbidden = forbidden or str(outcome.error).startswith("GitLab answered 403")
    if forbidden:
        click.echo(f"  a 403 means the token lacks rights: the bot needs {NEEDED_RIGHTS}")
