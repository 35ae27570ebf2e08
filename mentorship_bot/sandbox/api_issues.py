"""Issues: create and edit (with quick actions), and project and group lists with GitLab's filters.

Notes and an issue's events are in api_notes.py, registered from here.
"""

from __future__ import annotations

from datetime import datetime

from mentorship_bot.sandbox import (
    api_notes,
    issue_access,
    issue_actions,
    issue_input,
    issue_labels,
    lookup,
)
from mentorship_bot.sandbox import quick_actions as qa
from mentorship_bot.sandbox import validation as v
from mentorship_bot.sandbox.http import (
    Request,
    Response,
    Router,
    at_least_one,
    forbidden,
    paged,
)
from mentorship_bot.sandbox.issue_events import Snapshot
from mentorship_bot.sandbox.store import GUEST, Issue, Project, Store
from mentorship_bot.sandbox.views import issue_view


def _labels(value: object) -> list[str]:
    """``labels`` as a JSON list or a comma-separated string, as GitLab accepts both."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def register(router: Router, store: Store) -> None:
    def base(request: Request) -> str:
        return request.base_url

    def apply_fields(request: Request, project: Project, issue: Issue, *,
                     creating: bool) -> list[str]:
        """The API's fields; returns the labels named, in GitLab's selection order."""
        # Read before anything changes: a refused date must not leave new labels behind.
        given_due = request.arg("due_date")
        due_date = None if given_due is None else v.date_param("due_date", given_due)
        if request.arg("title") is not None:
            issue.title = issue_input.title(request.arg("title"))
        if not issue_access.can_set_metadata(store, request.user, project, creating=creating):
            # issuable_base_service.rb filter_params: without set_issue_metadata the labels,
            # milestone (Issuable::Callbacks::Milestone), assignees, due date and
            # confidential (set_confidentiality) are dropped without a word, as GitLab does.
            return []
        named = _labels(request.arg("labels"))
        added = _labels(request.arg("add_labels"))
        if request.arg("labels") is not None:
            issue.labels = list(dict.fromkeys(issue_labels.find_or_create(store, project, named)))
        # issuable_base_service.rb process_label_ids: labels, then add, then remove (remove wins)
        issue.labels += [lb for lb in issue_labels.find_or_create(store, project, added)
                         if lb not in issue.labels]
        removed = set(_labels(request.arg("remove_labels")))
        issue.labels = [lb for lb in issue.labels if lb not in removed]
        if request.arg("milestone_id") is not None:
            # filter_milestone: an id that is not a milestone of the project or its groups
            # becomes '' and so removes the milestone.
            milestone_id = lookup.integer(request, "milestone_id")
            known = any(m.id == milestone_id for m in store.milestones_available(project))
            issue.milestone_id = milestone_id if milestone_id and known else None
        if given_due is not None:
            # lib/api/issues.rb takes due_date as a String; the date column answers YYYY-MM-DD.
            issue.due_date = due_date
        if request.arg("confidential") is not None:
            issue.confidential = request.flag("confidential")
        ids = request.args("assignee_ids") or (
            [str(request.arg("assignee_id"))] if request.arg("assignee_id") else [])
        wanted = [int(i) for i in ids if str(i).isdigit() and int(i)]
        if ids and not wanted:
            issue.assignee_ids = []  # 0 or empty unassigns
        elif wanted:
            issue.assignee_ids = issue_actions.assignable(store, project, wanted) or (
                issue.assignee_ids)
        return added + named

    def create_issue(request: Request) -> Response:
        project = lookup.project(store, request, level=GUEST)
        title = issue_input.title(request.required("title"))
        description, actions = (None, []) if request.arg("description") is None else (
            issue_input.description(request, None))
        now = store.now()
        issue = Issue(store.new_id(), project.next_issue_iid, project.id, title, None,
                      request.user.id, now, now)
        before = Snapshot.of(issue)
        # state_event is dropped on create
        selection = apply_fields(request, project, issue, creating=True)
        issue.description = description
        _, chosen = issue_actions.run(store, project, issue, actions, request.user.id,
                                      creating=True)
        issue_actions.settle(store, issue, before, chosen + selection, request.user.id,
                             created=True)
        project.next_issue_iid += 1
        project.issues[issue.iid] = issue
        project.last_activity_at = now
        return Response(201, issue_view(store, issue, base(request)))

    def find_issue(request: Request, level: int = 0) -> tuple[Project, Issue]:
        return issue_actions.find(store, request, level)

    def get_issue(request: Request) -> Response:
        return Response(200, issue_view(store, find_issue(request)[1], base(request)))

    def update_issue(request: Request) -> Response:
        project, issue = find_issue(request)  # 404 for a confidential issue it cannot read
        if not issue_access.can_update(store, request.user, project, issue):
            raise forbidden()  # lib/api/issues.rb: authorize! :update_issue
        fields = ("title", "description", "labels", "add_labels", "remove_labels",
                  "milestone_id", "due_date", "state_event", "confidential", "assignee_ids",
                  "assignee_id")
        if all(request.arg(f) is None for f in fields):
            raise at_least_one(fields)
        if request.arg("title") is not None:
            issue_input.title(request.arg("title"))  # refused before anything changes
        edited = request.arg("description") is not None
        description = ""
        actions: list[qa.QuickAction] = []
        if edited:
            description, actions = issue_input.description(request, issue.description or "")
            issue_access.refuse_commands(store, request.user, project, actions)
        before = Snapshot.of(issue)
        selection = apply_fields(request, project, issue, creating=False)
        chosen: list[str] = []
        if edited:
            issue.description = description
            _, chosen = issue_actions.run(store, project, issue, actions, request.user.id,
                                          creating=False)
        event = request.arg("state_event")
        if event == "close":
            issue_actions.close(store, issue, request.user.id)
        elif event == "reopen":
            issue_actions.reopen(issue)
        issue_actions.settle(store, issue, before, chosen + selection, request.user.id,
                             created=False)
        now = store.now()
        issue.updated_at = now
        project.last_activity_at = now
        return Response(200, issue_view(store, issue, base(request)))

    def filtered(request: Request, issues: list[Issue]) -> list[Issue]:
        state = request.arg("state", "all")
        if state in ("opened", "closed"):
            issues = [i for i in issues if i.state == state]
        wanted = _labels(request.arg("labels"))
        if wanted == ["None"]:
            issues = [i for i in issues if not i.labels]
        elif wanted == ["Any"]:
            issues = [i for i in issues if i.labels]
        elif wanted:
            issues = [i for i in issues if all(w in i.labels for w in wanted)]
        # IssuableFinder#by_negated_label: Issuable.without_particular_labels drops an issue
        # carrying any of the titles (app/models/concerns/issuable.rb).
        unwanted = set(_labels(request.arg("not[labels]")))
        if unwanted:
            issues = [i for i in issues if unwanted.isdisjoint(i.labels)]
        milestone = request.arg("milestone")
        if milestone:
            titles = {m.id: m.title for m in store.milestones.values()}
            if milestone == "None":
                issues = [i for i in issues if i.milestone_id is None]
            elif milestone == "Any":
                issues = [i for i in issues if i.milestone_id is not None]
            else:
                issues = [i for i in issues if titles.get(i.milestone_id or 0) == milestone]
        iids = {int(i) for i in request.args("iids") if str(i).isdigit()}
        if iids:
            issues = [i for i in issues if i.iid in iids]
        for name, attribute, after in (("updated_after", "updated_at", True),
                                       ("updated_before", "updated_at", False),
                                       ("created_after", "created_at", True),
                                       ("created_before", "created_at", False)):
            if request.arg(name):
                bound = _timestamp(str(request.arg(name)))
                issues = [i for i in issues if (getattr(i, attribute) >= bound) == after]
        search = request.arg("search")
        if search:
            needle = str(search).lower()
            where = str(request.arg("in", "title,description")).split(",")
            issues = [i for i in issues if any(needle in (getattr(i, w, "") or "").lower()
                                               for w in where)]
        order = request.arg("order_by", "created_at")
        key = "updated_at" if order == "updated_at" else "created_at"
        reverse = request.arg("sort", "desc") != "asc"
        return sorted(issues, key=lambda i: (getattr(i, key), i.id), reverse=reverse)

    def project_issues(request: Request) -> Response:
        project = lookup.project(store, request)

        def listed() -> list[Issue]:
            return filtered(request, issue_access.visible(store, request.user, project,
                                                          list(project.issues.values())))

        issues = store.lists.items(request, listed)
        return paged(request, issues, lambda i: issue_view(store, i, base(request)))

    def group_issues(request: Request) -> Response:
        group = lookup.group(store, request)

        def listed() -> list[Issue]:
            projects = [p for p in store.projects_under(group, subgroups=True)
                        if store.can_see(request.user, p)
                        and (not p.archived or not request.flag("non_archived", True))]
            return filtered(request, [i for p in projects for i in issue_access.visible(
                store, request.user, p, list(p.issues.values()))])

        issues = store.lists.items(request, listed)
        return paged(request, issues, lambda i: issue_view(store, i, base(request)))

    router.add("POST", "/projects/:id/issues", create_issue)
    router.add("GET", "/projects/:id/issues", project_issues)
    router.add("GET", "/projects/:id/issues/:iid", get_issue)
    router.add("PUT", "/projects/:id/issues/:iid", update_issue)
    router.add("GET", "/groups/:id/issues", group_issues)
    api_notes.register(router, store)
