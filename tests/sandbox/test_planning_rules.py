"""Labels, milestones and archived projects as GitLab's models and policies treat them.

Scenarios taking ``target`` also run against a live GitLab when one is configured (conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gitlab
import pytest
from conftest import Target

pytestmark = pytest.mark.integration


def message(error: gitlab.exceptions.GitlabError) -> Any:
    """The JSON ``message`` (python-gitlab types it str; validation errors are a dict)."""
    return error.error_message


def label_error(target: Target, data: dict[str, Any]) -> gitlab.exceptions.GitlabCreateError:
    group = target.gl.groups.get(target.group_path)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        group.labels.create(data)
    return caught.value


def test_label_titles_refuse_commas_and_more_than_255_characters(target: Target) -> None:
    error = label_error(target, {"name": "kind,progress", "color": "#5843ad"})
    assert (error.response_code, message(error)) == (400, {"title": ["is invalid"]})
    error = label_error(target, {"name": "x" * 256, "color": "#5843ad"})
    assert message(error) == {"title": ["is too long (maximum is 255 characters)"]}
    group = target.gl.groups.get(target.group_path)
    assert group.labels.create({"name": "x" * 255, "color": "#5843ad"}).name == "x" * 255


@pytest.mark.parametrize(("given", "stored"), [("#5843ad", "#5843ad"), ("#FA0", "#FA0"),
                                               ("red", "#FF0000"), (" Teal ", "#008080")])
def test_label_colours_as_gitlab_parses_them(target: Target, given: str, stored: str) -> None:
    group = target.gl.groups.get(target.group_path)
    label = group.labels.create({"name": f"colour {given.strip()}", "color": given})
    assert label.color == stored


@pytest.mark.parametrize("color", ["5843ad", "#5843a", "#GGGGGG", "reddish"])
def test_label_colours_gitlab_refuses(target: Target, color: str) -> None:
    error = label_error(target, {"name": f"bad {color}", "color": color})
    assert (error.response_code, message(error)) == (
        400, {"color": ["must be a valid color code"]})


def test_light_label_colours_get_dark_text(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    assert group.labels.create({"name": "light", "color": "#FFFFE0"}).text_color == "#333333"
    assert group.labels.create({"name": "dark", "color": "#1F1F1F"}).text_color == "#FFFFFF"


def test_milestone_due_dates_come_back_as_year_month_day(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    milestone = group.milestones.create({"title": "Kickoff", "due_date": "2026-3-1",
                                         "start_date": "2026-02-20T09:00:00Z"})
    fetched = group.milestones.get(milestone.id)
    assert (fetched.due_date, fetched.start_date) == ("2026-03-01", "2026-02-20")
    fetched.due_date = "2026-03-08T00:00:00Z"
    fetched.save()
    assert group.milestones.get(milestone.id).due_date == "2026-03-08"


def test_an_archived_project_refuses_writes_to_its_read_only_features(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "old", "path": "old", "namespace_id": group.id})
    issue = project.issues.create({"title": "Meeting"})
    project.archive()
    writes: list[Callable[[], object]] = [
        lambda: project.issues.create({"title": "late"}),
        lambda: issue.notes.create({"body": "late"}),
        lambda: project.labels.create({"name": "late", "color": "#FF0000"}),
        lambda: project.milestones.create({"title": "late"}),
        lambda: project.files.create({"file_path": "late.md", "branch": "main",
                                      "content": "x", "commit_message": "late"}),
    ]
    for write in writes:
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
            write()
        assert caught.value.response_code == 403
    issue.state_event = "close"
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as updating:
        issue.save()
    assert updating.value.response_code == 403
    assert project.issues.get(issue.iid).title == "Meeting"  # reads still work
    project.unarchive()
    project.issues.create({"title": "back"})
