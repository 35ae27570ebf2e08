"""What GitLab records when an issue changes: system notes, and resource label and state events.

app/services/issuable/common_system_notes_service.rb decides what is recorded and how. Title,
description (or checklist), due date, assignee and confidentiality changes are system notes, so
they appear in the notes list with ``"system": true``. Label changes and closing or reopening are
*resource events* (``ResourceEvents::ChangeLabelsService``, ``create_resource_state_event``): the
notes API lists ``noteable.notes`` only (lib/api/notes.rb), so they appear in
``/resource_label_events`` and ``/resource_state_events`` and never in the notes list.
Milestone changes are resource milestone events, which the sandbox does not record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentorship_bot.sandbox import markdown
from mentorship_bot.sandbox.store import Issue, LabelEvent, Note, StateEvent, Store


@dataclass(frozen=True)
class Snapshot:
    """The fields of an issue whose change GitLab records, taken before a request changes it."""

    title: str
    description: str | None
    labels: tuple[str, ...]
    state: str
    due_date: str | None
    confidential: bool
    assignee_ids: tuple[int, ...]

    @classmethod
    def of(cls, issue: Issue) -> Snapshot:
        return cls(issue.title, issue.description, tuple(issue.labels), issue.state,
                   issue.due_date, issue.confidential, tuple(issue.assignee_ids))


def record(store: Store, issue: Issue, before: Snapshot, user_id: int, *, created: bool) -> None:
    """Add the notes and events GitLab would add for the change from ``before`` to ``issue``.

    On create only due date and label changes count (``is_update: false``)."""
    bodies = []
    if not created:
        if issue.title != before.title:
            bodies.append(title_change(before.title, issue.title))
        if issue.description != before.description:
            bodies += description_change(before.description or "", issue.description or "")
    if issue.due_date != before.due_date:
        bodies.append(due_date_change(issue.due_date))
    if not created:
        if tuple(issue.assignee_ids) != before.assignee_ids:
            bodies.append(assignee_change(store, list(before.assignee_ids), issue.assignee_ids))
        if issue.confidential != before.confidential:
            # app/services/issues/update_service.rb -> change_issue_confidentiality
            bodies.append("made the issue confidential" if issue.confidential
                          else "made the issue visible to everyone")
    now = store.now()
    for body in bodies:
        issue.notes.append(Note(store.new_id(), body, user_id, now, now, system=True))
    _label_events(store, issue, before, user_id)
    if issue.state != before.state:
        state = "closed" if issue.state == "closed" else "reopened"
        issue.state_events.append(StateEvent(store.new_id(), user_id, now, state))


def _label_events(store: Store, issue: Issue, before: Snapshot, user_id: int) -> None:
    ids = {lb.name: lb.id for lb in store.labels_available(store.projects[issue.project_id])}
    now = store.now()
    changes = [(name, "add") for name in issue.labels if name not in before.labels]
    changes += [(name, "remove") for name in before.labels if name not in issue.labels]
    for name, action in changes:
        if name in ids:
            issue.label_events.append(LabelEvent(store.new_id(), user_id, now, ids[name], action))


def _marked(text: str, start: int, end: int, sign: str) -> str:
    if start >= end:
        return text
    return f"{text[:start]}{{{sign}{text[start:end]}{sign}}}{text[end:]}"


def title_change(old: str, new: str) -> str:
    """``changed title from **old** to **new**`` with the changed middle marked ``{-…-}`` and
    ``{+…+}`` (system_notes/issuables_service.rb ``change_title``, InlineDiffMarkdownMarker).
    GitLab's lib/gitlab/diff/char_diff.rb may mark several ranges; the sandbox marks the one
    between the common prefix and suffix, which is the same for a single edit."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(old), len(new)) - prefix
           and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]):
        suffix += 1
    marked_old = _marked(old, prefix, len(old) - suffix, "-")
    marked_new = _marked(new, prefix, len(new) - suffix, "+")
    return f"changed title from **{marked_old}** to **{marked_new}**"


def description_change(old: str, new: str) -> list[str]:
    """One note per checklist item toggled in place, else ``changed the description``
    (``handle_description_change_note``; Taskable ``get_updated_tasks`` pairs tasks by index)."""
    before, after = markdown.tasks(old), markdown.tasks(new)
    toggled = [task for index, task in enumerate(after) if index < len(before)
               and before[index].text == task.text and before[index].done != task.done]
    if after and toggled:
        return [f"marked the checklist item **{task.text}** as "
                f"{'completed' if task.done else 'incomplete'}" for task in toggled]
    return ["changed the description"]


def due_date_change(due: str | None) -> str:
    """system_notes/time_tracking_service.rb ``change_due_date``; Rails' ``:long`` date format
    is ``%B %-d, %Y``."""
    if due is None:
        return "removed due date"
    day = date.fromisoformat(due)
    return f"changed due date to {day.strftime('%B')} {day.day}, {day.year}"


def _sentence(words: list[str]) -> str:
    """Rails' ``Array#to_sentence``."""
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + ", and " + words[-1]


def assignee_change(store: Store, old: list[int], new: list[int]) -> str:
    """system_notes/issuables_service.rb ``change_issuable_assignees``."""
    def names(ids: list[int]) -> str:
        return _sentence([f"@{store.users[i].username}" for i in ids])

    added = [i for i in new if i not in old]
    removed = [i for i in old if i not in new]
    parts = ([f"assigned to {names(added)}"] if added else [])
    parts += [f"unassigned {names(removed)}"] if removed else []
    return " and ".join(parts)
