"""``match --propose`` and the coordinator-mode sweep share one merge request (follow-up of
issue 13): a manual propose keeps what the sweep proposed there (the requested mentees and their
section of the description), the two write the same description so neither undoes the other,
and ``--propose`` refuses where it would undo the sweep's proposal (mentee-choice mode, another
round)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from intake_samples import INTAKE, INTAKE_TEXT, request_text
from test_intake_sandbox import DAY, FILE, at, client, repository, sweep, world

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
__all__ = ["world"]  # the sandbox fixture, shared with the intake's tests
COORDINATOR = INTAKE_TEXT.replace("mode: mentee-choice", "mode: coordinator")


def propose(sandbox: Sandbox, tmp_path: Path, text: str, *args: str) -> Result:
    path = tmp_path / "program.yml"
    path.write_text(text, encoding="utf-8")  # the pipeline's checkout of the default branch
    env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
    return CliRunner().invoke(main, ["match", str(path), "--propose", "--format", "json",
                                     *args], env=env)


def swept_with_a_request(sandbox: Sandbox) -> None:
    """f1 asks for a mentor, and the coordinator-mode sweep proposes them."""
    at(sandbox, DAY, 9)
    client(sandbox, "f1").projects.get(INTAKE).issues.create({
        "title": "Request a mentor", "description": request_text("", ("Kubernetes",))})
    sweep(sandbox, COORDINATOR, DAY)


def test_a_manual_propose_keeps_the_sweeps_proposal_and_the_next_sweep_keeps_it(
        world: Sandbox, tmp_path: Path) -> None:
    sandbox = world
    swept_with_a_request(sandbox)
    [mr] = repository(sandbox).merge_requests.values()
    swept = mr.description or ""
    branch = repository(sandbox).branches["mentorship-bot/matches"][FILE]
    assert "### Mentees requested" in swept and "| `f1` |" in swept
    assert "{username: f1, name: f1" in branch

    # The coordinator proposes by hand from the same file: the same pairs, the same
    # description, f1 kept. Before, the description lost f1 and the next sweep wrote it back.
    sandbox.reset_stats()
    manual = propose(sandbox, tmp_path, COORDINATOR)
    assert manual.exit_code == 0, manual.output
    assert json.loads(manual.stdout)["merge_request"]["described"] is False
    assert sandbox.stats()["writes"] == 0
    [after] = repository(sandbox).merge_requests.values()
    assert (after.description, repository(sandbox).branches["mentorship-bot/matches"][FILE]) == (
        swept, branch)
    assert sweep(sandbox, COORDINATOR, DAY).intake.counts() == {}
    assert sandbox.stats()["writes"] == 0


def test_a_manual_propose_on_a_request_it_did_not_open_keeps_the_mentees(
        world: Sandbox, tmp_path: Path) -> None:
    # The sweep proposed f1 first; the file then changed (m1 takes three mentees), so the
    # manual assignment differs: its pairs are added, f1 stays in the file and the description.
    sandbox = world
    swept_with_a_request(sandbox)
    fuller = COORDINATOR.replace("capacity: 1,", "capacity: 3,")
    manual = propose(sandbox, tmp_path, fuller)
    assert manual.exit_code == 0, manual.output
    assert json.loads(manual.stdout)["merge_request"]["described"] is True
    [mr] = repository(sandbox).merge_requests.values()
    assert "| `f1` |" in (mr.description or "")
    assert "{username: f1, name: f1" in repository(sandbox).branches["mentorship-bot/matches"][
        FILE]


def test_propose_refuses_to_choose_for_mentees_or_to_propose_another_round(
        world: Sandbox, tmp_path: Path) -> None:
    sandbox = world
    choice = propose(sandbox, tmp_path, INTAKE_TEXT)
    assert choice.exit_code == 2
    assert "would choose for the mentees" in json.loads(choice.stdout)["error"]
    earlier = COORDINATOR.replace(
        "rounds:\n", "rounds:\n  - {slug: summer-2026, name: Summer, starts: 2026-06-01, "
        "ends: 2026-08-31}\n")
    other = propose(sandbox, tmp_path, earlier, "--round", "summer-2026")
    assert other.exit_code == 2 and "'autumn-2026'" in json.loads(other.stdout)["error"]
    assert sandbox.stats()["writes"] == 0 and repository(sandbox).merge_requests == {}
