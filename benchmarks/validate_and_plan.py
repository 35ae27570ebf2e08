"""Time and peak memory of validate and of the offline plan for a generated program.

    python -m benchmarks.validate_and_plan --pairs 10000

Aim (issue 2): under 30 s and 1 GB on the 2-core reference machine for 10,000 pairs. Each stage
runs in a fresh process so that one's memory does not count against the other's peak.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.program_generator import generate_program_yaml


def _stage(stage: str, path: str, today: str) -> None:
    """Run one stage in this process and print its figures as JSON (the child's side)."""
    from mentorship_bot.program.loader import validate_file
    from mentorship_bot.provision.plan_output import format_json
    from mentorship_bot.runs.planning import plan_program

    started = time.perf_counter()
    program, problems = validate_file(path)
    assert program is not None, [p.format() for p in problems[:5]]
    figures: dict[str, object] = {"validate_s": round(time.perf_counter() - started, 2)}
    if stage == "plan":
        began = time.perf_counter()
        _, plan = plan_program(program, date.fromisoformat(today))
        figures["plan_s"] = round(time.perf_counter() - began, 2)
        figures["actions"] = len(plan.actions)
        began = time.perf_counter()
        figures["json_mb"] = round(len(format_json(plan, program, date.fromisoformat(today)))
                                   / 1e6, 1)
        figures["json_s"] = round(time.perf_counter() - began, 2)
    figures["total_s"] = round(time.perf_counter() - started, 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--today", default="2026-02-15", help="mid-round for the first round")
    parser.add_argument("--stage", choices=["validate", "plan"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        _stage(args.stage, args.file, args.today)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "program.yml"
        path.write_text(generate_program_yaml(args.pairs), encoding="utf-8")
        print(f"program: {args.pairs} pairs, {path.stat().st_size / 1e6:.1f} MB of YAML, "
              f"planned on {args.today}")
        for stage in ("validate", "plan"):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.validate_and_plan", "--stage", stage,
                 "--file", str(path), "--today", args.today],
                capture_output=True, text=True, check=True,
            ).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            print(f"{stage:>8}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
