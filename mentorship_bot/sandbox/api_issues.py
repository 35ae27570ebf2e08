"""Issues (project and group lists with GitLab's filters), issue notes and merge request notes."""

from __future__ import annotations

from datetime import datetime

from mentorship_bot.sandbox import issue_actions, issue_events, issue_labels, lookup, markdown
from mentorship_bot.sandbox import quick_actions as qa
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, paged
from mentorship_bot.sandbox.issue_events import Snapshot
from mentorship_bot.sandbox.store import (
    GUEST,
    REPORTER,
    Issue,
    MergeRequest,
    Note,
    Project,
    Store,
)
from mentorship_bot.sandbox.views import (
    issue_view,
    label_event_view,
    note_view,
    state_event_view,
)

MAX_DESCRIPTION = 1_048_576  # bytes: app/models/concerns/issuable.rb validates its bytesize
MAX_TITLE = 255


def _labels(value: object) -> list[str]:
    """``labels`` as a JSON list or a comma-separated string, as GitLab accepts both."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _unsupported(message: str) -> ApiError:
    return ApiError(400, {"message": f"400 Bad request - {message}"})


def _checked(actions: list[qa.QuickAction]) -> list[qa.QuickAction]:
    try:
        qa.check_supported(actions)
    except qa.Unsupported as exc:
        raise _unsupported(str(exc)) from None
    return actions


def _text(text: str) -> tuple[str, list[qa.QuickAction]]:
    """Quick actions taken out of ``text`` (right-stripped), refusing what is not implemented."""
    cleaned, actions = qa.extract(text)
    return cleaned, _checked(actions)


def _description(request: Request, original: str | None) -> tuple[str, list[qa.QuickAction]]:
    """The description to store and the commands to run, checked before anything changes.

    Quick actions are interpreted whenever a description is given, and the extractor returns
    the text right-stripped (issuable_base_service.rb ``merge_quick_actions_into_params!``,
    extractor.rb ``content.rstrip``); on an edit only new commands run."""
    given = str(request.arg("description"))
    cleaned, actions = qa.extract(given) if original is None else qa.extract_new(original, given)
    if len(cleaned.encode()) > MAX_DESCRIPTION:
        raise ApiError(400, {"message": {"description": [
            f"is too long (maximum is {MAX_DESCRIPTION} characters)"]}})
    if markdown.has_task_table(cleaned):
        raise _unsupported("the sandbox does not implement GLFM task tables (a table cell "
                           "holding only a checkbox)")
    return cleaned, _checked(actions)


def _title(value: object) -> str:
    """app/models/concerns/issuable.rb: ``strip_attributes! :title``, present, at most 255."""
    title = str(value).strip(" \t\n\v\f\r\x00")
    if not title:
        raise ApiError(400, {"message": {"title": ["can't be blank"]}})
    if len(title) > MAX_TITLE:
        raise ApiError(400, {"message": {"title": [
            f"is too long (maximum is {MAX_TITLE} characters)"]}})
    return title


def register(router: Router, store: Store) -> None:
    def base(request: Request) -> str:
        return request.base_url

    def apply_fields(request: Request, project: Project, issue: Issue) -> list[str]:
        """The API's fields; returns the labels named, in GitLab's selection order."""
        if request.arg("title") is not None:
            issue.title = _title(request.arg("title"))
        named = _labels(request.arg("labels"))
        added = _labels(request.arg("add_labels"))
        if request.arg("labels") is not None:
            issue.labels = list(dict.fromkeys(issue_labels.find_or_create(store, project, named)))
        removed = set(_labels(request.arg("remove_labels")))
        issue.labels = [lb for lb in issue.labels if lb not in removed]
        issue.labels += [lb for lb in issue_labels.find_or_create(store, project, added)
                         if lb not in issue.labels]
        if request.arg("milestone_id") is not None:
            milestone_id = lookup.integer(request, "milestone_id")
            if not milestone_id:
                issue.milestone_id = None
            elif any(m.id == milestone_id for m in store.milestones_available(project)):
                issue.milestone_id = milestone_id
        if request.arg("due_date") is not None:
            issue.due_date = str(request.arg("due_date")) or None
        if request.arg("confidential") is not None:
            issue.confidential = request.flag("confidential")
        ids = request.args("assignee_ids") or (
            [str(request.arg("assignee_id"))] if request.arg("assignee_id") else [])
        if ids:
            issue.assignee_ids = [int(i) for i in ids if str(i).isdigit() and int(i)]
        return added + named

    def finish(project: Project, issue: Issue, before: Snapshot, selection: list[str],
               user_id: int, *, created: bool) -> None:
        """Scoped-label exclusivity over the final label set, then GitLab's notes and events."""
        issue.labels = issue_labels.exclusive(store, issue.labels, list(before.labels),
                                              selection)
        issue_events.record(store, issue, before, user_id, created=created)

    def create_issue(request: Request) -> Response:
        project = lookup.project(store, request, level=GUEST)
        title = _title(request.required("title"))
        description, actions = ("", []) if request.arg("description") is None else (
            _description(request, None))
        now = store.now()
        issue = Issue(store.new_id(), project.next_issue_iid, project.id, title, "",
                      request.user.id, now, now)
        before = Snapshot.of(issue)
        selection = apply_fields(request, project, issue)  # state_event is dropped on create
        issue.description = description
        _, chosen = issue_actions.run(store, project, issue, actions, request.user.id,
                                      creating=True)
        finish(project, issue, before, chosen + selection, request.user.id, created=True)
        project.next_issue_iid += 1
        project.issues[issue.iid] = issue
        project.last_activity_at = now
        return Response(201, issue_view(store, issue, base(request)))

    def find_issue(request: Request, level: int = 0) -> tuple[Project, Issue]:
        project = lookup.project(store, request, level=level)
        issue = project.issues.get(int(request.params["iid"]))
        if issue is None:
            raise ApiError(404, {"message": "404 Not Found"})
        return project, issue

    def get_issue(request: Request) -> Response:
        return Response(200, issue_view(store, find_issue(request)[1], base(request)))

    def update_issue(request: Request) -> Response:
        project, issue = find_issue(request)
        level = store.access_level(request.user, project)
        if level < REPORTER and issue.author_id != request.user.id:
            raise ApiError(403, {"message": "403 Forbidden"})
        fields = ("title", "description", "labels", "add_labels", "remove_labels",
                  "milestone_id", "due_date", "state_event", "confidential", "assignee_ids",
                  "assignee_id")
        if all(request.arg(f) is None for f in fields):
            raise ApiError(400, {"error": ", ".join(fields) + " are missing, at least one "
                                 "parameter must be provided"})
        if request.arg("title") is not None:
            _title(request.arg("title"))  # refused before anything changes
        edited = request.arg("description") is not None
        description, actions = _description(request, issue.description) if edited else ("", [])
        before = Snapshot.of(issue)
        selection = apply_fields(request, project, issue)
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
        finish(project, issue, before, chosen + selection, request.user.id, created=False)
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
        issues = filtered(request, list(project.issues.values()))
        return paged(request, issues, lambda i: issue_view(store, i, base(request)))

    def group_issues(request: Request) -> Response:
        group = lookup.group(store, request)
        projects = [p for p in store.projects_under(group, subgroups=True)
                    if store.can_see(request.user, p)
                    and (not p.archived or not request.flag("non_archived", True))]
        issues = filtered(request, [i for p in projects for i in p.issues.values()])
        return paged(request, issues, lambda i: issue_view(store, i, base(request)))

    def add_note(request: Request, project: Project, notes: list[Note], body: str) -> Note:
        now = store.now()
        note = Note(store.new_id(), body, request.user.id, now, now)
        notes.append(note)
        project.last_activity_at = now
        return note

    def create_issue_note(request: Request) -> Response:
        """Notes::CreateService: the note is saved (right-stripped, commands taken out), then
        its commands update the issue; a note of commands only is not saved (202)."""
        project, issue = find_issue(request, level=GUEST)
        body, actions = _text(str(request.required("body")))
        note = add_note(request, project, issue.notes, body) if body else None
        before = Snapshot.of(issue)
        summary, chosen = issue_actions.run(store, project, issue, actions, request.user.id,
                                            creating=False)
        if actions:
            finish(project, issue, before, chosen, request.user.id, created=False)
        issue.updated_at = store.now()
        if note is None:
            if not actions:
                raise ApiError(400, {"message": {"note": ["can't be blank"]}})
            return Response(202, {"commands_changes": {}, "summary": summary})
        return Response(201, note_view(store, note, base(request),
                                       ("Issue", issue.id, issue.iid)))

    def list_issue_notes(request: Request) -> Response:
        _, issue = find_issue(request)
        notes = sorted(issue.notes, key=lambda n: (getattr(n, request.arg("order_by",
                                                                           "created_at")), n.id),
                       reverse=request.arg("sort", "desc") != "asc")
        return paged(request, notes, lambda n: note_view(store, n, base(request),
                                                         ("Issue", issue.id, issue.iid)))

    def label_events(request: Request) -> Response:
        _, issue = find_issue(request)
        return paged(request, issue.label_events,
                     lambda e: label_event_view(store, e, issue, base(request)))

    def state_events(request: Request) -> Response:
        _, issue = find_issue(request)
        return paged(request, issue.state_events,
                     lambda e: state_event_view(store, e, issue, base(request)))

    def merge_request(request: Request, level: int = 0) -> tuple[Project, MergeRequest]:
        project = lookup.project(store, request, level=level)
        found = project.merge_requests.get(int(request.params["iid"]))
        if found is None:
            raise ApiError(404, {"message": "404 Not found"})
        return project, found

    def mr_notes(request: Request) -> Response:
        _, mr = merge_request(request)
        notes = sorted(mr.notes, key=lambda n: n.created_at,
                       reverse=request.arg("sort", "desc") != "asc")
        return paged(request, notes, lambda n: note_view(store, n, base(request),
                                                         ("MergeRequest", mr.id, mr.iid)))

    def create_mr_note(request: Request) -> Response:
        project, mr = merge_request(request, level=GUEST)
        body, actions = qa.extract(str(request.required("body")))
        if actions:
            # Notes on merge requests run their commands too (Notes::QuickActionsService).
            raise _unsupported("the sandbox does not implement quick actions on merge requests")
        if not body:
            raise ApiError(400, {"message": {"note": ["can't be blank"]}})
        note = add_note(request, project, mr.notes, body)
        return Response(201, note_view(store, note, base(request),
                                       ("MergeRequest", mr.id, mr.iid)))

    def update_mr_note(request: Request) -> Response:
        _, mr = merge_request(request, level=GUEST)
        note = next((n for n in mr.notes if n.id == int(request.params["note_id"])), None)
        if note is None:
            raise ApiError(404, {"message": "404 Note Not Found"})
        if note.author_id != request.user.id:
            raise ApiError(403, {"message": "403 Forbidden"})
        body, actions = qa.extract(str(request.required("body")))
        if actions:
            # Notes::UpdateService interprets quick actions in the edited note as well.
            raise _unsupported("the sandbox does not implement quick actions on merge requests")
        note.body = body
        note.updated_at = store.now()
        return Response(200, note_view(store, note, base(request),
                                       ("MergeRequest", mr.id, mr.iid)))

    router.add("POST", "/projects/:id/issues", create_issue)
    router.add("GET", "/projects/:id/issues", project_issues)
    router.add("GET", "/projects/:id/issues/:iid", get_issue)
    router.add("PUT", "/projects/:id/issues/:iid", update_issue)
    router.add("GET", "/groups/:id/issues", group_issues)
    router.add("POST", "/projects/:id/issues/:iid/notes", create_issue_note)
    router.add("GET", "/projects/:id/issues/:iid/notes", list_issue_notes)
    router.add("GET", "/projects/:id/issues/:iid/resource_label_events", label_events)
    router.add("GET", "/projects/:id/issues/:iid/resource_state_events", state_events)
    router.add("GET", "/projects/:id/merge_requests/:iid/notes", mr_notes)
    router.add("POST", "/projects/:id/merge_requests/:iid/notes", create_mr_note)
    router.add("PUT", "/projects/:id/merge_requests/:iid/notes/:note_id", update_mr_note)
