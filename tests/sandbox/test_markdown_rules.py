"""Quick actions and tasks as GitLab's Markdown parser finds them, and right-stripped text.

Rules from lib/gitlab/quick_actions/extractor.rb with lib/banzai/filter/quick_action_filter.rb
(commands only in top-level paragraphs) and app/models/concerns/taskable.rb (tasks from the
parsed document). The ``target`` scenarios run against a live GitLab too when one is configured.
"""

from __future__ import annotations

import gitlab
import pytest
from conftest import Target

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.markdown import tasks
from mentorship_bot.sandbox.quick_actions import QuickAction, extract

CLOSE = [QuickAction("close", "")]


@pytest.mark.parametrize(("text", "commands", "kept"), [
    ("Intro\n\n/close\n\nOutro", CLOSE, "Intro\n\nOutro"),
    ("Intro\n/close\nOutro", CLOSE, "Intro\nOutro"),  # a line of its own inside a paragraph
    ("~~~\n/close\n~~~", [], "~~~\n/close\n~~~"),
    ("```ruby\n/close\n```", [], "```ruby\n/close\n```"),
    ("    /close", [], "    /close"),  # indented code
    ("<!--\n/close\n-->", [], "<!--\n/close\n-->"),
    ("> /close", [], "> /close"),
    (">>>\n/close\n>>>", [], ">>>\n/close\n>>>"),
    ("- /close", [], "- /close"),
    ("1. /close", [], "1. /close"),
    ("| a |\n|---|\n| /close |", [], "| a |\n|---|\n| /close |"),
    ("text `\n/close\n` text", [], "text `\n/close\n` text"),  # inline code over lines
    ("/close now", [QuickAction("close", "now")], ""),
    ("/cc @alice", [], "/cc @alice"),  # a noop definition: GitLab keeps it
    ("Text  \n\n", [], "Text"),  # always right-stripped
])
def test_where_commands_are_found(text: str, commands: list[QuickAction], kept: str) -> None:
    assert extract(text) == (kept, commands)


def test_tasks_from_the_parsed_document() -> None:
    text = ("- [x] done\n- [ ] open\n- [~] not applicable\n\n> - [ ] quoted\n\n"
            "<!--\n- [ ] commented\n-->\n\n```\n- [ ] fenced\n```\n\n    - [ ] indented\n\n"
            "1. [X] numbered\n   * [ ] nested\n\n[ ] not in a list\n")
    assert [(t.text, t.done) for t in tasks(text)] == [
        ("done", True), ("open", False), ("quoted", False), ("numbered", True),
        ("nested", False)]


def make_project(target: Target, path: str = "md") -> object:
    group = target.gl.groups.get(target.group_path)
    return target.gl.projects.create({"name": path, "path": path, "namespace_id": group.id,
                                      "visibility": "private"})


@pytest.mark.integration
def test_commands_run_only_from_top_level_paragraphs(target: Target) -> None:
    project = make_project(target)
    project.labels.create({"name": "seen", "color": "#336699"})
    hidden = ("~~~\n/label ~seen\n~~~\n\n<!--\n/label ~seen\n-->\n\n> /label ~seen\n\n"
              "- /label ~seen\n\n| a |\n|---|\n| /label ~seen |\n\n`/label ~seen`")
    quiet = project.issues.create({"title": "hidden", "description": hidden})
    assert quiet.labels == [] and quiet.description == hidden
    loud = project.issues.create({"title": "shown", "description": "Intro\n/label ~seen\n"})
    assert (loud.labels, loud.description) == (["seen"], "Intro")


@pytest.mark.integration
def test_label_command_ignores_unknown_labels_but_the_api_creates_them(target: Target) -> None:
    project = make_project(target)
    issue = project.issues.create({"title": "t", "description": "/label ~ghost"})
    assert issue.labels == [] and issue.description == ""
    made = project.issues.create({"title": "u", "labels": ["ghost"]})
    assert made.labels == ["ghost"]
    assert [lb.name for lb in project.labels.list(get_all=True)] == ["ghost"]


@pytest.mark.integration
def test_descriptions_and_notes_are_stored_right_stripped(target: Target) -> None:
    project = make_project(target)
    issue = project.issues.create({"title": "t", "description": "Body \n\n  \n"})
    assert issue.description == "Body"
    issue.description = "  Edited\t\n"
    issue.save()
    assert project.issues.get(issue.iid).description == "  Edited"
    note = issue.notes.create({"body": "A note  \n\n"})
    assert note.body == "A note"


@pytest.mark.integration
def test_blank_note_is_refused(target: Target) -> None:
    issue = make_project(target).issues.create({"title": "t"})
    with pytest.raises(gitlab.GitlabCreateError) as raised:
        issue.notes.create({"body": "  \n "})
    assert raised.value.response_code == 400
    assert "can't be blank" in str(raised.value.error_message)


@pytest.mark.integration
def test_task_counts_follow_the_parsed_description(target: Target) -> None:
    project = make_project(target)
    text = ("- [x] a\n- [ ] b\n- [~] n/a\n\n> - [x] quoted\n\n<!--\n- [ ] hidden\n-->\n\n"
            "    - [ ] code\n\n```\n- [ ] fenced\n```")
    issue = project.issues.get(project.issues.create({"title": "t", "description": text}).iid)
    assert issue.task_completion_status == {"count": 3, "completed_count": 2}
    assert issue.has_tasks is True and issue.task_status == "2 of 3 checklist items completed"
    plain = project.issues.get(project.issues.create({"title": "p", "description": "x"}).iid)
    assert plain.task_completion_status == {"count": 0, "completed_count": 0}
    assert plain.has_tasks is False and "task_status" not in plain.attributes


@pytest.mark.integration
def test_unimplemented_commands_are_refused(gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    with pytest.raises(gitlab.GitlabCreateError) as raised:
        project.issues.create({"title": "t", "description": "/estimate 1h"})
    assert raised.value.response_code == 400
    assert "does not implement the quick action /estimate" in str(raised.value.error_message)
    with pytest.raises(gitlab.GitlabCreateError):
        project.issues.create({"title": "t", "description": "| a |\n|---|\n| [ ] |"})
    assert project.issues.list(get_all=True) == []


@pytest.mark.integration
def test_merge_request_notes_are_stripped_and_refuse_commands(sandbox: Sandbox,
                                                              gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    iid = sandbox.add_merge_request("acme/mentoring/p")
    mr = project.mergerequests.get(iid, lazy=True)
    assert mr.notes.create({"body": "The plan\n\n"}).body == "The plan"
    with pytest.raises(gitlab.GitlabCreateError) as raised:
        mr.notes.create({"body": "The plan\n/approve"})
    assert "quick actions on merge requests" in str(raised.value.error_message)
