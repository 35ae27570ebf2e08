"""Apply and sweep through injected faults (a few seeds here; stress/fault_runs.py does 100)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stress.fault_runs import one_seed, program

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("seed", [1, 2])
def test_faults_never_duplicate_lose_an_edit_or_stop_convergence(seed: int) -> None:
    prog = program(20)
    starts = prog.rounds[0].starts
    outcome = one_seed(seed, prog, starts + timedelta(days=30), starts)
    assert outcome.faults > 0  # the faults really happened
    assert (outcome.duplicates, outcome.lost_edits, outcome.not_converged) == (0, 0, 0)
