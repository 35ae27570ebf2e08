"""Who may read, edit and set the metadata of an issue: GitLab's issue policy, in one place.

Every route that reaches an issue (get, edit, notes, events) goes through ``issue_actions.find``,
which asks ``readable`` here, and the lists filter with it, so a confidential issue cannot leak
through a route that forgot the rule. Admins are out of the sandbox's scope.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentorship_bot.sandbox.http import unsupported
from mentorship_bot.sandbox.store import GUEST, PLANNER, Issue, Project, Store, User


def assignee_or_author(issue: Issue, user: User) -> bool:
    """Issuable#assignee_or_author? (app/models/concerns/issuable.rb)."""
    return issue.author_id == user.id or user.id in issue.assignee_ids


def readable(store: Store, user: User, project: Project, issue: Issue) -> bool:
    """app/models/issue.rb ``project_level_readable_by?`` and app/policies/issue_policy.rb
    ``can_read_confidential``: a confidential issue only for its author, its assignees and
    members (inherited included) with Planner, Reporter or above. The project itself has been
    checked by the lookup (a private project answers 404 to non-members)."""
    if not issue.confidential or assignee_or_author(issue, user):
        return True
    return store.access_level(user, project) >= PLANNER


def visible(store: Store, user: User, project: Project, issues: list[Issue]) -> list[Issue]:
    """IssuesFinder's confidentiality filter (app/finders/issues_finder.rb
    ``with_confidentiality_access_check``): the same rule as ``readable``, for a list."""
    return [i for i in issues if readable(store, user, project, i)]


def can_update(store: Store, user: User, project: Project, issue: Issue) -> bool:
    """``update_issue``: Planner/Reporter and above (app/policies/project_policy.rb), or a
    member (``guest_access``) who is the author or an assignee (app/policies/issuable_policy.rb:
    ``rule { can?(:guest_access) & assignee_or_author & ~is_incident }`` enables read_issue,
    update_issue and reopen_issue). So a Guest assignee may edit the title and description
    (ticking tasks) and close or reopen it."""
    level = store.access_level(user, project)
    return level >= PLANNER or (level >= GUEST and assignee_or_author(issue, user))


def can_set_metadata(store: Store, user: User, project: Project, *, creating: bool) -> bool:
    """``set_issue_metadata`` (app/policies/issue_policy.rb): on a new issue any project member
    (``~persisted & is_project_member & can?(:guest_access)``, gitlab-org/gitlab#300100); on an
    existing one ``admin_issue``, Planner/Reporter and above. Without it
    IssuableBaseService#filter_params silently drops labels, assignees, due date (and, on an
    existing issue, confidential: ``set_confidentiality``)."""
    level = store.access_level(user, project)
    return level >= GUEST if creating else level >= PLANNER


def refuse_commands(store: Store, user: User, project: Project, actions: Sequence[object]) -> None:
    """Quick actions by someone below Planner/Reporter on an existing issue: GitLab checks each
    command's own ability (lib/gitlab/quick_actions/issuable_actions.rb, ``condition`` blocks),
    some running and some silently skipped; the sandbox does not model which, so it refuses."""
    if actions and store.access_level(user, project) < PLANNER:
        raise unsupported("the sandbox does not implement quick actions by members below "
                          "Reporter on an existing issue (GitLab checks each command's ability)")
