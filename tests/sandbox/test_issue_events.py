"""What an issue change leaves behind: system notes in the notes list, or resource events.

app/services/issuable/common_system_notes_service.rb: title, description, checklist, due date,
assignee and confidentiality changes are system notes; label changes and closing or reopening
are resource label/state events, which the notes API (lib/api/notes.rb, ``noteable.notes``)
does not list.
"""

from __future__ import annotations

import pytest
from conftest import Target

from mentorship_bot.sandbox.issue_events import due_date_change, title_change

pytestmark = pytest.mark.integration


def test_note_bodies() -> None:
    assert title_change("Kickoff", "Kickoff meeting") == (
        "changed title from **Kickoff** to **Kickoff{+ meeting+}**")
    assert title_change("Week 1", "Week 2") == "changed title from **Week {-1-}** to **Week {+2+}**"
    assert due_date_change("2026-03-01") == "changed due date to March 1, 2026"
    assert due_date_change(None) == "removed due date"


def make_issue(target: Target, **fields: object) -> tuple[object, object]:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "ev", "path": "ev", "namespace_id": group.id,
                                         "visibility": "private"})
    project.labels.create({"name": "kind", "color": "#336699"})
    issue = project.issues.create({"title": "Week 1", **fields})
    return project, issue


def system_notes(issue: object) -> list[str]:
    return [n.body for n in issue.notes.list(get_all=True, sort="asc") if n.system]


def test_closing_and_labels_are_events_not_notes(target: Target) -> None:
    _, issue = make_issue(target)
    issue.labels = ["kind"]
    issue.state_event = "close"
    issue.save()
    issue.state_event = "reopen"
    issue.save()
    assert system_notes(issue) == []
    labels = issue.resourcelabelevents.list(get_all=True)
    assert [(e.action, e.label["name"]) for e in labels] == [("add", "kind")]
    states = issue.resourcestateevents.list(get_all=True)
    assert [e.state for e in states] == ["closed", "reopened"]


def test_edits_leave_system_notes_in_the_notes_list(target: Target) -> None:
    project, issue = make_issue(target, description="- [ ] a\n- [ ] b")
    issue.description = "- [ ] a\n- [x] b"
    issue.save()
    issue.description = "Rewritten"
    issue.title = "Week 2"
    issue.due_date = "2026-03-01"
    issue.save()
    issue.notes.create({"body": "A comment"})
    notes = system_notes(issue)
    assert notes[0] == "marked the checklist item **b** as completed"
    assert sorted(notes[1:]) == sorted([
        "changed title from **Week {-1-}** to **Week {+2+}**", "changed the description",
        "changed due date to March 1, 2026"])
    fetched = project.issues.get(issue.iid)
    assert fetched.user_notes_count == 1  # system notes are not counted
