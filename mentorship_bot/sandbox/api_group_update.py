"""``PUT /groups/:id``: rename a group, change its path, description or visibility.

lib/api/groups.rb: ``find_group!`` (404), ``authorize_any! [:admin_group, :admin_runner]``
(Owner, else 403), then Groups::UpdateService; a model error is ``render_validation_error!``:
400 ``{"message": {"<attribute>": ["..."]}}``, the rules being validation.py's (as for a new
group). The answer is the group with its projects.
"""

from __future__ import annotations

from mentorship_bot.sandbox import lookup
from mentorship_bot.sandbox import validation as v
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, forbidden
from mentorship_bot.sandbox.store import OWNER, Store
from mentorship_bot.sandbox.views import group_detail_view


def _text(request: Request, name: str) -> str | None:
    value = request.arg(name)
    return None if value is None else str(value)


def register(router: Router, store: Store) -> None:
    def update_group(request: Request) -> Response:
        visibility = request.arg("visibility")
        if visibility is not None:
            v.visibility(visibility)  # Grape checks the value before the handler runs
        group = lookup.group(store, request)
        if store.access_level(request.user, group) < OWNER:
            raise forbidden()
        name, path, description = (_text(request, f) for f in ("name", "path", "description"))
        parent = store.groups.get(group.parent_id) if group.parent_id else None
        errors = v.group_errors(store, parent, group, name=name, path=path,
                                description=description, visibility=_text(request, "visibility"))
        if errors:
            raise ApiError(400, {"message": errors})  # render_validation_error!
        if name is not None:
            group.name = name
        if description is not None:
            group.description = description
        if visibility is not None:
            group.visibility = str(visibility)
        if path is not None and path != group.path:
            store.move_group(group, path)
        # lib/api/groups.rb: present_group_details(params, group, with_projects: true)
        return Response(200, group_detail_view(store, group, request.user, request.base_url,
                                               with_projects=True))

    router.add("PUT", "/groups/:id", update_group)
