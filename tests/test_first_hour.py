"""A coordinator's first hour (issue 16): refused tokens, failures as JSON, what plan checks, and
what the sandbox seeds. Each test fails without its fix."""

from __future__ import annotations

import json
from pathlib import Path

import gitlab
import pytest
from click.testing import CliRunner
from conftest import BotOnSandbox
from program_samples import SMALL, small_program

from mentorship_bot.adapter.execute import Outcome
from mentorship_bot.cli import main
from mentorship_bot.commands.failures import describe
from mentorship_bot.commands.output import echo_notices_and_failures
from mentorship_bot.program.loader import load_program
from mentorship_bot.provision.plan import Action
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration

GITLAB_COMMANDS = ("plan", "apply", "sweep", "report")
WITH_DASHBOARD = SMALL.replace("  issue_lead_days: 14\n",
                               "  issue_lead_days: 14\n  dashboard_project: acme/mentoring/dash\n")
UNKNOWN_MENTOR = SMALL.replace("{username: bob, name: Bob Stone}",
                               "{username: bobby, name: Bob Stone}").replace("mentor: bob,",
                                                                             "mentor: bobby,")


def _run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", GITLAB_COMMANDS)
def test_a_refused_token_is_exit_2_and_says_what_to_check(small_bot: BotOnSandbox,
                                                          command: str) -> None:
    env = {"GITLAB_URL": small_bot.sandbox.url, "GITLAB_TOKEN": "glpat-expired-or-revoked"}
    code, out, err = _run(env, command, str(small_bot.path), "--today", "2026-01-20")
    assert code == 2, err
    assert "error: GitLab refused the token (401): " in err
    assert "expired" in err and "bug" not in err and "unexpected" not in err
    code, out, err = _run(env, command, str(small_bot.path), "--today", "2026-01-20",
                          "--format", "json")
    assert code == 2
    assert json.loads(out)["error"].startswith("GitLab refused the token (401)")
    assert small_bot.sandbox.stats()["writes"] == 0


def test_a_403_on_a_read_names_the_missing_role() -> None:
    failure = describe(gitlab.exceptions.GitlabListError("403 Forbidden", response_code=403))
    assert failure.exit_code == 2 and not failure.bug
    assert "(403)" in failure.message and "Owner role on the program group" in failure.message


def test_a_403_on_a_write_names_the_missing_role(capsys: pytest.CaptureFixture[str]) -> None:
    failed = Outcome(Action("create_group", "acme/mentoring/spring-2026"),
                     "GitLab answered 403: 403 Forbidden")
    echo_notices_and_failures([], [failed])
    assert "the bot needs the api scope and the Owner role" in capsys.readouterr().out


def test_anything_else_is_still_a_bug() -> None:
    failure = describe(KeyError("x"))
    assert failure.exit_code == 3 and failure.bug


@pytest.mark.parametrize("command", (*GITLAB_COMMANDS, "validate"))
def test_json_on_an_invalid_file_is_an_object_with_the_problems(small_bot: BotOnSandbox,
                                                                command: str) -> None:
    small_bot.path.write_text(SMALL.replace("  slug: eng\n", ""), encoding="utf-8")
    code, out, _ = _run({"GITLAB_URL": small_bot.sandbox.url,
                         "GITLAB_TOKEN": small_bot.sandbox.token},
                        command, str(small_bot.path), "--format", "json")
    assert code == 2
    payload = json.loads(out)
    assert payload["problems"] and payload["problems"][0]["path"] == "program"
    assert "slug" in payload["problems"][0]["message"]


@pytest.mark.parametrize("command", ("plan", "apply", "sweep"))
def test_an_unknown_user_is_exit_2_with_json_too(small_bot: BotOnSandbox, command: str) -> None:
    small_bot.path.write_text(UNKNOWN_MENTOR, encoding="utf-8")
    result = small_bot.run(command, str(small_bot.path), "--today", "2026-01-20")
    assert result.exit_code == 2
    assert "'bobby' is not a GitLab user" in result.stderr
    assert "error: 1 unknown user; nothing was written" in result.stderr
    result = small_bot.run(command, str(small_bot.path), "--today", "2026-01-20",
                           "--format", "json")
    payload = json.loads(result.stdout)
    assert result.exit_code == 2 and payload["error"] == "1 unknown user; nothing was written"
    assert {p["message"] for p in payload["problems"]} == {"'bobby' is not a GitLab user"}
    assert small_bot.sandbox.stats()["writes"] == 0


def test_the_merge_request_note_shows_unknown_users_as_errors(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        project = sandbox.add_project("acme/mentoring/program")
        iid = sandbox.add_merge_request("acme/mentoring/program")
        path = tmp_path / "program.yml"
        path.write_text(UNKNOWN_MENTOR, encoding="utf-8")
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token,
               "CI_MERGE_REQUEST_IID": str(iid), "CI_MERGE_REQUEST_PROJECT_ID": str(project.id)}
        code, _, err = _run(env, "plan", str(path), "--today", "2026-02-01", "--mr-note")
        assert code == 2 and "merge request note created" in err
        body = project.merge_requests[iid].notes[0].body
        assert "**Error: 1 unknown user.** Merging this would fail to apply." in body
        assert "'bobby' is not a GitLab user" in body
        assert "### mentorship-bot plan" in body


def test_a_missing_token_is_an_error_not_a_usage_error(small_bot: BotOnSandbox) -> None:
    code, out, err = _run({"GITLAB_URL": small_bot.sandbox.url}, "apply", str(small_bot.path),
                          "--format", "json")
    assert code == 2 and "Usage:" not in err
    assert json.loads(out)["error"].startswith("set GITLAB_TOKEN")


def test_the_sandbox_seeds_the_dashboard_project_and_the_program_repository() -> None:
    text = Path("config/program.yml").read_text(encoding="utf-8")
    with Sandbox() as sandbox:
        created = sandbox.seed_program(load_program("config/program.yml"), text)
        assert "project acme/people/mentoring/dashboard" in created
        repository = sandbox.store.by_path("acme/people/mentoring/program")
        assert repository is not None and repository.files["config/program.yml"] == text
        assert sandbox.seed_program(load_program("config/program.yml"), text) == []


@pytest.mark.parametrize("command", GITLAB_COMMANDS)
def test_a_missing_dashboard_project_is_exit_2_before_any_write(tmp_path: Path,
                                                                command: str) -> None:
    path = tmp_path / "program.yml"
    path.write_text(WITH_DASHBOARD, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())  # no file text: as the old seeding, no dashboard
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        reports = ("--report-dir", str(tmp_path / "reports")) if command == "report" else ()
        code, out, err = _run(env, command, str(path), "--today", "2026-01-20", *reports)
        assert code == 2, out + err
        assert "error: the dashboard project 'acme/mentoring/dash' does not exist" in err
        assert sandbox.stats()["writes"] == 0
        sandbox.add_project("acme/mentoring/dash")
        code, _, err = _run(env, command, str(path), "--today", "2026-01-20", *reports)
        assert code == 0, err


@pytest.mark.parametrize("command", GITLAB_COMMANDS)
def test_a_bad_date_is_a_json_object_too(small_bot: BotOnSandbox, command: str) -> None:
    result = small_bot.run(command, str(small_bot.path), "--today", "2026-13-01",
                           "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": "Invalid value: expected a date such as 2026-03-01, got '2026-13-01'",
        "problems": []}
