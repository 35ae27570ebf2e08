"""The pre-write check every writing command makes: every username in the file exists."""

from __future__ import annotations

import click

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import look_up_users
from mentorship_bot.commands.output import EXIT_BAD_INPUT, echo_problems
from mentorship_bot.model import Program
from mentorship_bot.program.loader import locate_usernames


def require_known_users(path: str, program: Program, conn: Connection) -> dict[str, int | None]:
    """Every user's id; an unknown one is a located error and exit 2, before anything is written."""
    user_ids = look_up_users(conn, program.usernames())
    unknown = [name for name, found in user_ids.items() if found is None]
    if unknown:
        echo_problems(locate_usernames(path, unknown, "{username!r} is not a GitLab user"))
        plural = "s" * (len(unknown) != 1)
        click.echo(f"nothing was written: {len(unknown)} unknown user{plural}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    return user_ids
