"""The ``mentorship-bot`` command line: parse options, dispatch to one command module, map errors.

Exit codes: 0 ok, 1 some GitLab writes failed, 2 bad input or usage, 3 unexpected (re-run with -v).
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from mentorship_bot import __version__
from mentorship_bot.commands.diagnostics import MaskingStream, configure_logging, secrets_from
from mentorship_bot.commands.failures import Failure, describe, echo_failure


class _Group(click.Group):
    """Turns every error into one message and an exit code, in one place, in the command's format.

    The library's typed errors, a command's own ``CommandError`` and GitLab's refusals are the
    user's to fix (exit 1 or 2); anything else is a bug (exit 3, with a hint to re-run with -v).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:  # a bad option or date: click's own words, as JSON too
            if (ctx.obj or {}).get("format") != "json":
                raise
            echo_failure(Failure(exc.format_message(), exc.exit_code), "json")
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:  # the last line of defence: never a bare traceback
            failure = describe(exc)
            if ctx.obj and ctx.obj.get("verbose"):
                click.echo(traceback.format_exc(), err=True)
            echo_failure(failure, (ctx.obj or {}).get("format", "text"))
            ctx.exit(failure.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorship-bot")
@click.option("-v", "--verbose", count=True,
              help="Log what the bot does and show tracebacks; -vv logs every HTTP exchange too. "
              "Tokens are masked at every level.")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Run mentorship programs through GitLab issues.

    A program is described in YAML (rounds, mentors, mentees, pairs, a milestone plan). The bot
    validates it, plans the GitLab objects it implies, creates them, and follows each pair's
    progress.
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    secrets = secrets_from(os.environ)
    if secrets:
        sys.stdout = MaskingStream(sys.stdout, secrets)
        sys.stderr = MaskingStream(sys.stderr, secrets)
    configure_logging(verbose)


def _register() -> None:
    # Imported here so that ``mentorship_bot.cli`` stays the one place commands are listed.
    # Each command module adds one line below.
    from mentorship_bot.commands import (
        apply_command,
        demo_command,
        init_command,
        match_command,
        plan_command,
        report_command,
        sandbox_command,
        schema,
        sweep_command,
        validate,
    )

    main.add_command(init_command.init)
    main.add_command(validate.validate)
    main.add_command(plan_command.plan)
    main.add_command(apply_command.apply)
    main.add_command(sweep_command.sweep)
    main.add_command(report_command.report)
    main.add_command(match_command.match)
    main.add_command(schema.schema)
    main.add_command(sandbox_command.sandbox)
    main.add_command(demo_command.demo)


_register()
