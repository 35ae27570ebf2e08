"""SIGKILL in the middle of an apply (5 trials here; stress/crash_runs.py runs 20 and more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stress.crash_runs import cold_apply_writes, one_trial, program_text

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def crash_program(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, int]:
    workdir = tmp_path_factory.mktemp("crashes")
    text = program_text(6)
    return text, workdir, cold_apply_writes(text, workdir)


@pytest.mark.parametrize("seed", range(5))
def test_an_apply_killed_mid_run_converges_on_the_next_without_duplicates(
        seed: int, crash_program: tuple[str, Path, int]) -> None:
    text, workdir, expected_writes = crash_program
    outcome = one_trial(seed, text, workdir, expected_writes)
    assert outcome.killed_mid_run == 1, "the kill came after the apply had finished"
    assert 0 < outcome.writes_before_kill < expected_writes + 5
    assert (outcome.rerun_failed, outcome.duplicates, outcome.not_converged) == (0, 0, 0)
