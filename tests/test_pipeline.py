"""The pipeline a program repository runs: which jobs run when, with what, writing what.

`.gitlab-ci.yml` includes the bot's CI/CD component (templates/mentorship-bot.yml); ci_config
compiles the two the way GitLab does, so these tests read the pipeline GitLab would run.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from ci_config import compile_pipeline, expand_component, jobs, load_documents, pipeline_jobs
from click.testing import CliRunner
from program_samples import SMALL, small_program

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / ".gitlab-ci.yml"
COMPONENT = ROOT / "templates" / "mentorship-bot.yml"
GITLAB_CI_SCHEMA = ROOT.parent / "shared" / "gitlab-ci-schema.json"

DEFAULT = {"CI_DEFAULT_BRANCH": "main", "CI_SERVER_URL": "https://gitlab.example.com"}
MERGE_REQUEST = {**DEFAULT, "CI_PIPELINE_SOURCE": "merge_request_event",
                 "CI_MERGE_REQUEST_IID": "7", "CI_MERGE_REQUEST_PROJECT_ID": "42"}
PUSH_MAIN = {**DEFAULT, "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main",
             "GITLAB_TOKEN": "masked"}
PUSH_BRANCH = {**DEFAULT, "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "more-pairs"}
PUSH_BRANCH_WITH_MR = {**PUSH_BRANCH, "CI_OPEN_MERGE_REQUESTS": "acme/program!7"}
SCHEDULE = {**DEFAULT, "CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main",
            "GITLAB_TOKEN": "masked"}
RUN_PIPELINE = {**SCHEDULE, "CI_PIPELINE_SOURCE": "web"}


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return compile_pipeline(PIPELINE)


PACKAGE = "git+https://gitlab.example.com/tools/mentorship-bot@v0.1.0"


@pytest.fixture(scope="module")
def component() -> dict[str, Any]:
    return expand_component(COMPONENT, {"package": PACKAGE})


@pytest.mark.parametrize(("variables", "expected"), [
    (MERGE_REQUEST, {"tests": "on_success", "mentorship-bot:validate": "on_success",
                     "mentorship-bot:plan": "on_success"}),
    (PUSH_MAIN, {"tests": "on_success", "mentorship-bot:validate": "on_success",
                 "mentorship-bot:apply": "on_success"}),
    (PUSH_BRANCH, {"tests": "on_success"}),
    (PUSH_BRANCH_WITH_MR, {}),
    (SCHEDULE, {"mentorship-bot:sweep": "on_success", "pages": "on_success"}),
    (RUN_PIPELINE, {"mentorship-bot:sweep": "manual", "pages": "on_success"}),
], ids=["merge-request", "default-branch", "branch", "branch-with-mr", "schedule", "run-pipeline"])
def test_each_kind_of_pipeline_runs_its_jobs(config: dict[str, Any], variables: dict[str, str],
                                             expected: dict[str, str]) -> None:
    assert pipeline_jobs(config, variables) == expected


def test_without_a_token_this_repository_never_writes(config: dict[str, Any]) -> None:
    for variables in (PUSH_MAIN, SCHEDULE, RUN_PIPELINE):
        tokenless = {k: v for k, v in variables.items() if k != "GITLAB_TOKEN"}
        ran = pipeline_jobs(config, tokenless)
        assert not {"mentorship-bot:apply", "mentorship-bot:sweep", "pages"} & set(ran)


def test_the_component_alone_writes_on_its_own_rules(component: dict[str, Any]) -> None:
    """A program repository keeps the component's rules: a missing token fails loudly."""
    tokenless = {k: v for k, v in PUSH_MAIN.items() if k != "GITLAB_TOKEN"}
    assert "mentorship-bot:apply" in pipeline_jobs(component, tokenless)
    assert set(pipeline_jobs(component, SCHEDULE)) == {"mentorship-bot:sweep", "pages"}
    no_pages = expand_component(COMPONENT, {"package": PACKAGE, "pages": False})
    assert set(pipeline_jobs(no_pages, SCHEDULE)) == {"mentorship-bot:sweep"}


