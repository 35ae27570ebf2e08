"""What GitLab clients ask before they work: the version, a user by id, a namespace by id or path.
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, not_found
from mentorship_bot.sandbox.store import Group, Store
from mentorship_bot.sandbox.views import namespace_view, user_view

VERSION = "17.6.0"
REVISION = "5a4e7b9c0d1"  # a made-up short SHA, shaped like GitLab's


def metadata() -> dict[str, Any]:
    """doc/api/metadata.md and lib/api/metadata.rb (which also serves ``/version``).

    ``enterprise`` is false: the sandbox stands in for the Free tier's behaviour.
    """
    return {"version": VERSION, "revision": REVISION,
            "kas": {"enabled": False, "externalUrl": None, "externalK8sProxyUrl": None,
                    "version": None},
            "enterprise": False}


def register(router: Router, store: Store) -> None:
    def version(request: Request) -> Response:
        return Response(200, metadata())

    def get_user(request: Request) -> Response:
        # lib/api/users.rb: ``resource :users, requirements: { id: /[0-9]*/ }``, so a
        # non-numeric id matches no route (the catch-all 404 of lib/api/api.rb); then
        # 404 "User" when there is no such user.
        ident = request.params["id"]
        if not ident.isdigit():
            raise ApiError(404, {"error": "404 Not Found"})
        user = store.users.get(int(ident))
        if user is None:
            raise not_found("User")
        return Response(200, user_view(store, user, request.base_url))

    def get_namespace(request: Request) -> Response:
        # lib/api/namespaces.rb and lib/api/helpers.rb ``find_namespace!``: an id or a full
        # path, then ``read_namespace``, which a group grants to anyone with access to it
        # (app/policies/group_policy.rb ``rule { has_access }.enable :read_namespace``):
        # a public group someone is not a member of is still 404 here.
        ident = request.params["id"]
        if ident.lower() == request.user.username.lower():
            raise ApiError(400, {"error": "user namespaces are not implemented by the sandbox"})
        found = store.groups.get(int(ident)) if ident.isdigit() else store.by_path(ident)
        if not isinstance(found, Group) or store.access_level(request.user, found) <= 0:
            raise not_found("Namespace")
        return Response(200, namespace_view(store, found, request.user, request.base_url))

    router.add("GET", "/version", version)
    router.add("GET", "/metadata", version)
    router.add("GET", "/users/:id", get_user)
    router.add("GET", "/namespaces/:id", get_namespace)
