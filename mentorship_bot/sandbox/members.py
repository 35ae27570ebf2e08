"""Group and project members: listing, and adding one person or several at once.

GitLab has two answers for ``POST /:source/:id/members`` (lib/api/members.rb): one ``user_id`` or
``username`` gets the member (409 if already a direct member, a validation map otherwise); a
comma-separated list goes to Members::CreateService and gets a status object. Both refuse a level
below what the person inherits from a group above (Member#higher_access_level_than_group).
"""

from __future__ import annotations

from mentorship_bot.sandbox import lookup
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    forbidden,
    invalid_value,
    missing,
    paged,
    unsupported,
)
from mentorship_bot.sandbox.store import MAINTAINER, OWNER, Group, Project, Store, User
from mentorship_bot.sandbox.views import member_view

# lib/gitlab/access.rb: Guest, Reporter, Developer, Maintainer, Owner. Minimal Access (5, Premium)
# and Planner (15, newer versions) are not on every GitLab, so the sandbox refuses them.
LEVELS = {10: "Guest", 20: "Reporter", 30: "Developer", 40: "Maintainer", 50: "Owner"}
INVITE_LIMIT = 100  # app/services/members/create_service.rb: DEFAULT_INVITE_LIMIT


def to_sentence(items: list[str]) -> str:
    """Rails' Array#to_sentence: "a", "a and b", "a, b, and c"."""
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def inherited_error(store: Store, item: Group | Project, user: User, level: int) -> str | None:
    """app/models/member.rb: a level below the highest inherited membership is refused."""
    found = store.inherited_member(item, user.id)
    if found is None or found[0] <= level:
        return None
    inherited, group = found
    return (f"should be greater than or equal to {LEVELS.get(inherited, str(inherited))} "
            f"inherited membership from group {group.name}")


def register(router: Router, store: Store) -> None:
    def listing(request: Request, kind: str, inherited: bool) -> Response:
        item = lookup.owner(store, request, kind)
        for name in ("query", "user_ids", "show_seat_info"):
            if request.arg(name) is not None or request.args(name):
                raise unsupported(f"the sandbox does not filter members by {name}")
        levels = dict(item.members)
        if inherited:
            for ancestor in store.ancestors(item):
                for user_id, level in ancestor.members.items():
                    levels[user_id] = max(level, levels.get(user_id, 0))
        rows = sorted(levels.items())
        return paged(request, rows, lambda row: member_view(store, store.users[row[0]], row[1],
                                                            request.base_url))

    def access_level(request: Request, item: Group | Project) -> int:
        level = lookup.integer(request, "access_level")
        if level is None:
            raise missing("access_level")
        if level not in LEVELS:
            raise invalid_value("access_level")
        if level == OWNER and store.access_level(request.user, item) < OWNER:
            # Members::CreateService: only owners may add owners (AccessDeniedError, 403).
            raise forbidden()
        return level

    def single(request: Request, item: Group | Project, level: int) -> Response:
        user_id = lookup.integer(request, "user_id")
        if user_id is not None:
            if user_id in item.members:
                raise ApiError(409, {"message": "Member already exists"})
            user = store.users.get(user_id)
        else:
            user = store.user_named(str(request.arg("username")))
        if user is None:
            raise ApiError(404, {"message": "404 User Not Found"})
        if user.id in item.members:
            raise ApiError(409, {"message": "Member already exists"})
        error = inherited_error(store, item, user, level)
        if error:
            raise ApiError(400, {"message": {"access_level": [error]}})
        item.members[user.id] = level
        return Response(201, member_view(store, user, level, request.base_url))

    def several(request: Request, item: Group | Project, level: int, names: list[str],
                by_id: bool) -> Response:
        unique = list(dict.fromkeys(n.strip() for n in names if n.strip()))
        if not unique:
            return Response(201, {"status": "error", "message": "No users specified."})
        if len(unique) > INVITE_LIMIT:
            return Response(201, {"status": "error", "message":
                                  f"Too many users specified (limit is {INVITE_LIMIT})"})
        users = []
        for name in unique:
            user = (store.users.get(int(name)) if name.isdigit() else None) if by_id else (
                store.user_named(name))
            if user is None:
                # Members::CreatorService skips what it cannot find; whether a version reports
                # it is not settled, so the sandbox refuses rather than silently dropping it.
                raise unsupported(f"the sandbox does not serve unknown users in a list ({name})")
            users.append(user)
        errors = []
        for user in users:
            # Members::CreatorService updates an existing direct member's level in a list.
            error = inherited_error(store, item, user, level)
            if error:
                # create_service.rb: "username: " and the member's full messages.
                errors.append(f"{user.username}: Access level {error}")
            else:
                item.members[user.id] = level
        # The service's result hash is the body; Grape answers a POST with 201 either way.
        if errors:
            return Response(201, {"status": "error", "message": to_sentence(errors)})
        return Response(201, {"status": "success"})

    def add(request: Request, kind: str) -> Response:
        item = lookup.owner(store, request, kind, MAINTAINER)
        level = access_level(request, item)
        user_id, username = request.arg("user_id"), request.arg("username")
        if user_id is None and username is None:
            raise ApiError(400, {"error": "user_id, username are missing, exactly one parameter "
                                          "must be provided"})
        if user_id is not None and username is not None:
            raise ApiError(400, {"error": "user_id, username are mutually exclusive"})
        value = user_id if user_id is not None else username
        if isinstance(value, list) or "," in str(value):
            names = [str(n) for n in value] if isinstance(value, list) else str(value).split(",")
            return several(request, item, level, names, by_id=user_id is not None)
        return single(request, item, level)

    def edit(request: Request, kind: str) -> Response:
        # lib/api/members.rb ``put ":id/members/:user_id"``: a direct member only (404
        # "Member Not Found" otherwise), Members::UpdateService with its level rules.
        item = lookup.owner(store, request, kind, MAINTAINER)
        if request.arg("expires_at") is not None or request.arg("member_role_id") is not None:
            raise unsupported("the sandbox changes a member's access_level only")
        level = access_level(request, item)
        ident = request.params["user_id"]
        user = store.users.get(int(ident)) if ident.isdigit() else None
        if user is None or user.id not in item.members:
            raise ApiError(404, {"message": "404 Member Not Found"})
        if item.members[user.id] == OWNER and store.access_level(request.user, item) < OWNER:
            raise forbidden()  # app/policies/project_member_policy.rb: owners change owners
        error = inherited_error(store, item, user, level)
        if error:
            raise ApiError(400, {"message": {"access_level": [error]}})
        item.members[user.id] = level
        return Response(200, member_view(store, user, level, request.base_url))

    def routes(kind: str, prefix: str) -> None:
        router.add("GET", f"{prefix}/members", lambda r: listing(r, kind, False))
        router.add("GET", f"{prefix}/members/all", lambda r: listing(r, kind, True))
        router.add("POST", f"{prefix}/members", lambda r: add(r, kind))
        router.add("PUT", f"{prefix}/members/:user_id", lambda r: edit(r, kind))

    routes("group", "/groups/:id")
    routes("project", "/projects/:id")
