"""The username check every command that reads GitLab makes: every username in the file exists."""

from __future__ import annotations

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_users import look_up_user_ids
from mentorship_bot.commands.failures import CommandError, plural
from mentorship_bot.errors import Problem
from mentorship_bot.model import Program
from mentorship_bot.program.loader import locate_usernames


def unknown_users(path: str, program: Program, conn: Connection,
                  ) -> tuple[dict[str, int | None], list[Problem]]:
    """Every user's id (None when unknown), and a located error for each unknown one."""
    user_ids = look_up_user_ids(conn, program.usernames())
    unknown = [name for name, found in user_ids.items() if found is None]
    problems = locate_usernames(path, unknown, "{username!r} is not a GitLab user") if unknown \
        else []
    return user_ids, problems


def require_known_users(path: str, program: Program, conn: Connection) -> dict[str, int | None]:
    """Every user's id; an unknown one is a located error and exit 2, before anything is written."""
    user_ids, problems = unknown_users(path, program, conn)
    if problems:
        raise unknown_users_error(user_ids, problems)
    return user_ids


def unknown_users_error(user_ids: dict[str, int | None], problems: list[Problem]) -> CommandError:
    unknown = sum(found is None for found in user_ids.values())
    return CommandError(f"{plural(unknown, 'unknown user')}; nothing was written", problems)
