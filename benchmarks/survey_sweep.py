"""The survey part of a large program's nights on the sandbox: how many requests it costs.

    python -m benchmarks.survey_sweep --pairs 1000

Set-up (not measured): provision at the round's start. Then three nights are measured, each a
whole sweep (``run_sweep``): the midpoint, when every person's survey opens (2 per pair); the
next night, after a tenth of the people ticked their answers (one with two ticks); and the
reminder night. For each, the requests of the whole sweep and those of the surveys' bulk read
alone (the feedback project and its survey issues; its members only on a night that opens
surveys) are printed. Aim (issue 14): the sweep's read budget (issues/100 + projects/100 + 20)
plus a fixed number of bulk reads, 1 + surveys/100 pages (+ 2 x members/100 on an opening
night: before and after adding the new Guests); writes only what the night decides.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from typing import Any

from benchmarks.memory import peak_mb, reset_peak
from benchmarks.program_generator import generate_program_yaml
from benchmarks.sandbox_process import sandbox_admin, sandbox_process
from mentorship_bot.adapter.connection import DEFAULT_WORKERS, UNPACED, Connection
from mentorship_bot.feedback.schedule import survey_due
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.surveying import read_surveys
from mentorship_bot.runs.sweeping import run_sweep

TOKEN = "bench"
FEEDBACK = """
feedback:
  project: bench-feedback/surveys
  remind_after_days: 3
  surveys:
    - key: midpoint
      title: Midpoint feedback
      at: 50%
      who: both
      questions:
        - {key: useful, scale: How useful are the meetings?}
        - {key: safe, scale: Do you feel safe to question and challenge?}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    args = parser.parse_args()
    text = generate_program_yaml(args.pairs, rounds=1) + FEEDBACK
    program, problems = validate_text(text, "bench.yml")
    assert program is not None, [p.format() for p in problems[:3]]
    with sandbox_process(text, TOKEN, "--rate-limit", "off") as url:
        run_all(url, program, args)


def _night(url: str, day: Any, hour: int = 23) -> None:
    sandbox_admin(url, "clock", {"now": f"{day.isoformat()}T{hour:02d}:00:00+00:00"})


def _api(url: str, token: str, method: str, path: str, **fields: str) -> Any:
    data = urllib.parse.urlencode(fields).encode() if fields else None
    request = urllib.request.Request(f"{url}/api/v4/{path}", data=data, method=method,
                                     headers={"PRIVATE-TOKEN": token})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def run_all(url: str, program: Program, args: Any) -> None:
    round_ = program.rounds[0]
    fast = UNPACED
    started = time.perf_counter()
    _night(url, round_.starts)
    run_sweep(program, round_.starts, Connection(url, TOKEN, limits=fast), workers=args.workers)
    survey = program.feedback.surveys[0]  # type: ignore[union-attr]
    midpoint = survey_due(program, survey, round_, round_.starts, round_.ends)
    print(f"{len(program.pairs)} pairs; provisioned in {time.perf_counter() - started:.0f} s; "
          f"midpoint {midpoint}")
    nights = [("opening night", midpoint),
              ("next night, a tenth answered", midpoint + timedelta(1)),
              ("reminder night", midpoint + timedelta(3))]
    for name, day in nights:
        if name.startswith("next"):
            print(f"  {_answer(url, program, day)} people ticked their answers")
        reset_peak()
        sandbox_admin(url, "stats/reset", {})
        _night(url, day)
        began = time.perf_counter()
        result = run_sweep(program, day, Connection(url, TOKEN, limits=fast),
                           workers=args.workers)
        took = time.perf_counter() - began
        stats = sandbox_admin(url, "stats")
        conn = Connection(url, TOKEN, limits=fast)
        observed, _ = read_surveys(program, day, conn, workers=args.workers)
        assert observed is not None
        bulk = conn.request_counts()
        issues = sum(1 + sum(m.created for m in p.milestones) for p in result.progress.pairs)
        budget = issues // 100 + len(program.pairs) // 100 + 20
        fixed = 1 + len(observed.surveys) // 100 + 1
        if result.surveys.counts().get("create_survey"):
            fixed += 2 * (len(program.usernames()) // 100 + 1)
        endpoints = {k: v for k, v in stats["requests_by_endpoint"].items()
                     if "members" in k or "users" in k}
        print(f"{name}: {stats['total']} requests {stats['requests_by_method']}; reads "
              f"{stats['requests_by_method'].get('GET', 0)} (aim <= {budget} + {fixed}); "
              f"the surveys' bulk read alone: {sum(bulk.values())} requests; survey writes "
              f"{result.surveys.counts() or 'none'}; members/users requests {endpoints}; "
              f"{len(result.failed())} failed; {took:.1f} s; peak RSS {peak_mb():.0f} MB")


def _answer(url: str, program: Program, day: Any) -> int:
    """A tenth of the surveys get ticks (one with two boxes on one question); the sandbox's
    bot token stands in for the people, whose requests are not what is measured."""
    _night(url, day, 10)
    project = urllib.parse.quote(program.feedback.project, safe="")  # type: ignore[union-attr]
    issues: list[Any] = []
    page = 1
    while True:
        listed = _api(url, TOKEN, "GET", f"projects/{project}/issues?per_page=100&page={page}")
        issues += listed
        if len(listed) < 100:
            break
        page += 1
    chosen = random.Random(5).sample(issues, max(1, len(issues) // 10))
    for index, issue in enumerate(chosen):
        text = issue["description"].replace("- [ ]", "- [x]", 2 if index == 0 else 1)
        _api(url, TOKEN, "PUT", f"projects/{project}/issues/{issue['iid']}", description=text)
    return len(chosen)


if __name__ == "__main__":
    main()