@pytest.mark.parametrize("variables", [MERGE_REQUEST, PUSH_MAIN, PUSH_BRANCH, SCHEDULE,
                                       RUN_PIPELINE])
def test_every_needed_job_is_in_the_same_pipeline(config: dict[str, Any],
                                                  variables: dict[str, str]) -> None:
    ran = pipeline_jobs(config, variables)
    all_jobs = jobs(config)
    for name in ran:
        for need in all_jobs[name].get("needs", []):
            assert need in ran, f"{name} needs {need}, which this pipeline does not run"


def test_every_job_is_in_a_declared_stage(config: dict[str, Any]) -> None:
    stages = config["stages"]
    for name, job in jobs(config).items():
        assert job["stage"] in stages, name
    order = {name: stages.index(job["stage"]) for name, job in jobs(config).items()}
    assert order["mentorship-bot:validate"] < order["mentorship-bot:apply"]


def test_writers_share_a_resource_group_and_are_never_cancelled(config: dict[str, Any]) -> None:
    all_jobs = jobs(config)
    writers = [all_jobs["mentorship-bot:apply"], all_jobs["mentorship-bot:sweep"]]
    assert {job["resource_group"] for job in writers} == {"mentorship-bot"}
    assert all(job["interruptible"] is False for job in writers)


def test_the_sweep_keeps_its_reports_and_pages_publishes_them(config: dict[str, Any]) -> None:
    all_jobs = jobs(config)
    sweep = all_jobs["mentorship-bot:sweep"]
    assert "--report-dir public" in " ".join(sweep["script"])
    assert sweep["artifacts"]["paths"] == ["public"]
    assert sweep["artifacts"]["when"] == "always"
    assert sweep["artifacts"]["reports"]["metrics"] == "public/metrics.txt"
    pages = all_jobs["pages"]
    assert pages["needs"] == ["mentorship-bot:sweep"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert any("public/index.html" in line for line in pages["script"])


def test_the_plan_is_posted_on_the_merge_request(config: dict[str, Any]) -> None:
    script = "\n".join(jobs(config)["mentorship-bot:plan"]["script"])
    assert "--mr-note" in script and "--format markdown" in script


def test_this_repository_installs_the_bot_from_its_checkout(config: dict[str, Any]) -> None:
    for name in ("mentorship-bot:validate", "mentorship-bot:apply", "mentorship-bot:sweep"):
        assert jobs(config)[name]["before_script"] == ['python -m pip install --quiet "."']
    elsewhere = expand_component(COMPONENT, {"package": PACKAGE})
    assert elsewhere[".mentorship-bot"]["before_script"] == [
        f'python -m pip install --quiet "{PACKAGE}"']


def test_what_the_component_installs_must_be_named() -> None:
    """The job runs with the bot's token: no default package a stranger could publish."""
    with pytest.raises(ValueError, match="input 'package' is required"):
        expand_component(COMPONENT, {})


def test_the_bot_talks_to_the_gitlab_running_the_pipeline(config: dict[str, Any]) -> None:
    for name in ("mentorship-bot:validate", "mentorship-bot:plan", "mentorship-bot:apply",
                 "mentorship-bot:sweep"):
        assert jobs(config)[name]["variables"]["GITLAB_URL"] == "$CI_SERVER_URL"


def test_no_token_is_written_into_the_pipeline() -> None:
    for path in (PIPELINE, COMPONENT):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"glpat-|GITLAB_TOKEN:\s*\S", text), path.name
        assert "MENTORSHIP_BOT_PROGRAM" in text or path == PIPELINE


def _bot_commands(config: dict[str, Any]) -> list[list[str]]:
    commands = []
    for job in jobs(config).values():
        for line in job.get("script", []):
            for command in re.findall(r"mentorship-bot (\w+[^\n>|]*)", line.replace("\\\n", " ")):
                commands.append(shlex.split(command))
    return commands


def test_every_command_in_the_pipeline_exists_with_its_options(config: dict[str, Any]) -> None:
    commands = _bot_commands(config)
    assert {words[0] for words in commands} == {"validate", "plan", "apply", "sweep"}
    for words in commands:
        command = main.commands[words[0]]
        known = {opt for param in command.params if isinstance(param, click.Option)
                 for opt in param.opts}
        for word in words[1:]:
            if word.startswith("--"):
                assert word in known, f"mentorship-bot {words[0]} has no option {word}"


