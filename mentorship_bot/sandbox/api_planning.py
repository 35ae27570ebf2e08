"""Labels and milestones, on groups and projects."""

from __future__ import annotations

from mentorship_bot.sandbox import colors, lookup
from mentorship_bot.sandbox import validation as v
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    at_least_one,
    paged,
    record_not_found,
)
from mentorship_bot.sandbox.store import REPORTER, Group, Label, Milestone, Project, Store
from mentorship_bot.sandbox.views import label_view, milestone_view


def register(router: Router, store: Store) -> None:
    def owner(request: Request, kind: str, level: int = 0) -> Group | Project:
        return lookup.owner(store, request, kind, level)

    def list_labels(request: Request, kind: str) -> Response:
        item = owner(request, kind)
        labels = store.labels_available(item)
        if kind == "group" and not request.flag("include_ancestor_groups", True):
            labels = [lb for lb in labels if lb.group_id == item.id]
        return paged(request, sorted(labels, key=lambda lb: lb.name.lower()), label_view)

    def create_label(request: Request, kind: str) -> Response:
        item = owner(request, kind, REPORTER)
        name, color = str(request.required("name")), str(request.required("color"))
        # lib/api/helpers/labels_helpers.rb checks the labels available to the parent first: a
        # project label named like an inherited group label is a conflict too.
        if any(lb.name == name for lb in store.labels_available(item)):
            raise ApiError(409, {"message": "Label already exists"})
        title, stored = name.strip(), colors.parse(color)
        errors: v.Errors = {}
        # app/models/concerns/base_label.rb: colour first, then the title rules.
        v.add(errors, "color", [] if colors.is_valid(stored) else [colors.INVALID])
        v.add(errors, "title", v.label_title(title))
        if errors:
            raise ApiError(400, {"message": errors})  # render_validation_error!
        label = Label(store.new_id(), title, stored,
                      str(request.arg("description", "") or ""),
                      item.id if kind == "group" else None,
                      item.id if kind == "project" else None)
        store.labels[label.id] = label
        return Response(201, label_view(label))

    def list_milestones(request: Request, kind: str) -> Response:
        item = owner(request, kind)
        found = [m for m in store.milestones.values()
                 if (m.group_id if kind == "group" else m.project_id) == item.id]
        state = request.arg("state")
        if state:
            found = [m for m in found if m.state == state]
        title = request.arg("title")
        if title:
            found = [m for m in found if m.title == title]
        iids = {int(i) for i in request.args("iids")}
        if iids:
            found = [m for m in found if m.iid in iids]
        search = request.arg("search")
        if search:
            found = [m for m in found if str(search).lower() in m.title.lower()]
        found.sort(key=lambda m: (m.due_date or "9999", m.id))
        return paged(request, found, lambda m: milestone_view(m, request.base_url))

    def title_taken(item: Group | Project, title: str, kind: str) -> bool:
        """GitLab's rule (app/models/milestone.rb): a project milestone checks the project and
        its group; a group milestone checks the group and the group's projects."""
        if kind == "project":
            assert isinstance(item, Project)
            groups, projects = {item.namespace_id}, {item.id}
        else:
            groups = {item.id}
            projects = {p.id for p in store.projects.values() if p.namespace_id == item.id}
        return any(m.title == title and (m.group_id in groups or m.project_id in projects)
                   for m in store.milestones.values())

    def create_milestone(request: Request, kind: str) -> Response:
        item = owner(request, kind, REPORTER)
        title = str(request.required("title"))
        if title_taken(item, title, kind):
            raise ApiError(400, {"message": "Failed to create milestone {:title=>[\"already "
                                            "being used for another group or project "
                                            "milestone.\"]}"})
        now = store.now()
        siblings = [m for m in store.milestones.values()
                    if (m.group_id if kind == "group" else m.project_id) == item.id]
        milestone = Milestone(store.new_id(), len(siblings) + 1, title,
                              str(request.arg("description", "") or ""),
                              v.date_param("due_date", request.arg("due_date")),
                              v.date_param("start_date", request.arg("start_date")), "active",
                              item.id if kind == "group" else None,
                              item.id if kind == "project" else None, now, now)
        store.milestones[milestone.id] = milestone
        return Response(201, milestone_view(milestone, request.base_url))

    def find_milestone(request: Request, kind: str, level: int = 0) -> Milestone:
        item = owner(request, kind, level)
        milestone = store.milestones.get(int(request.params["milestone_id"]))
        if milestone is None or (milestone.group_id if kind == "group"
                                 else milestone.project_id) != item.id:
            raise record_not_found()  # milestones.find(id) in lib/api/milestone_responses.rb
        return milestone

    def get_milestone(request: Request, kind: str) -> Response:
        return Response(200, milestone_view(find_milestone(request, kind), request.base_url))

    def update_milestone(request: Request, kind: str) -> Response:
        milestone = find_milestone(request, kind, REPORTER)
        fields = ("title", "description", "due_date", "start_date", "state_event")
        if all(request.arg(f) is None for f in fields):
            raise at_least_one(("title", "description", "start_date", "due_date",
                                "state_event"))
        for name in fields[:2]:
            if request.arg(name) is not None:
                setattr(milestone, name, request.arg(name) or None)
        for name in fields[2:4]:  # date columns answer YYYY-MM-DD (app/models/milestone.rb)
            if request.arg(name) is not None:
                setattr(milestone, name, v.date_param(name, request.arg(name)))
        event = request.arg("state_event")
        if event in ("close", "activate"):
            milestone.state = "closed" if event == "close" else "active"
        milestone.updated_at = store.now()
        return Response(200, milestone_view(milestone, request.base_url))

    def routes(kind: str, prefix: str) -> None:
        router.add("GET", f"{prefix}/labels", lambda r: list_labels(r, kind))
        router.add("POST", f"{prefix}/labels", lambda r: create_label(r, kind))
        router.add("GET", f"{prefix}/milestones", lambda r: list_milestones(r, kind))
        router.add("POST", f"{prefix}/milestones", lambda r: create_milestone(r, kind))
        router.add("GET", f"{prefix}/milestones/:milestone_id", lambda r: get_milestone(r, kind))
        router.add("PUT", f"{prefix}/milestones/:milestone_id",
                   lambda r: update_milestone(r, kind))

    routes("group", "/groups/:id")
    routes("project", "/projects/:id")
