"""Issue and merge request notes, and an issue's resource label and state events."""

from __future__ import annotations

from datetime import timedelta

from mentorship_bot.sandbox import issue_access, issue_actions, lookup
from mentorship_bot.sandbox import quick_actions as qa
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    forbidden,
    paged,
    unsupported,
)
from mentorship_bot.sandbox.issue_events import Snapshot
from mentorship_bot.sandbox.issue_input import text
from mentorship_bot.sandbox.store import GUEST, Issue, MergeRequest, Note, Project, Store
from mentorship_bot.sandbox.views import label_event_view, note_view, state_event_view

TOUCH_INTERVAL = timedelta(minutes=1)  # app/models/concerns/throttled_touch.rb


def blank_note() -> ApiError:
    """lib/api/helpers/notes_helpers.rb ``process_note_creation_result``:
    ``bad_request!("Note #{note.errors.messages}")``."""
    return ApiError(400, {"message": "400 Bad request - Note {:note=>[\"can't be blank\"]}"})


def register(router: Router, store: Store) -> None:
    def base(request: Request) -> str:
        return request.base_url

    def find_issue(request: Request, level: int = 0) -> tuple[Project, Issue]:
        return issue_actions.find(store, request, level)

    def add_note(request: Request, project: Project, notes: list[Note], body: str) -> Note:
        now = store.now()
        note = Note(store.new_id(), body, request.user.id, now, now)
        notes.append(note)
        project.last_activity_at = now
        return note

    def create_issue_note(request: Request) -> Response:
        """Notes::CreateService: the note is saved (right-stripped, commands taken out), then
        its commands update the issue; a note of commands only is not saved (202)."""
        project, issue = find_issue(request, level=GUEST)  # 404 if it may not read the issue
        body, actions = text(str(request.required("body")))
        issue_access.refuse_commands(store, request.user, project, actions)
        note = add_note(request, project, issue.notes, body) if body else None
        before = Snapshot.of(issue)
        summary, chosen = issue_actions.run(store, project, issue, actions, request.user.id,
                                            creating=False)
        now = store.now()
        if actions:
            issue_actions.settle(store, issue, before, chosen, request.user.id, created=False)
            issue.updated_at = now  # its commands updated the issue (Issues::UpdateService)
        elif now - issue.updated_at > TOUCH_INTERVAL:
            # app/models/note.rb ``touch_noteable``, app/models/concerns/throttled_touch.rb:
            # a comment touches its issue at most once a minute.
            issue.updated_at = now
        if note is None:
            if not actions:
                raise blank_note()
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
        return lookup.merge_request(store, request, level)

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
            raise unsupported("the sandbox does not implement quick actions on merge requests")
        if not body:
            raise blank_note()
        note = add_note(request, project, mr.notes, body)
        return Response(201, note_view(store, note, base(request),
                                       ("MergeRequest", mr.id, mr.iid)))

    def update_mr_note(request: Request) -> Response:
        _, mr = merge_request(request, level=GUEST)
        note = next((n for n in mr.notes if n.id == int(request.params["note_id"])), None)
        if note is None:
            raise ApiError(404, {"message": "404 Note Not Found"})
        if note.author_id != request.user.id:
            raise forbidden()
        body, actions = qa.extract(str(request.required("body")))
        if actions:
            # Notes::UpdateService interprets quick actions in the edited note as well.
            raise unsupported("the sandbox does not implement quick actions on merge requests")
        note.body = body
        note.updated_at = store.now()
        return Response(200, note_view(store, note, base(request),
                                       ("MergeRequest", mr.id, mr.iid)))

    router.add("POST", "/projects/:id/issues/:iid/notes", create_issue_note)
    router.add("GET", "/projects/:id/issues/:iid/notes", list_issue_notes)
    router.add("GET", "/projects/:id/issues/:iid/resource_label_events", label_events)
    router.add("GET", "/projects/:id/issues/:iid/resource_state_events", state_events)
    router.add("GET", "/projects/:id/merge_requests/:iid/notes", mr_notes)
    router.add("POST", "/projects/:id/merge_requests/:iid/notes", create_mr_note)
    router.add("PUT", "/projects/:id/merge_requests/:iid/notes/:note_id", update_mr_note)
