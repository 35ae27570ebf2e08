"""People made Guests of a project the bot reads back in bulk (the feedback and intake projects).

Their ids are read a hundred per GraphQL request (the issues are assigned by id), then they are
added a hundred per request: ``POST /projects/:id/members`` takes a comma-separated ``user_id``
list (lib/api/members.rb hands it to Members::CreateService) and answers a status object naming
whom it could not add.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gitlab

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection, retry_write
from mentorship_bot.adapter.execute import Outcome
from mentorship_bot.adapter.execute import _describe_error as describe_error
from mentorship_bot.adapter.graphql_users import look_up_user_ids
from mentorship_bot.adapter.members import INHERITED, _reasons
from mentorship_bot.adapter.paging import list_all
from mentorship_bot.adapter.sweep_execute import SweepExecutor
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan import Action, Plan

GUEST = 10  # lib/gitlab/access.rb

def project_members(project: Any, workers: int) -> dict[str, int]:
    """Everyone in the project, inherited included: lower-case username -> user id."""
    return {m.username.lower(): int(m.id) for m in list_all(project.members_all, workers)}


# Members::CreateService refuses longer lists in one request (DEFAULT_INVITE_LIMIT).
INVITE_LIMIT = 100


def add_guests(project: Any, user_ids: dict[str, int]) -> dict[str, str | None]:
    """Each username mapped to why GitLab did not add it, or None: by user id, a hundred per
    request (lib/api/members.rb hands a comma-separated ``user_id`` list to
    Members::CreateService)."""
    reasons: dict[str, str | None] = {}
    names = list(user_ids)
    for start in range(0, len(names), INVITE_LIMIT):
        chunk = names[start:start + INVITE_LIMIT]
        payload = {"user_id": ",".join(str(user_ids[name]) for name in chunk),
                   "access_level": GUEST}

        def create(payload: dict[str, Any] = payload) -> Any:
            return project.members.create(payload)

        try:
            answer = retry_write(create, lambda: None)
        except gitlab.exceptions.GitlabCreateError as exc:
            # One person: 409 when a member already, 400 when they inherit more.
            if len(chunk) == 1 and (exc.response_code == 409 or (
                    exc.response_code == 400 and INHERITED in str(exc.error_message))):
                reasons[chunk[0]] = None
                continue
            raise
        if getattr(answer, "status", "success") == "success":
            reasons.update(dict.fromkeys(chunk))
        else:
            reasons.update(_reasons(chunk, str(getattr(answer, "message", "") or "")))
    return reasons



def make_guests(executor: SweepExecutor, project_id: int, actions: list[Action]) -> list[Outcome]:
    """Carry out ``add_member`` actions (attribute ``username``) as Guests of the project; every
    failure is reported with its action, never raised."""
    try:
        found = look_up_user_ids(executor.conn, [a.attribute("username") for a in actions])
        known = {name: user_id for name, user_id in found.items() if user_id is not None}
        with executor.ids.lock:
            executor.ids.users.update({name.lower(): uid for name, uid in known.items()})
        project = executor.conn.writes.projects.get(project_id, lazy=True)
        reasons = add_guests(project, known) if known else {}
        outcomes = [Outcome(a, reasons.get(name) if name in known
                            else f"no GitLab user {name!r}")
                    for a in actions for name in [a.attribute("username")]]
    except Exception as exc:
        outcomes = [Outcome(a, describe_error(exc)) for a in actions]
    for outcome in outcomes:
        executor.on_done(outcome)
    return outcomes


class GuestProjectExecutor(SweepExecutor):
    """Writes in a project whose people are its Guests (the feedback and intake projects): the
    new Guests first, so that each person's issue can be assigned to them."""

    def __init__(self, conn: Connection, project_id: int, path: str,
                 members: Mapping[str, int], *,
                 workers: int = DEFAULT_WORKERS, on_done: Any = None) -> None:
        super().__init__(conn, ObservedState(), workers=workers, on_done=on_done)
        self.ids.users.update(members)
        self.ids.projects[path] = project_id
        self.project_id = project_id

    def guests_first(self, plan: Plan) -> tuple[list[Outcome], set[str], list[Action]]:
        """The Guests' outcomes, who could not be made one (lower-case), and the other writes."""
        writes = [a for a in plan.actions if a.writes]
        members = [a for a in writes if a.kind == "add_member"]
        outcomes = make_guests(self, self.project_id, members) if members else []
        failed = {o.action.attribute("username").lower() for o in outcomes if not o.ok}
        return outcomes, failed, [a for a in writes if a.kind != "add_member"]
