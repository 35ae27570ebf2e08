"""Sweep a large rolling program (issue 12) in the middle of its year on the sandbox, with latency.

    python -m benchmarks.rolling_sweep --pairs 1000 --latency-ms 50

The program: one round with ``term: 6 months`` and no end; pair i starts on Monday i mod 26 of
the first half-year, so cohorts overlap as in an SRE team that pairs people whenever they ask;
mentors take three pairs each (``capacity: 3``); one pair in twenty met its goal and ended early,
one in twenty was not a fit and its mentee was rematched with a spare mentor a week later.
``benchmarks.program_generator`` makes fixed rounds only, so the file is generated here.

Set-up (no latency, not measured): a sweep every Monday from the round's start up to the day
before the measured night, the diligent pairs (85%) closing what falls due, and a tenth of the
pairs acting on the measured day. Then, with latency: the measured nightly sweep and its re-run
the same night. Prints requests by method, wall time and peak memory, as ``benchmarks.sweep``
does for a fixed round. Aim: the same read budget, issues/100 + projects/100 + 20 (reads grow with
pages, not pairs); the re-run writes nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from typing import Any

import yaml

from benchmarks.sandbox_process import sandbox_process
from benchmarks.sweep import (
    _diligent,
    _diligent_pairs_catch_up,
    _night,
    _pairs_act,
    measured_nights,
)
from mentorship_bot.adapter.connection import DEFAULT_WORKERS, UNPACED, Connection
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.sweeping import run_sweep

TOKEN = "bench"
OPENS = date(2026, 1, 5)  # a Monday


def generate_rolling_program(pairs: int, *, seed: int = 0) -> dict[str, Any]:
    """A rolling round of ``pairs`` first pairs (plus the rematches), deterministic for a seed."""
    rng = random.Random(seed)
    mentors = [{"username": f"mentor{i:05d}", "name": f"Mentor {i}", "capacity": 3}
               for i in range((pairs + 2) // 3)]
    mentees = [{"username": f"mentee{i:05d}", "name": f"Mentee {i}",
                "manager": f"manager{i % 50:02d}"} for i in range(pairs)]
    pair_list: list[dict[str, Any]] = []
    rematches: list[dict[str, Any]] = []
    for i in range(pairs):
        starts = OPENS + timedelta(weeks=i % 26)
        pair: dict[str, Any] = {"round": "sre", "mentor": f"mentor{i // 3:05d}",
                                "mentee": f"mentee{i:05d}", "starts": starts.isoformat(),
                                "goal": f"Goal of pair {i}: ship one thing."}
        roll = rng.random()
        if roll < 0.05 and starts <= date(2026, 4, 1):
            pair["ended"] = {"on": (starts + timedelta(days=90)).isoformat(),
                             "reason": "goal-met"}
        elif roll < 0.10 and starts <= date(2026, 5, 1):
            ended = starts + timedelta(days=28)
            pair["ended"] = {"on": ended.isoformat(), "reason": "not-a-fit"}
            again = ended + timedelta(days=7 + (7 - ended.weekday()) % 7)
            rematches.append({"round": "sre", "mentor": f"spare{len(rematches) // 3:05d}",
                              "mentee": f"mentee{i:05d}", "starts": again.isoformat()})
        pair_list.append(pair)
    mentors += [{"username": f"spare{i:05d}", "name": f"Spare mentor {i}", "capacity": 3}
                for i in range((len(rematches) + 2) // 3)]
    return {
        "version": 1,
        "program": {"slug": "bench", "name": "Rolling Benchmark", "group": "acme/mentoring",
                    "coordinators": ["coordinator"], "max_mentees_per_mentor": 3},
        "rounds": [{"slug": "sre", "name": "SRE rolling", "starts": OPENS.isoformat(),
                    "term": "6 months", "cadence": "biweekly", "meeting_minutes": "30-45"}],
        "mentors": mentors,
        "mentees": mentees,
        "pairs": pair_list + rematches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--night", type=date.fromisoformat, default=date(2026, 7, 8),
                        help="the measured night (default: mid-year, the first cohort just over)")
    args = parser.parse_args()
    text = yaml.safe_dump(generate_rolling_program(args.pairs), sort_keys=False)
    program, problems = validate_text(text, "rolling.yml")
    assert program is not None, [p.format() for p in problems[:3]]
    with sandbox_process(text, TOKEN, "--rate-limit", "off") as url:
        run_all(url, program, args)


def run_all(url: str, program: Program, args: Any) -> None:
    measured: date = args.night
    fast = UNPACED
    started_by = sum(1 for p in program.pairs if (p.starts or OPENS) <= measured)
    ended = sum(1 for p in program.pairs if p.ended is not None)
    print(f"{len(program.pairs)} pairs ({started_by} started by the measured night, {ended} "
          f"ended early); measured night {measured}; {args.latency_ms:g} ms latency; "
          f"{args.workers} workers")
    began = time.perf_counter()
    diligent = _diligent(program)
    closed, day = 0, OPENS
    while day < measured:
        closed += _diligent_pairs_catch_up(url, program, diligent, day)
        _night(url, day)
        run_sweep(program, day, Connection(url, TOKEN, limits=fast), workers=args.workers)
        day += timedelta(days=7)
    acted = _pairs_act(url, program, measured)
    print(f"set-up (no latency): weekly sweeps from {OPENS} to {day - timedelta(days=7)}; "
          f"{len(diligent)} diligent pairs closed {closed} issues; {acted} pairs acted on the "
          f"measured day; {time.perf_counter() - began:.0f} s")
    for night in measured_nights(url, program, measured, args.latency_ms, args.workers):
        print(f"{night.run}: requests {night.stats['requests_by_method']} "
              f"({night.stats['total']} in all; reads {night.reads}, aim <= {night.budget}; "
              f"{night.issues} issues); writes {night.written or 'none'} "
              f"({night.stats['writes']} write requests); {night.failed} failed; "
              f"{night.seconds:.1f} s; peak RSS {night.rss:.0f} MB")


if __name__ == "__main__":
    main()
