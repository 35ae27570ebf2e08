"""Hostile program files, end to end: the sandbox executes quick actions as GitLab does, so what the
YAML smuggles in would show up there as closed issues, new labels, assignees or mentions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import BotOnSandbox
from program_samples import SMALL

from mentorship_bot.cli import main
from mentorship_bot.program.loader import validate_text
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import Group, Project

pytestmark = pytest.mark.integration

# One line (names, titles, skills) and many lines (goals, purposes, descriptions): quick actions at
# the start of a line, mentions of everyone and of the group, a carriage return GitLab would delete,
# and a forged marker.
ONE_LINE = "/close @all @acme/mentoring @rosa ~pwned"
MANY_LINES = ("Grow\n/close\n/label ~pwned\n/assign @rosa\n/title pwned\n/confidential\n"
              " /due tomorrow\n@all and @acme/mentoring\r/reopen\n"
              "<!-- mentorship-bot id=eng/spring-2026/carol-alice/progress hash=0 -->")
# A mass mention GitLab would act on ("@" then the name; the bot puts U+2060 between). The
# coordinators are mentioned by the bot itself, on purpose, so @rosa is not checked here.
LIVE_MENTION = re.compile(r"@(all|here|acme)\b")


def hostile_program_text() -> str:
    document: dict[str, Any] = {
        "version": 1,
        "program": {"slug": "eng", "name": ONE_LINE, "group": "acme/mentoring",
                    "coordinators": ["rosa"], "stall_after_days": 21,
                    "dashboard_project": "acme/mentoring/dashboard"},
        # A round names a GitLab group, whose names cannot hold "/", "@" or "~" (validate refuses
        # ONE_LINE there: tests/test_gitlab_names.py), so the round's name is the one plain field.
        "rounds": [{"slug": "spring-2026", "name": "Spring 2026 (close all)",
                    "starts": "2026-01-05",
                    "ends": "2026-03-29", "cadence": "monthly"}],
        "mentors": [{"username": "alice", "name": ONE_LINE, "department": ONE_LINE,
                     "skills": [ONE_LINE]}],
        "mentees": [{"username": "carol", "name": ONE_LINE, "department": ONE_LINE,
                     "interests": [ONE_LINE], "manager": "rosa"}],
        "pairs": [{"mentor": "alice", "mentee": "carol", "round": "spring-2026",
                   "goal": MANY_LINES, "purpose": MANY_LINES}],
        "milestones": [
            {"key": "kickoff", "title": ONE_LINE, "template": "kickoff", "due": "7d",
             "description": MANY_LINES},
            {"key": "goal", "title": "Goal " + ONE_LINE, "template": "goal", "due": "2w",
             "description": MANY_LINES},
            {"key": "meeting", "title": "Meeting", "template": "meeting", "repeat": "cadence",
             "description": MANY_LINES},
            {"key": "midpoint", "title": "Midpoint", "template": "midpoint", "due": "50%"},
            {"key": "final", "title": "Final", "template": "final", "due": "-0d",
             "description": MANY_LINES},
        ],
    }
    return yaml.safe_dump(document, sort_keys=False)


def _pair_and_dashboard_projects(sandbox: Sandbox) -> list[Project]:
    group = sandbox.store.by_path("acme/mentoring")
    assert isinstance(group, Group)
    return sandbox.store.projects_under(group, subgroups=True)


def test_quick_actions_and_mentions_in_every_text_field_change_nothing(tmp_path: Path) -> None:
    text = hostile_program_text()
    program, problems = validate_text(text, "hostile.yml")
    assert program is not None, [p.format() for p in problems]
    path = tmp_path / "program.yml"
    path.write_text(text, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        sandbox.add_project("acme/mentoring/dashboard")
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        # Apply, then nights that nudge (a milestone overdue), escalate (stalled) and certify.
        for command in (["apply", str(path), "--today", "2026-01-05"],
                        ["sweep", str(path), "--today", "2026-01-20"],
                        ["sweep", str(path), "--today", "2026-02-20"],
                        ["sweep", str(path), "--today", "2026-04-01"]):
            result = CliRunner().invoke(main, command, env=env)
            assert result.exit_code == 0, result.output
        projects = _pair_and_dashboard_projects(sandbox)
        issues = [issue for project in projects for issue in project.issues.values()]
        assert len(issues) >= 8
        bot_labels = {label.name for label in sandbox.store.labels_available(projects[0])}
        notes = [note for issue in issues for note in issue.notes if not note.system]
        carol = sandbox.store.user_named("carol").id  # type: ignore[union-attr]
        assert any(issue.assignee_ids == [carol] for issue in issues)
        assert notes, "the nights wrote nudges, escalations or the dashboard"
        for issue in issues:
            assert issue.state == "opened", issue.title
            assert set(issue.labels) <= bot_labels and "pwned" not in issue.labels
            # Only whom the program names (milestones[].assignee: the mentee by default), never
            # the /assign @rosa smuggled into a text.
            assert set(issue.assignee_ids) <= {carol} and not issue.confidential
            assert issue.title != "pwned" and issue.due_date != "tomorrow"
        for text_written in [i.description for i in issues] + [n.body for n in notes]:
            assert not LIVE_MENTION.search(text_written), text_written
            assert "pwned" not in re.findall(r"(?m)^/\w+ ?(.*)$", text_written)
            assert text_written.count("<!-- mentorship-bot id=") <= 1
            assert "<!-- mentorship-bot id=eng/spring-2026/carol-alice/progress hash=0" \
                not in text_written
        files = [content for project in projects for content in project.files.values()]
        assert files and not any(LIVE_MENTION.search(content) for content in files)
        # What the bot itself meant to mention still reaches people: the nudge names the pair.
        assert any(n.body.startswith("@carol @alice: a friendly reminder") for n in notes)


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.environ }}",
    "{{ mentee.__class__.__init__.__globals__ }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_a_template_that_escapes_the_jinja_sandbox_stops_apply_before_any_write(
        small_bot: BotOnSandbox, source: str) -> None:
    templates = small_bot.path.parent / "templates"
    templates.mkdir()
    (templates / "goal.md.j2").write_text(f"## Goal\n\n{source}\n", encoding="utf-8")
    small_bot.path.write_text(SMALL.replace("  issue_lead_days: 14\n",
                                            "  issue_lead_days: 14\n  templates: templates\n"),
                              encoding="utf-8")
    for args in (["validate"], ["apply", "--today", "2026-01-20"]):
        result = small_bot.run(args[0], str(small_bot.path), *args[1:])
        assert result.exit_code == 2, result.output
        assert f"{templates / 'goal.md.j2'}:3:" in result.output
        assert "unsafe" in result.output
        assert "Traceback" not in result.output
    assert small_bot.sandbox.stats()["writes"] == 0


def test_a_pair_project_someone_made_public_is_made_private_and_reported(
        small_bot: BotOnSandbox) -> None:
    sandbox, path = small_bot.sandbox, str(small_bot.path)
    first = small_bot.run("apply", path, "--today", "2026-01-20")
    assert first.exit_code == 0, first.output
    project = sandbox.store.by_path("acme/mentoring/spring-2026/carol-alice")
    assert isinstance(project, Project) and project.visibility == "private"
    project.visibility = "public"
    planned = small_bot.run("plan", path, "--today", "2026-01-20")
    assert "was made public; pair projects stay private" in planned.output
    for command, made in (("apply", "public"), ("sweep", "internal")):
        sandbox.reset_stats()
        result = small_bot.run(command, path, "--today", "2026-01-20")
        assert result.exit_code == 0, result.output
        assert ("notice: acme/mentoring/spring-2026/carol-alice: the project was made "
                f"{made}; pair projects stay private") in result.output
        if command == "apply":
            assert sandbox.stats()["requests_by_method"].get("PUT") == 1
        assert project.visibility == "private"
        project.visibility = "internal"
    project.visibility = "public"
    sandbox.reset_stats()
    settled = small_bot.run("apply", path, "--today", "2026-01-20")
    assert settled.exit_code == 0 and project.visibility == "private"
    assert sandbox.stats()["writes"] == 1
