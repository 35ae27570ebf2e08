"""Apply and sweep a 20-pair program through injected faults, seed after seed.

    python -m stress.fault_runs --seeds 100

Each seed: a fresh sandbox failing 10% of requests (5xx before the write, 5xx after it, a dropped
connection after it, 429 with Retry-After), a person's edit made beforehand, one sweep (which
provisions, reads and writes back) through the faults, then at most one re-run without faults.
After it GitLab must hold exactly the desired objects: no duplicate project, issue or nudge, the
edit intact, and a further sweep writes nothing. Prints the counts.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from benchmarks.program_generator import generate_program_yaml
from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.runs.sweeping import run_sweep
from mentorship_bot.sandbox import Sandbox

FAULTS = "error_before=0.025,error_after=0.025,drop_after=0.025,429=0.025,retry_after=0"
EDIT = "\n\nOur own note: we meet on Tuesdays."


@dataclass
class Outcome:
    faults: int = 0
    failed_first: int = 0
    reruns: int = 0
    duplicates: int = 0
    lost_edits: int = 0
    not_converged: int = 0


def add_up(totals: Any, one: Any) -> None:
    """Add each count of ``one`` to ``totals`` (dataclasses of the same kind)."""
    for name in vars(totals):
        setattr(totals, name, getattr(totals, name) + getattr(one, name))


def program(pairs: int = 20) -> Program:
    loaded, problems = validate_text(generate_program_yaml(pairs, rounds=1), "faults.yml")
    assert loaded is not None, problems[:3]
    return loaded


def one_seed(seed: int, prog: Program, day: date, warm: date) -> Outcome:
    """Provision on ``warm`` and sweep on ``day``, both through faults; a person edits between."""
    out = Outcome()
    fast = Limits(None, None)
    with Sandbox(faults=f"{FAULTS},seed={seed}") as sandbox:
        sandbox.seed_program(prog)
        failed = 0
        for when in (warm, day):
            sandbox.set_clock(datetime(when.year, when.month, when.day, 23,
                                       tzinfo=timezone.utc))
            failed += len(run_sweep(prog, when, Connection(sandbox.url, sandbox.token,
                                                           limits=fast)).failed())
            if when == warm:
                edited = next((i for p in sandbox.store.projects.values()
                               for i in p.issues.values() if i.title == "Goal and purpose"),
                              None)
                if edited is not None:
                    edited.description += EDIT  # a person's words: they must survive
        out.faults = sum(sandbox.stats()["faults"].values())
        sandbox.set_faults("none")
        out.failed_first = failed
        if failed:
            out.reruns = 1
            run_sweep(prog, day, Connection(sandbox.url, sandbox.token, limits=fast))
        sandbox.reset_stats()
        final = run_sweep(prog, day, Connection(sandbox.url, sandbox.token, limits=fast))
        if sandbox.stats()["writes"] or final.failed():
            out.not_converged = 1
        out.duplicates = _duplicates(sandbox)
        out.lost_edits = int(edited is not None and not edited.description.endswith(EDIT))
    return out


def _duplicates(sandbox: Sandbox) -> int:
    """Open issues sharing a marker, notes sharing a marker, projects sharing a path."""
    store = sandbox.store
    paths = Counter(store.full_path(p) for p in store.projects.values())
    found = sum(n - 1 for n in paths.values())
    markers: Counter[str] = Counter()
    for project in store.projects.values():
        for issue in project.issues.values():
            marker = parse_marker(issue.description)
            if marker and issue.state == "opened":
                markers[marker.id] += 1
            notes = Counter(m.id for n in issue.notes if (m := parse_marker(n.body)))
            found += sum(n - 1 for n in notes.values())
    return found + sum(n - 1 for n in markers.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    prog = program(args.pairs)
    round_ = prog.rounds[0]
    warm, day = round_.starts, date.fromordinal(round_.starts.toordinal() + 30)
    totals = Outcome()
    started = time.monotonic()
    for seed in range(args.seeds):
        add_up(totals, one_seed(seed, prog, day, warm))
    print(f"{args.seeds} seeds, {args.pairs} pairs, faults {FAULTS}: "
          f"{totals.faults} faults injected; first sweeps with failed writes: "
          f"{totals.reruns} (re-run once); duplicates {totals.duplicates}; lost edits "
          f"{totals.lost_edits}; not converged after the re-run {totals.not_converged}; "
          f"{time.monotonic() - started:.0f} s")
    if totals.duplicates or totals.lost_edits or totals.not_converged:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
