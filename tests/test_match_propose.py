"""``match --propose``: the optimal assignment as one merge request on the program repository,
opened once, unchanged on a second run, nothing left to propose once it is merged."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from mentorship_bot.cli import main
from mentorship_bot.program.loader import validate_text
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import Project

pytestmark = pytest.mark.integration
EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "program.yml"
REPO = "acme/people/mentoring/program"
TEXT = EXAMPLE.read_text(encoding="utf-8").replace(
    "  candidates: 3 ", f"  program_project: {REPO}\n  candidates: 3 ")


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    path = tmp_path / "program.yml"
    path.write_text(TEXT, encoding="utf-8")
    program, problems = validate_text(TEXT, "program.yml")
    assert program is not None, problems
    with Sandbox() as sandbox:
        sandbox.seed_program(program, TEXT)
        yield sandbox, path


def run(sandbox: Sandbox, path: Path, *args: str) -> Result:
    env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
    return CliRunner().invoke(main, ["match", str(path), "--propose", *args], env=env)


def repository(sandbox: Sandbox) -> Project:
    found = sandbox.store.by_path(REPO)
    assert isinstance(found, Project)
    return found


def test_the_assignment_becomes_one_merge_request(bot: tuple[Sandbox, Path]) -> None:
    sandbox, path = bot
    result = run(sandbox, path, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["mode"] == "assign" and answer["merge_request"]["opened"]
    project = repository(sandbox)
    assert project.files["config/program.yml"] == TEXT  # main is never written
    proposed = project.branches["mentorship-bot/matches"]["config/program.yml"]
    new = yaml.safe_load(proposed)["pairs"][len(yaml.safe_load(TEXT)["pairs"]):]
    changes = [d for d in difflib.ndiff(TEXT.splitlines(), proposed.splitlines())
               if d[:2] in ("+ ", "- ")]
    assert len(changes) == len(new) == 3 and all(d.startswith("+ ") for d in changes)
    assert {(p["mentee"], p["mentor"]) for p in new} == {
        (m["mentee"], m["mentor"]["mentor"]) for m in answer["mentees"] if m["mentor"]}
    assert validate_text(proposed, "program.yml")[0] is not None
    [mr] = project.merge_requests.values()
    assert mr.title == "Proposed pairs from mentorship-bot"
    assert "| priya | chen.wei |" in (mr.description or "")


def test_a_second_run_changes_nothing_and_a_merged_one_leaves_nothing_to_do(
        bot: tuple[Sandbox, Path]) -> None:
    sandbox, path = bot
    assert run(sandbox, path).exit_code == 0
    sandbox.reset_stats()
    again = run(sandbox, path)
    assert again.exit_code == 0 and "already proposes these pairs" in again.output
    assert sandbox.stats()["writes"] == 0
    sandbox.merge(REPO, 1)
    merged = repository(sandbox).files["config/program.yml"]
    path.write_text(merged, encoding="utf-8")  # the pipeline's checkout after the merge
    after = run(sandbox, path)
    assert after.exit_code == 0 and "nothing to propose" in after.output


def test_propose_needs_the_program_project(bot: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = bot
    plain = tmp_path / "plain.yml"
    plain.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(sandbox, plain, "--format", "json")
    assert result.exit_code == 2
    assert "matching.program_project" in json.loads(result.stdout)["error"]
    assert sandbox.stats()["writes"] == 0
