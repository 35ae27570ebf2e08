"""Issue fields as GitLab stores them: stripped titles, a null description, label and
milestone parameters (app/models/concerns/issuable.rb, app/services/issuable_base_service.rb).
"""

from __future__ import annotations

import gitlab
import pytest
from conftest import Target

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
