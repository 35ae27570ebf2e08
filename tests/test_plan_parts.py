"""The JSON plan made by several processes (issue 18): shares of consecutive pairs, each made
in a process of its own, written as the one document a single process writes."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_diff import observed_from

from benchmarks.program_generator import generate_program_yaml
from mentorship_bot.cli import main
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision import desired_state as desired_module
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff_chunks
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan_writers import write_plan
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.runs import plan_parts
from mentorship_bot.runs.plan_parts import processes_for, write_json_plan
from mentorship_bot.runs.planning import plan_shares

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
TODAY = date(2026, 2, 15)


@pytest.fixture(scope="module")
def program() -> Program:
    found, problems = validate_text(generate_program_yaml(37, rounds=2), "generated.yml")
    assert found is not None, problems[:3]
    return found


def half_applied(program: Program) -> ObservedState:
    """GitLab with every other pair's issues gone: creates in the middle of the plan."""
    observed = observed_from(desired_state(program, TODAY, TemplateSet()))
    pairs = sorted(program.pairs, key=lambda p: (p.round, p.slug))[::2]
    gone = {f"{program.slug}/{p.round}/{p.slug}/" for p in pairs}
    kept = {k: i for k, i in observed.issues.items() if not k.startswith(tuple(gone))}
    return replace(observed, issues=kept)


def json_plan(program: Program, processes: int, observed: ObservedState | None = None) -> str:
    desired = desired_state(program, TODAY, TemplateSet())
    seen = observed or ObservedState.empty()

    def shares(share: tuple[int, int]):  # type: ignore[no-untyped-def]
        return diff_chunks(desired, seen, share=share)

    out = io.StringIO()
    write_json_plan(shares, processes, program, TODAY, seen.source, out)
    return out.getvalue()


@pytest.mark.parametrize("processes", [2, 3, 8, 50])
def test_the_document_is_the_one_a_single_process_writes(program: Program,
                                                         processes: int) -> None:
    for observed in (None, half_applied(program)):
        alone = json_plan(program, 1, observed)
        assert '"create_issue"' in alone
        assert json_plan(program, processes, observed) == alone


def test_shares_hold_every_pair_once_and_build_only_their_own(
        program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    desired = desired_state(program, TODAY, TemplateSet())
    whole = [c for c in diff_chunks(desired, ObservedState.empty())]
    built: list[str] = []
    original = desired_module._issues

    def counted(*args: object, **kwargs: object) -> object:
        built.append(args[2].slug)  # type: ignore[attr-defined]
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(desired_module, "_issues", counted)
    parts = [list(diff_chunks(desired, ObservedState.empty(), share=(k, 3))) for k in range(3)]
    def by_kind(chunks: list) -> dict[str, list]:  # type: ignore[type-arg]
        kinds: dict[str, list] = {}  # type: ignore[type-arg]
        for action in (a for chunk in chunks for a in chunk.actions):
            kinds.setdefault(action.kind, []).append(action)
        return kinds

    # Share after share, each kind's actions come in the whole's order: what the JSON needs.
    assert by_kind([c for part in parts for c in part]) == by_kind(whole)
    places = [(c.round or "", c.pair or "") for part in parts for c in part]
    assert sorted(places) == sorted((c.round or "", c.pair or "") for c in whole)
    assert sorted(built) == sorted(p.slug for p in program.pairs)  # each by one share alone
    assert all(c.pair is not None for part in parts[1:] for c in part)


def test_a_failing_process_fails_the_plan_and_says_why(
        program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(plan_parts, "save_json_share", broken)
    with pytest.raises(RuntimeError, match="part of the plan failed: OSError: the disk is full"):
        json_plan(program, 3)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_how_many_processes() -> None:
    assert processes_for(10) == 1
    assert processes_for(999) == 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert processes_for(10_000) == min(usable or 1, 8, 10)
    assert processes_for(100_000) <= 8


def test_the_plan_command_writes_the_same_json_with_several_processes(
        program: Program, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "program.yml"
    path.write_text(generate_program_yaml(37, rounds=2), encoding="utf-8")
    args = ["plan", str(path), "--format", "json", "--today", TODAY.isoformat()]
    env = {"GITLAB_URL": None, "CI_SERVER_URL": None}
    alone = CliRunner().invoke(main, args, env=env)
    monkeypatch.setattr("mentorship_bot.commands.plan_command.processes_for", lambda _: 4)
    several = CliRunner().invoke(main, args, env=env)
    assert alone.exit_code == several.exit_code == 0, several.stderr
    assert several.stdout == alone.stdout and '"create_project"' in alone.stdout
    observed, shares = plan_shares(program, TODAY)
    out = io.StringIO()
    write_plan(shares((0, 1)), program, TODAY, observed.source, [("json", out)])
    assert out.getvalue() == alone.stdout


def test_when_this_process_fails_first_the_others_are_stopped(program: Program) -> None:
    desired = desired_state(program, TODAY, TemplateSet())

    def shares(share: tuple[int, int]):  # type: ignore[no-untyped-def]
        if share[0] == 0:
            raise ValueError("this process could not plan its share")
        return diff_chunks(desired, ObservedState.empty(), share=share)

    with pytest.raises(ValueError, match="could not plan its share"):
        write_json_plan(shares, 4, program, TODAY, "an empty GitLab", io.StringIO())
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child reaped