@pytest.mark.integration
def test_the_sweep_job_writes_what_the_artifacts_and_pages_expect(
        config: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "config" / "program.yml"
    program.parent.mkdir()
    program.write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sweep = jobs(config)["mentorship-bot:sweep"]
    words = shlex.split(sweep["script"][0].replace('"$MENTORSHIP_BOT_PROGRAM"', str(program)))
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        result = CliRunner().invoke(main, [*words[1:], "--today", "2026-01-20"], env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / sweep["artifacts"]["reports"]["metrics"]).read_text().endswith("# EOF\n")
    assert (tmp_path / "public" / "report.html").is_file()


def _run_job_script(job: dict[str, Any], workdir: Path, env: dict[str, str]) -> str:
    """Run a job's script as the runner would (bash, in the checkout, with the job's variables)."""
    script = "set -euo pipefail\n" + "\n".join(job["script"])
    variables = {k: v for k, v in job.get("variables", {}).items() if "$" not in v}
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_"))}
    result = subprocess.run(["bash", "-c", script], cwd=workdir, capture_output=True, text=True,
                            env={**clean, **variables, **env}, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("mentorship-bot") is None, reason="the console script is not "
                    "on PATH (install the project: pip install -e .)")
def test_the_plan_job_posts_the_plan_with_its_token_and_plans_offline_without(
        config: dict[str, Any], tmp_path: Path) -> None:
    program = tmp_path / "config" / "program.yml"
    program.parent.mkdir()
    program.write_text(SMALL, encoding="utf-8")
    plan_job = jobs(config)["mentorship-bot:plan"]
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        project = sandbox.add_project("acme/mentoring/program")
        iid = sandbox.add_merge_request("acme/mentoring/program")
        ci = {"CI_SERVER_URL": sandbox.url, "CI_PIPELINE_SOURCE": "merge_request_event",
              "CI_MERGE_REQUEST_IID": str(iid), "CI_MERGE_REQUEST_PROJECT_ID": str(project.id)}
        output = _run_job_script(plan_job, tmp_path, {**ci, "MENTORSHIP_BOT_PLAN_TOKEN":
                                                      sandbox.token})
        assert "merge request note created" in output and sandbox.token not in output
        [note] = project.merge_requests[iid].notes
        assert note.body.startswith((tmp_path / "plan.md").read_text(encoding="utf-8").rstrip())
        sandbox.reset_stats()
        output = _run_job_script(plan_job, tmp_path, ci)
        assert "MENTORSHIP_BOT_PLAN_TOKEN is not set" in output
        assert sandbox.stats()["total"] == 0
        assert len(project.merge_requests[iid].notes) == 1
        assert "### mentorship-bot plan" in (tmp_path / "plan.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not GITLAB_CI_SCHEMA.exists(), reason="GitLab's CI schema is not beside the "
                    "project (../shared/gitlab-ci-schema.json)")
def test_the_pipeline_and_the_component_match_gitlabs_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(GITLAB_CI_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    header, _ = load_documents(COMPONENT)
    documents = {
        ".gitlab-ci.yml": yaml.safe_load(PIPELINE.read_text(encoding="utf-8")),
        "component header": header,
        "component (a program repository's inputs)": expand_component(COMPONENT,
                                                                       {"package": PACKAGE}),
        "component (this repository's inputs)": expand_component(COMPONENT, {"package": "."}),
    }
    for name, document in documents.items():
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(document)]
        assert not errors, f"{name}: {errors}"


def test_the_readme_example_includes_the_component_with_valid_inputs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
                 if "component:" in b)
    example = yaml.safe_load("\n".join(line[3:] for line in block.splitlines()))
    [include] = example["include"]
    assert include["component"].endswith("/mentorship-bot@0.1.0")
    compiled = expand_component(COMPONENT, include["inputs"])
    assert set(example["stages"]) >= {jobs(compiled)[name]["stage"] for name in jobs(compiled)}
