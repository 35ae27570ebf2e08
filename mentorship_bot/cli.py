"""The ``mentorship-bot`` command line: parse options, dispatch to one command module, map errors.

Exit codes: 0 ok, 1 some GitLab writes failed, 2 bad input or usage, 3 unexpected (re-run with -v).
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

import click

from mentorship_bot import __version__
from mentorship_bot.commands.output import (
    EXIT_BAD_INPUT,
    EXIT_UNEXPECTED,
    EXIT_WRITES_FAILED,
    echo_problems,
)
from mentorship_bot.errors import GitLabError, ProgramError, TemplateError


class _Group(click.Group):
    """Turns the library's typed errors into messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except ProgramError as exc:
            echo_problems(exc.problems)
            ctx.exit(EXIT_BAD_INPUT)
        except TemplateError as exc:
            click.echo(f"error: template {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except GitLabError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_WRITES_FAILED)
        except Exception as exc:  # the last line of defence: never a bare traceback
            if ctx.obj and ctx.obj.get("verbose"):
                click.echo(traceback.format_exc(), err=True)
            click.echo(f"unexpected error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in mentorship-bot; re-run with -v for details and report "
                       "it.", err=True)
            ctx.exit(EXIT_UNEXPECTED)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorship-bot")
@click.option("-v", "--verbose", is_flag=True, help="Log what the bot does, and show tracebacks.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Run mentorship programs through GitLab issues.

    A program is described in YAML (rounds, mentors, mentees, pairs, a milestone plan). The bot
    validates it, plans the GitLab objects it implies, creates them, and follows each pair's
    progress.
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def _register() -> None:
    # Imported here so that ``mentorship_bot.cli`` stays the one place commands are listed.
    # Each command module adds one line below.
    from mentorship_bot.commands import (
        apply_command,
        demo_command,
        plan_command,
        report_command,
        sandbox_command,
        schema,
        sweep_command,
        validate,
    )

    main.add_command(validate.validate)
    main.add_command(plan_command.plan)
    main.add_command(apply_command.apply)
    main.add_command(sweep_command.sweep)
    main.add_command(report_command.report)
    main.add_command(schema.schema)
    main.add_command(sandbox_command.sandbox)
    main.add_command(demo_command.demo)


_register()
