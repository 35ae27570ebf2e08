"""Quick actions: found where GitLab finds them, ignored where it ignores them, run on the issue."""

from __future__ import annotations

from datetime import date

import gitlab
import pytest
from program_samples import SMALL, small_program

from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.quick_actions import (
    QuickAction,
    extract,
    extract_new,
    parse_due,
    parse_labels,
    parse_milestone,
)


@pytest.mark.parametrize(("text", "commands", "kept"), [
    ("/close", [QuickAction("close", "")], ""),
    ("Hi\n/label ~a ~\"b c\"\nBye", [QuickAction("label", '~a ~"b c"')], "Hi\nBye"),
    ("/CLOSE", [QuickAction("close", "")], ""),
    ("  /close", [], "  /close"),  # not at column 0
    ("\\/close", [], "\\/close"),  # escaped, as the bot's neutraliser writes it
    ("`/close`", [], "`/close`"),
    ("```\n/close\n```", [], "```\n/close\n```"),
    (">>>\n/close\n>>>", [], ">>>\n/close\n>>>"),
    ("<div>\n/close\n</div>", [], "<div>\n/close\n</div>"),
    ("/closed", [], "/closed"),  # not a known command
    ("x\r\n/close", [QuickAction("close", "")], "x"),  # GitLab deletes \r first
])
def test_extract(text: str, commands: list[QuickAction], kept: str) -> None:
    assert extract(text) == (kept, commands)


def test_only_new_commands_run_on_an_edit() -> None:
    assert extract_new("a\n/label ~x", "a\n/label ~x\n/close") == ("a", [QuickAction("close", "")])


def test_argument_parsers() -> None:
    assert parse_labels('~a ~"b c" ~scope::d') == ["a", "b c", "scope::d"]
    assert parse_milestone('%"Meeting 1"') == "Meeting 1"
    assert parse_due("in 2 weeks", date(2026, 3, 1)) == date(2026, 3, 15)
    assert parse_due("2026-04-01", date(2026, 3, 1)) == date(2026, 4, 1)
    assert parse_due("someday", date(2026, 3, 1)) is None


@pytest.mark.integration
def test_commands_in_descriptions_and_notes_run_like_gitlabs(gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    project.labels.create({"name": "x", "color": "#336699"})
    # /label applies existing labels only (interpret_service.rb find_labels): ~nope is ignored.
    issue = project.issues.create({"title": "t", "description": "Hi\n/label ~x ~nope\n/close"})
    assert (issue.description, issue.labels, issue.state) == ("Hi", ["x"], "opened")
    assert [lb.name for lb in project.labels.list(get_all=True)] == ["x"]
    issue.description = "Hi\n/close"
    issue.save()
    assert project.issues.get(issue.iid).state == "closed"
    answer = gl.http_post(f"/projects/{project.id}/issues/{issue.iid}/notes",
                          post_data={"body": "/reopen"})
    assert answer["summary"] == ["Ran /reopen"]  # 202, no note saved
    reopened = project.issues.get(issue.iid)
    assert reopened.state == "opened" and reopened.user_notes_count == 0


@pytest.mark.integration
def test_hostile_program_text_triggers_nothing_in_an_issue(gl: gitlab.Gitlab,
                                                           sandbox: Sandbox) -> None:
    hostile = "Ship it\n/close\n/label ~hacked\n/assign @rosa\n@all look here <!-- x -->"
    text = SMALL.replace('goal: "Ship one CI improvement"', f"goal: {hostile!r}".replace(
        "'", '"').replace("\n", "\\n")).replace("name: Carol Diaz", 'name: "/title pwned"')
    program = small_program(text)
    assert "\n/close\n" in program.pairs[0].goal and program.mentee("carol").name == "/title pwned"
    state = desired_state(program, date(2026, 2, 1), TemplateSet())
    goal = next(i for i in state.issues if i.marker_id.endswith("carol-alice/goal"))
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    created = project.issues.create({"title": goal.title, "description": goal.description,
                                     "labels": list(goal.labels)})
    assert created.state == "opened" and created.title == goal.title
    assert sorted(created.labels) == sorted(goal.labels)
    # Nothing was taken out as a command; GitLab stores the text right-stripped (extractor.rb
    # returns content.rstrip).
    assert created.description == goal.description.rstrip()
    assert "@all" not in created.description and "<!-- x" not in created.description
