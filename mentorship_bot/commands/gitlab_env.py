"""The GitLab connection from the environment: GITLAB_URL (or CI_SERVER_URL) and GITLAB_TOKEN.

Only the CLI reads the environment. The token goes to the connection and nowhere else: it is never
printed, logged or put in a report.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.commands.failures import CommandError
from mentorship_bot.commands.output import NEEDED_RIGHTS


def gitlab_url(env: Mapping[str, str]) -> str | None:
    return env.get("GITLAB_URL") or env.get("CI_SERVER_URL") or None


def connect(env: Mapping[str, str]) -> Connection:
    url = gitlab_url(env)
    token = env.get("GITLAB_TOKEN")
    # Not usage errors: the command line was right, the environment is missing a setting.
    if not url:
        raise CommandError("set GITLAB_URL (or run in GitLab CI, which sets CI_SERVER_URL)")
    if not token:
        raise CommandError(f"set GITLAB_TOKEN to a token of the bot user ({NEEDED_RIGHTS})")
    return Connection(url, token, limits=limits_from(env))


def limits_from(env: Mapping[str, str]) -> Limits:
    """MENTORSHIP_BOT_REQUESTS_PER_MINUTE paces every request (1800 suits GitLab.com)."""
    value = env.get("MENTORSHIP_BOT_REQUESTS_PER_MINUTE", "").strip()
    if not value:
        return Limits()
    try:
        per_minute = float(value)
    except ValueError:
        raise CommandError(
            f"MENTORSHIP_BOT_REQUESTS_PER_MINUTE must be a number, got {value!r}") from None
    return Limits(requests_per_minute=per_minute if per_minute > 0 else None)
