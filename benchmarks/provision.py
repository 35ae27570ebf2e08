"""Provision a generated program on the sandbox with latency: a cold apply, then a no-op re-run.

    python -m benchmarks.provision --pairs 1000 --latency-ms 50

Prints for each run the requests by method (as the sandbox counted them), wall time and the bot's
peak memory. Aims (issue 4): cold writes at most one project, two members, one commit and the
initial issues per pair plus a small constant; the re-run writes nothing and reads in at most 300
requests; the cold apply under 2 minutes.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any

from benchmarks.figures import add_options, finish
from benchmarks.memory import peak_mb, reset_peak
from benchmarks.program_generator import generate_program_yaml
from benchmarks.sandbox_process import sandbox_admin, sandbox_process
from benchmarks.validate_and_plan import count_renders
from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.planning import plan_program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--today", default="2026-01-05")
    add_options(parser)
    args = parser.parse_args()
    text = generate_program_yaml(args.pairs, rounds=1)
    program, problems = validate_text(text, "bench.yml")
    assert program is not None, problems[:3]
    today = date.fromisoformat(args.today)
    # A self-managed GitLab with no throttles; benchmarks.rate_limits measures GitLab.com's.
    with sandbox_process(text, "bench", "--latency-ms", str(args.latency_ms),
                         "--rate-limit", "off") as url:
        figures = run_all(url, program, today, args)
    finish(args, figures)


def run_all(url: str, program: Any, today: date, args: Any) -> dict[str, Any]:
    print(f"{len(program.pairs)} pairs on {today}, "
          f"{args.latency_ms:g} ms latency, {args.workers} workers")
    renders = count_renders()
    figures: dict[str, Any] = {"pairs": len(program.pairs), "latency_ms": args.latency_ms}
    for run in ("cold apply", "re-run"):
        reset_peak()
        sandbox_admin(url, "stats/reset", {})
        renders["renders"] = 0
        started, cpu = time.perf_counter(), time.process_time()
        conn = Connection(url, "bench")
        observed, plan = plan_program(program, today, conn)
        planned_cpu = time.process_time() - cpu
        result = Executor(conn, observed, workers=args.workers).run(plan)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        # Peak resident memory of this run (the bot; the sandbox runs in its own process).
        # tracemalloc would slow the run it measures several times over.
        peak = peak_mb()
        stats = sandbox_admin(url, "stats")
        print(f"{run}: {len(plan.writes())} writes planned, {len(result.failed())} failed; "
              f"requests {stats['requests_by_method']} ({stats['total']} in all); "
              f"{took:.1f} s; bot CPU {cpu:.1f} s ({planned_cpu:.1f} s to plan); "
              f"{renders['renders']} template renders; peak RSS {peak:.0f} MB")
        figures[run] = {"requests": stats["requests_by_method"], "seconds": round(took, 2),
                        "cpu_s": round(cpu, 2), "renders": renders["renders"],
                        "peak_rss_mb": round(peak)}
        if run == "cold apply":
            counts = plan.counts()
            per_pair = {k: round(v / len(program.pairs), 2) for k, v in counts.items()
                        if k in ("create_project", "add_member", "commit_files", "create_issue")}
            print(f"  writes per pair: {per_pair}; shared: "
                  f"{sum(v for k, v in counts.items() if k not in per_pair)}")
        del conn, observed, plan, result  # the next run's peak must not count this run's state
    return figures


if __name__ == "__main__":
    main()
