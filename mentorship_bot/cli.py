"""The ``mentorship-bot`` command line: parse options, dispatch to one command module, map errors.

Exit codes: 0 ok, 1 some GitLab writes failed, 2 bad input or usage, 3 unexpected (re-run with -v).
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from typing import Any

import click

from mentorship_bot import __version__
from mentorship_bot.commands.diagnostics import MaskingStream, configure_logging, secrets_from
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
        except OSError as exc:  # GitLab unreachable (requests' errors are OSErrors), a full disk
            click.echo(f"error: {describe_os_error(exc)}", err=True)
            ctx.exit(EXIT_WRITES_FAILED)
        except Exception as exc:  # the last line of defence: never a bare traceback
            if ctx.obj and ctx.obj.get("verbose"):
                click.echo(traceback.format_exc(), err=True)
            click.echo(f"unexpected error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in mentorship-bot; re-run with -v for details and report "
                       "it.", err=True)
            ctx.exit(EXIT_UNEXPECTED)


def describe_os_error(exc: OSError) -> str:
    """One line a coordinator can act on, instead of urllib3's nested reprs."""
    if type(exc).__module__.startswith(("requests", "urllib3")):
        request = getattr(exc, "request", None)
        where = f" at {request.url.split('?')[0]}" if request is not None and request.url else ""
        reason = re.findall(r"\[Errno -?\d+\] [^'\")]+|timed out|Name or service not known",
                            str(exc))
        return f"cannot reach GitLab{where}: {reason[-1] if reason else type(exc).__name__}"
    return str(exc)


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
        sys.stdout = MaskingStream(sys.stdout, secrets)  # type: ignore[assignment]
        sys.stderr = MaskingStream(sys.stderr, secrets)  # type: ignore[assignment]
    configure_logging(verbose)


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
