"""One mentor per waiting mentee, optimal under every mentor's room, computed by SciPy.

The objective, in order: as many mentees as possible get a mentor; among those assignments, the
highest total score. It is solved exactly as one linear assignment problem: each mentor becomes
as many columns ("slots") as they have room, a ruled-out pair is worth nothing (and is dropped
from the answer if the solver uses it as filler), and an allowed pair is worth its score plus a
bonus larger than any total of scores, so one more pair always outweighs better scores.
Scores are whole thousandths, so every sum is an exact integer in a float64.

SciPy's ``linear_sum_assignment`` (a maintained Jonker-Volgenant solver) is an optional extra:
``pip install 'mentorship-bot[match]'``. Without it, ``assign`` raises ``SolverMissing``; there is
no hand-written fallback presented as optimal. Ties (assignments with the same count and total)
are broken by the solver, which is deterministic for the same input, and the input is in a fixed
order (the queue, mentors by username): the same file gives the same proposal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mentorship_bot.matching.candidates import RULED_OUT, Candidate, Pool, candidate, scores
from mentorship_bot.model import Mentee

INSTALL_HINT = "pip install 'mentorship-bot[match]'"


class SolverMissing(Exception):
    """SciPy is not installed: the optimal assignment cannot be computed."""

    def __init__(self) -> None:
        super().__init__(f"--assign needs SciPy for an optimal assignment; install it with "
                         f"{INSTALL_HINT} (or pip install scipy)")


def _solver() -> tuple[Any, Any]:
    try:
        import numpy
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        raise SolverMissing() from None
    return numpy, linear_sum_assignment


def optimal(rows: Iterable[Sequence[int | None]], room: Sequence[int]) -> list[int | None]:
    """For each row (a mentee's scores per mentor, None where ruled out), the mentor it gets, or
    None; mentor ``j`` gets at most ``room[j]`` rows."""
    np, _ = _solver()
    listed = [list(r) for r in rows]
    matrix = np.array([[np.nan if v is None else v for v in r] for r in listed],
                      dtype=float).reshape(len(listed), len(room))
    return solve(matrix, room)


def solve(matrix: Any, room: Sequence[int]) -> list[int | None]:
    """``optimal`` for a float matrix (mentees by mentors) with NaN where a pair is ruled out."""
    np, linear_sum_assignment = _solver()
    count = matrix.shape[0]
    slots = np.repeat(np.arange(len(room)), np.minimum(np.asarray(room, dtype=int), count))
    if count == 0 or slots.size == 0:
        return [None] * count
    allowed = ~np.isnan(matrix)
    top = float(np.nanmax(matrix)) if allowed.any() else 0.0
    bonus = min(count, slots.size) * max(top, 0.0) + 1
    values = np.where(allowed, matrix + bonus, 0.0)[:, slots]
    rows_taken, columns = linear_sum_assignment(values, maximize=True)
    out: list[int | None] = [None] * count
    for i, column in zip(rows_taken.tolist(), columns.tolist(), strict=True):
        j = int(slots[column])
        if allowed[i, j]:
            out[i] = j
    return out


def assign(pool: Pool) -> list[tuple[Mentee, Candidate | None]]:
    """The optimal proposal for ``pool``: each waiting mentee in queue order, with their mentor."""
    np, _ = _solver()
    matrix = np.empty((len(pool.mentees), len(pool.mentors)), dtype=float)
    for i in range(len(pool.mentees)):
        matrix[i] = scores(pool, i)
    matrix[matrix == RULED_OUT] = np.nan
    chosen = solve(matrix, pool.room)
    return [(mentee, None if j is None else candidate(pool, i, j))
            for i, (mentee, j) in enumerate(zip(pool.mentees, chosen, strict=True))]
