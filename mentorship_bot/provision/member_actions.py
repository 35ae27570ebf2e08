"""A pair's project's members: who the program wants there and does not find at that level."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mentorship_bot.provision.desired_state import DesiredProject, Membership
from mentorship_bot.provision.plan import Action, attrs


def member_actions(project: DesiredProject | Membership,
                   members: Mapping[str, int]) -> Iterator[Action]:
    """An ``add_member`` for each of the pair who is not in ``members`` (lower-case username
    -> access level, inherited included) at the level the program wants."""
    for username, level in project.members:
        # Access inherited from a group at this level or above is as good as being added,
        # and GitLab refuses to add anyone below what they inherit (app/models/member.rb).
        if members.get(username.lower(), 0) < level:
            yield Action(
                "add_member",
                f"{project.full_path}:{username}",
                attrs(project=project.full_path, username=username, access_level=level),
                round=project.round, pair=project.pair,
            )
