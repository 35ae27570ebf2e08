"""Issue fields as GitLab stores them: stripped titles, a null description, label and
milestone parameters (app/models/concerns/issuable.rb, app/services/issuable_base_service.rb).
"""

from __future__ import annotations

import gitlab
import pytest
from conftest import Target

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def make_project(target: Target, path: str = "fields") -> object:
    group = target.gl.groups.get(target.group_path)
    return target.gl.projects.create({"name": path, "path": path, "namespace_id": group.id,
                                      "visibility": "private"})


def test_titles_are_stripped_and_at_most_255_characters(target: Target) -> None:
    project = make_project(target)
    assert project.issues.create({"title": "  Kickoff \n"}).title == "Kickoff"
    for bad in (" \t", "x" * 256):
        with pytest.raises(gitlab.GitlabCreateError) as raised:
            project.issues.create({"title": bad})
        assert raised.value.response_code == 400


def test_an_issue_created_without_a_description_has_none(target: Target) -> None:
    project = make_project(target)
    issue = project.issues.get(project.issues.create({"title": "t"}).iid)
    assert issue.description is None and issue.task_completion_status["count"] == 0


def test_remove_labels_wins_over_add_labels_and_unknown_milestones_clear(target: Target) -> None:
    project = make_project(target)
    milestone = project.milestones.create({"title": "M1"})
    issue = project.issues.create({"title": "t", "labels": ["a"], "milestone_id": milestone.id})
    updated = project.issues.update(issue.iid, {"add_labels": "b", "remove_labels": "b",
                                                "milestone_id": milestone.id + 1000})
    assert updated["labels"] == ["a"] and updated["milestone"] is None


def test_due_dates_come_back_as_year_month_day(target: Target) -> None:
    project = make_project(target)
    issue = project.issues.create({"title": "t", "due_date": "2026-3-1"})
    assert issue.due_date == "2026-03-01"
    updated = project.issues.update(issue.iid, {"due_date": "2026-04-02T10:00:00Z"})
    assert updated["due_date"] == "2026-04-02"
    assert project.issues.update(issue.iid, {"due_date": ""})["due_date"] is None


def test_a_due_date_the_sandbox_cannot_read_is_refused_before_anything_changes(
        sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    # lib/api/issues.rb takes due_date as a String and Rails turns "next friday" into nil
    # without a word; the sandbox refuses rather than clear the date.
    project = gl.projects.get(sandbox.add_project("acme/mentoring/pair").id)
    issue = project.issues.create({"title": "t", "due_date": "2026-03-01"})
    with pytest.raises(gitlab.GitlabUpdateError) as raised:
        project.issues.update(issue.iid, {"due_date": "next friday", "labels": "new-label"})
    assert (raised.value.response_code, raised.value.error_message) == (
        400, "400 Bad request - the sandbox does not read due_date 'next friday'; "
             "send YYYY-MM-DD")
    again = project.issues.get(issue.iid)
    assert (again.due_date, again.labels) == ("2026-03-01", [])
    assert project.labels.list() == []
    with pytest.raises(gitlab.GitlabCreateError):
        project.issues.create({"title": "u", "due_date": "2026-02-30"})
    assert [i.iid for i in project.issues.list()] == [issue.iid]
