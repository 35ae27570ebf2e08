"""How a failed command ends: one message, its located problems, an exit code, as text or JSON.

Commands raise ``CommandError`` for a precondition they check themselves (an unknown user, a
missing token or dashboard project); the library raises its typed errors; ``describe`` turns
either, and GitLab's refusals, into a ``Failure`` the command line prints in the format the
command was asked for (issue 16: ``--format json`` prints a JSON object on failure too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import click

from mentorship_bot.commands.output import (
    EXIT_BAD_INPUT,
    EXIT_UNEXPECTED,
    EXIT_WRITES_FAILED,
    NEEDED_RIGHTS,
    echo_json,
    echo_problems,
)
from mentorship_bot.errors import GitLabError, Problem, ProgramError, TemplateError


class CommandError(Exception):
    """A failure a command found before writing: nothing was written (exit 2 by default)."""

    def __init__(self, message: str, problems: Sequence[Problem] = (),
                 exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int
    problems: tuple[Problem, ...] = field(default=())
    bug: bool = False  # unexpected: worth a report, with a hint to re-run with -v


def describe(exc: BaseException) -> Failure:
    """The failure a user sees for ``exc``; anything not recognised is a bug."""
    if isinstance(exc, CommandError):
        return Failure(exc.message, exc.exit_code, exc.problems)
    if isinstance(exc, ProgramError):
        errors = sum(p.severity == "error" for p in exc.problems)
        where = exc.problems[0].file if exc.problems else "the program file"
        return Failure(f"{where}: {plural(errors, 'error')}; nothing was written",
                       EXIT_BAD_INPUT, tuple(exc.problems))
    if isinstance(exc, TemplateError):
        return Failure(f"template {exc}", EXIT_BAD_INPUT)
    refused = _refused_token(exc)
    if refused is not None:
        return refused
    if isinstance(exc, GitLabError):
        return Failure(str(exc), EXIT_WRITES_FAILED)
    if isinstance(exc, OSError):  # GitLab unreachable (requests' errors are OSErrors), a full disk
        return Failure(describe_os_error(exc), EXIT_WRITES_FAILED)
    return Failure(f"{type(exc).__name__}: {exc}", EXIT_UNEXPECTED, bug=True)


def _refused_token(exc: BaseException) -> Failure | None:
    """GitLab's 401 and 403 on a read: the token, not the bot, is wrong; nothing was written.

    python-gitlab's errors carry the HTTP status as ``response_code``; the command line may not
    import python-gitlab (tests/test_layout.py), so it reads the status, never the message text.
    """
    code = getattr(exc, "response_code", None)
    detail = getattr(exc, "error_message", None) or str(exc)
    if code == 401:
        return Failure(f"GitLab refused the token (401): {detail}. Check that GITLAB_TOKEN is the "
                       "bot's token, that it has not expired or been revoked, and that GITLAB_URL "
                       "is the GitLab that issued it", EXIT_BAD_INPUT)
    if code == 403:
        return Failure(f"the token lacks the rights the bot needs (403): {detail}. It needs "
                       f"{NEEDED_RIGHTS}", EXIT_BAD_INPUT)
    return None


def describe_os_error(exc: OSError) -> str:
    """One line a coordinator can act on, instead of urllib3's nested reprs."""
    if type(exc).__module__.startswith(("requests", "urllib3")):
        request = getattr(exc, "request", None)
        where = f" at {request.url.split('?')[0]}" if request is not None and request.url else ""
        reason = re.findall(r"\[Errno -?\d+\] [^'\")]+|timed out|Name or service not known",
                            str(exc))
        return f"cannot reach GitLab{where}: {reason[-1] if reason else type(exc).__name__}"
    return str(exc)


def echo_failure(failure: Failure, output_format: str) -> None:
    """JSON on stdout for machines (same exit code); located problems then ``error:`` for people."""
    if output_format == "json":
        echo_json({"error": failure.message,
                   "problems": [p.as_dict() for p in failure.problems]})
        return
    echo_problems(failure.problems)
    label = "unexpected error" if failure.bug else "error"
    click.echo(f"{label}: {failure.message}", err=True)
    if failure.bug:
        click.echo("This is a bug in mentorship-bot; re-run with -v for details and report it.",
                   err=True)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 error``, ``2 errors``: every count the bot prints goes through here."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
