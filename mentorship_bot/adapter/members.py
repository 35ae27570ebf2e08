"""Add a pair's people to its project in one request, and read GitLab's answer person by person.

``POST /projects/:id/members`` takes several user ids at once (lib/api/members.rb hands a
comma-separated list to Members::CreateService) and answers 201 with a status object:
``{"status": "success"}``, or ``{"status": "error", "message": "jane: Access level …"}`` naming
each person it could not add. Adding someone again in a list updates them, so a retry is safe.
"""

from __future__ import annotations

from typing import Any

import gitlab

from mentorship_bot.adapter.connection import retry_write

# app/models/member.rb refuses a level below what the person inherits from a group: they already
# have more than the pair needs, so for the bot that person is in.
INHERITED = "inherited membership"
ALREADY = "already exists"


def add_members(project: Any, user_ids: dict[str, int], access_level: int) -> dict[str, str | None]:
    """Each username mapped to why it could not be added, or None when it is in the project."""
    if len(user_ids) == 1:
        [(username, user_id)] = user_ids.items()
        return {username: _add_one(project, user_id, access_level)}
    payload = {"user_id": ",".join(str(i) for i in user_ids.values()),
               "access_level": access_level}
    answer = retry_write(lambda: project.members.create(payload), lambda: None)
    status = getattr(answer, "status", "success")
    if status == "success":
        return dict.fromkeys(user_ids)
    return _reasons(list(user_ids), str(getattr(answer, "message", "") or ""))


def _add_one(project: Any, user_id: int, access_level: int) -> str | None:
    """Add one person; one who is a direct member already (409) had their role lowered by
    hand, so it is raised back (``PUT``: a single add never changes an existing member)."""
    try:
        retry_write(lambda: project.members.create(
            {"user_id": user_id, "access_level": access_level}), lambda: None)
    except gitlab.exceptions.GitlabCreateError as exc:
        if exc.response_code == 409:
            _raise_level(project, user_id, access_level)
            return None
        if exc.response_code == 400 and INHERITED in str(exc.error_message):
            return None
        raise
    return None


def _raise_level(project: Any, user_id: int, access_level: int) -> None:
    try:
        retry_write(lambda: project.members.update(user_id, {"access_level": access_level}),
                    lambda: None)
    except gitlab.exceptions.GitlabUpdateError as exc:
        if not (exc.response_code == 400 and INHERITED in str(exc.error_message)):
            raise


def _reasons(usernames: list[str], message: str) -> dict[str, str | None]:
    """Split a status message ("jane: reason, bob: reason and ann: reason", as
    Members::CreateService joins them) into each person's reason; None for people it does not
    name or whose reason means they are in already."""
    lowered = message.lower()
    starts = sorted((lowered.find(f"{name.lower()}: "), name) for name in usernames
                    if lowered.find(f"{name.lower()}: ") >= 0)
    reasons: dict[str, str | None] = dict.fromkeys(usernames)
    for index, (at, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(message)
        reason = message[at + len(name) + 2:end].rstrip(" ,").removesuffix(" and").strip()
        if INHERITED not in reason and ALREADY not in reason.lower():
            reasons[name] = f"GitLab did not add {name}: {reason}"
    return reasons
