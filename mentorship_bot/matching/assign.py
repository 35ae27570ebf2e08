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

from mentorship_bot.matching.candidates import Candidate, Pool, candidate, row
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
    np, linear_sum_assignment = _solver()
    arrays = [np.array(r, dtype=float) for r in rows]  # None becomes NaN: ruled out
    count = len(arrays)
    slots = np.repeat(np.arange(len(room)), np.minimum(np.asarray(room, dtype=int), count))
    if count == 0 or slots.size == 0:
        return [None] * count
    scores = np.vstack(arrays)
    del arrays
    allowed = ~np.isnan(scores)
    top = float(np.nanmax(scores)) if allowed.any() else 0.0
    bonus = min(count, slots.size) * max(top, 0.0) + 1
    values = np.where(allowed, scores + bonus, 0.0)[:, slots]
    del scores
    rows_taken, columns = linear_sum_assignment(values, maximize=True)
    out: list[int | None] = [None] * count
    for i, column in zip(rows_taken.tolist(), columns.tolist(), strict=True):
        j = int(slots[column])
        if allowed[i, j]:
            out[i] = j
    return out


def assign(pool: Pool) -> list[tuple[Mentee, Candidate | None]]:
    """The optimal proposal for ``pool``: each waiting mentee in queue order, with their mentor."""
    chosen = optimal((row(pool, i) for i in range(len(pool.mentees))), pool.room)
    return [(mentee, None if j is None else candidate(pool, i, j))
            for i, (mentee, j) in enumerate(zip(pool.mentees, chosen, strict=True))]
