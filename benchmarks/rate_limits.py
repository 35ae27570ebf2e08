"""A cold apply against GitLab.com's rate limits (the minute scaled down): no 429, near the floor.

    python -m benchmarks.rate_limits --pairs 200 --minute 15

The sandbox runs in its own process with GitLab.com's limits (2,000 API requests, 200 issue
creations per project and 60 notes a minute per user) on a shortened minute; the bot paces every
request at 95% of the API limit. The floor is the time those limits allow for the requests the
apply needs: requests / 2,000 minutes. Aim (issue 7): no 429 and within 15% of the floor.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.program_generator import generate_program_yaml
from benchmarks.sandbox_process import sandbox_admin, sandbox_process
from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.sweeping import run_sweep

API_PER_MINUTE = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--minute", type=float, default=15.0, help="seconds in a minute")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    text = generate_program_yaml(args.pairs, rounds=1)
    program, problems = validate_text(text, "bench.yml")
    assert program is not None, problems[:3]
    options = ("--rate-limit", f"api=2000,issues=200,notes=60,minute={args.minute}")
    with sandbox_process(text, "bench", *options) as url:
        limits = Limits(issues_per_minute_per_project=190, notes_per_minute=57,
                        minute_seconds=args.minute, requests_per_minute=API_PER_MINUTE * 0.95)
        started = time.perf_counter()
        result = run_sweep(program, program.rounds[0].starts,
                           Connection(url, "bench", limits=limits), workers=args.workers)
        took = time.perf_counter() - started
        stats = sandbox_admin(url, "stats")
    floor = stats["total"] / API_PER_MINUTE * args.minute
    print(f"{args.pairs} pairs, limits api={API_PER_MINUTE}/min issues=200/min/project "
          f"notes=60/min, minute={args.minute:g} s: {stats['total']} requests "
          f"{stats['requests_by_method']}, 429s {sum(stats['rate_limited'].values())}, "
          f"{len(result.failed())} failed; {took:.1f} s against a floor of {floor:.1f} s "
          f"({took / floor - 1:+.0%}; aim within +15%)")


if __name__ == "__main__":
    main()
