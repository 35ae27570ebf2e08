"""``mentorship-bot plan`` end to end through click: formats, exit codes, the offline rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from program_samples import SMALL, small_program

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox

NO_GITLAB = {"GITLAB_URL": None, "CI_SERVER_URL": None}


@pytest.fixture
def program_file(tmp_path: Path) -> Path:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env or NO_GITLAB)
    return result.exit_code, result.stdout, result.stderr


def test_text_plan_groups_by_round_and_pair(program_file: Path) -> None:
    code, out, err = run("plan", str(program_file), "--today", "2026-02-01")
    assert code == 0, err
    assert "planning against an empty GitLab" in err
    lines = out.splitlines()
    assert lines[0] == ("Plan for Engineering Mentoring (acme/mentoring) on 2026-02-01, against an "
                        "empty GitLab.")
    assert lines[1].startswith("71 writes: 2 groups, 17 labels, 1 board, 7 board lists, "
                               "15 milestones, 3 projects, 6 members, 3 commits, ")
    assert "  carol-alice: 1 project, 2 members, 1 commit, 6 issues" in lines
    assert "Round spring-2026 (Spring 2026, 2026-01-05 to 2026-03-29)" in lines


def test_verbose_lists_every_action(program_file: Path) -> None:
    _, out, _ = run("plan", str(program_file), "--today", "2026-02-01", "--verbose")
    assert "    + issue Kickoff and ground rules, due 2026-01-12" in out.splitlines()
    assert "    + member carol (Developer)" in out.splitlines()


def test_json_plan_lists_actions_with_attributes(program_file: Path) -> None:
    code, out, _ = run("plan", str(program_file), "--today", "2026-02-01", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["summary"]["writes"] == len(document["actions"]) == 71
    project = next(a for a in document["actions"] if a["kind"] == "create_project")
    assert project["attributes"]["visibility"] == "private"
    issue = next(a for a in document["actions"] if a["kind"] == "create_issue")
    assert set(issue) == {"kind", "target", "round", "pair", "attributes", "reason"}
    assert set(issue["attributes"]["description"]) == {"template", "inputs"}


def test_markdown_plan_for_a_merge_request(program_file: Path) -> None:
    _, out, _ = run("plan", str(program_file), "--today", "2026-02-01", "--format", "markdown")
    assert out.startswith("### mentorship-bot plan for Engineering Mentoring")
    assert "| projects | 3 |" in out
    assert out.count("<details>") == out.count("</details>") == 3


def test_an_invalid_program_exits_2_with_located_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(SMALL.replace("mentor: alice, mentee: carol", "mentor: alise, mentee: carol"))
    code, out, err = run("plan", str(path))
    assert code == 2 and out == ""
    assert ("bad.yml:18:14: error: pairs[0].mentor: 'alise' is not a mentor "
            "(did you mean 'alice'?)") in err


def test_a_configured_gitlab_needs_a_token(program_file: Path) -> None:
    code, out, err = run("plan", str(program_file), env={"GITLAB_URL": "https://gitlab.example",
                                                         "GITLAB_TOKEN": None})
    assert code == 2 and out == ""
    assert "set GITLAB_TOKEN" in err


@pytest.mark.integration
def test_plan_reads_a_configured_gitlab(program_file: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        code, out, err = run("plan", str(program_file), "--today", "2026-02-01", env=env)
        assert code == 0, err
        assert f"against {sandbox.url}." in out.splitlines()[0]
        assert "read " in err and "requests" in err
        assert sandbox.stats()["writes"] == 0
        assert sandbox.token not in out + err


def test_the_shipped_example_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("plan", "config/program.yml", "--today", "2026-11-22")
    assert code == 0
    assert "266 writes" in out.splitlines()[1]


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out


@pytest.mark.integration
def test_mr_note_is_posted_once_and_updated_in_place(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        project = sandbox.add_project("acme/mentoring/program")
        iid = sandbox.add_merge_request("acme/mentoring/program")
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token,
               "CI_MERGE_REQUEST_IID": str(iid), "CI_MERGE_REQUEST_PROJECT_ID": str(project.id)}
        path = tmp_path / "program.yml"
        path.write_text(SMALL)
        outcomes = []
        extra_pair = "  - {mentor: bob, mentee: carol, round: autumn-2026}\n"
        for text in (SMALL, SMALL, SMALL + extra_pair):
            path.write_text(text)
            code, _, err = run("plan", str(path), "--today", "2026-02-01", "--mr-note", env=env)
            assert code == 0, err
            outcomes.append(err.splitlines()[-1])
        assert outcomes == ["merge request note created", "merge request note unchanged",
                            "merge request note updated"]
        notes = project.merge_requests[iid].notes
        assert len(notes) == 1
        assert "carol-bob" in notes[0].body and "### mentorship-bot plan" in notes[0].body
        assert sandbox.stats()["requests_by_method"].get("PUT", 0) == 1


def test_mr_note_outside_a_merge_request_pipeline_is_a_usage_error(program_file: Path) -> None:
    code, _, err = run("plan", str(program_file), "--mr-note")
    assert code == 2 and "CI_MERGE_REQUEST_IID" in err
