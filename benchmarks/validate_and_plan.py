"""Time and peak memory of validate and of the offline plan in each format, for a generated program.

    python -m benchmarks.validate_and_plan --pairs 10000 [--formats text,json,markdown]

Aims (issue 18): each format under 8 s and 300 MB on the 2-core reference machine for 10,000 pairs.
Each stage runs in a fresh process so that one's memory does not count against another's peak.
The JSON plan is made by as many processes as ``plan`` uses (``runs/plan_parts.py``); the peak
memory is the main process's.
The plan is written to a file as it is produced; ``renders`` counts the template renders it took.
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
from typing import Any

from benchmarks.figures import add_options, finish
from benchmarks.program_generator import generate_program_yaml


def count_renders() -> dict[str, int]:
    """Count every template render of this process (a class-level wrapper, for benchmarks)."""
    from mentorship_bot.render.templates import TemplateSet

    counter = {"renders": 0}
    original = TemplateSet.render

    def render(self: Any, name: str, context: Any) -> str:
        counter["renders"] += 1
        return original(self, name, context)

    TemplateSet.render = render  # type: ignore[method-assign]
    return counter


def _write_plan(program: Any, today: date, fmt: str, out: Any) -> int:
    """Plan offline and write it to ``out`` in ``fmt`` as the code measured does; returns the
    number of actions. Older versions (for ``--compare`` on an older checkout) are served too."""
    from mentorship_bot.provision.plan_writers import write_plan
    try:  # session 11: the JSON plan of a large program made by several processes
        from mentorship_bot.runs.plan_parts import processes_for, write_json_plan
        from mentorship_bot.runs.planning import plan_shares
    except ImportError:
        from mentorship_bot.runs.planning import plan_stream  # streamed pair by pair

        observed, chunks = plan_stream(program, today)
        return write_plan(chunks, program, today, observed.source, [(fmt, out)]).actions
    observed, shares = plan_shares(program, today)
    if fmt == "json":
        return write_json_plan(shares, processes_for(len(program.pairs)), program, today,
                               observed.source, out).actions
    return write_plan(shares((0, 1)), program, today, observed.source, [(fmt, out)]).actions


def _stage(stage: str, path: str, today: str) -> None:
    """Run one stage in this process and print its figures as JSON (the child's side)."""
    from mentorship_bot.program.loader import validate_file

    renders = count_renders()
    started = time.perf_counter()
    program, problems = validate_file(path)
    assert program is not None, [p.format() for p in problems[:5]]
    figures: dict[str, object] = {"validate_s": round(time.perf_counter() - started, 2)}
    if stage != "validate":
        renders["renders"] = 0
        began = time.perf_counter()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
            figures["actions"] = _write_plan(program, date.fromisoformat(today), stage, out)
            figures["output_mb"] = round(out.tell() / 1e6, 1)
        figures["plan_s"] = round(time.perf_counter() - began, 2)
        figures["renders"] = renders["renders"]
    figures["total_s"] = round(time.perf_counter() - started, 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--today", default="2026-02-15", help="mid-round for the first round")
    parser.add_argument("--formats", default="text,json,markdown",
                        help="plan formats to measure, comma-separated")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    add_options(parser)
    args = parser.parse_args()
    if args.stage:
        _stage(args.stage, args.file, args.today)
        return
    results: dict[str, Any] = {"pairs": args.pairs}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "program.yml"
        path.write_text(generate_program_yaml(args.pairs), encoding="utf-8")
        print(f"program: {args.pairs} pairs, {path.stat().st_size / 1e6:.1f} MB of YAML, "
              f"planned on {args.today}")
        for stage in ("validate", *args.formats.split(",")):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.validate_and_plan", "--stage", stage,
                 "--file", str(path), "--today", args.today],
                capture_output=True, text=True, check=True,
            ).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            results[stage] = figures
            print(f"{stage:>8}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    finish(args, results)


if __name__ == "__main__":
    main()
