"""What must hold in GitLab before a command writes: known users, an existing dashboard project.

Checked by every command that reads GitLab, before its first write, so a missing precondition is
exit 2 with nothing written, and ``plan`` reports on a merge request what ``apply`` would refuse
(issue 16).
"""

from __future__ import annotations

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.sweep_execute import observe_dashboard
from mentorship_bot.commands.failures import CommandError, plural
from mentorship_bot.commands.users import unknown_users
from mentorship_bot.errors import GitLabError, Problem
from mentorship_bot.model import Program
from mentorship_bot.provision.observed_state import ObservedDashboard
from mentorship_bot.sweep.dashboard import dashboard_marker


def read_dashboard(program: Program, conn: Connection,
                   ) -> tuple[ObservedDashboard | None, str | None]:
    """The program's dashboard as GitLab holds it, or why it cannot be used (None, None: unset)."""
    if not program.dashboard_project:
        return None, None
    try:
        return observe_dashboard(conn, program.dashboard_project,
                                 dashboard_marker(program.slug)), None
    except GitLabError as exc:  # raised for a project that is not there or not visible
        return None, str(exc)


def missing_dashboard(program: Program, conn: Connection) -> str | None:
    """Why the program's dashboard project cannot be used, or None when it can (or is unset)."""
    return read_dashboard(program, conn)[1]


def require_dashboard(program: Program, conn: Connection) -> ObservedDashboard | None:
    """The dashboard, read once for the whole run; exit 2 before the first write when its
    project is missing (the sweep's needs)."""
    dashboard, missing = read_dashboard(program, conn)
    if missing:
        raise CommandError(f"{missing}; nothing was written")
    return dashboard


def gitlab_problems(path: str, program: Program, conn: Connection,
                    ) -> tuple[dict[str, int | None], list[Problem], list[str]]:
    """User ids, a located error per unknown user, and what else GitLab lacks."""
    user_ids, problems = unknown_users(path, program, conn)
    dashboard = missing_dashboard(program, conn)
    return user_ids, problems, [dashboard] if dashboard else []


def require_gitlab_ready(path: str, program: Program, conn: Connection) -> dict[str, int | None]:
    """Every user's id; anything missing is one ``CommandError`` (exit 2) naming all of it."""
    user_ids, problems, missing = gitlab_problems(path, program, conn)
    if problems or missing:
        raise not_ready_error(user_ids, problems, missing)
    return user_ids


def not_ready_reasons(user_ids: dict[str, int | None], missing: list[str]) -> str:
    """``1 unknown user``, or what GitLab lacks: the summary line of the failure."""
    unknown = sum(found is None for found in user_ids.values())
    return "; ".join([*missing, *([plural(unknown, "unknown user")] if unknown else [])])


def not_ready_error(user_ids: dict[str, int | None], problems: list[Problem],
                    missing: list[str]) -> CommandError:
    return CommandError(f"{not_ready_reasons(user_ids, missing)}; nothing was written", problems)
