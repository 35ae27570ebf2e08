"""The requests a sweep spends on the intake (issue 13), for many waiting mentees.

    python -m benchmarks.intake --mentees 200

On the in-process sandbox, a generated program in ``mentee-choice`` mode: ``--mentees`` waiting
mentees, half as many mentors (room for two each), ``--requests`` open "Request a mentor"
issues (a third of them nominations). Three nights are measured, each the intake's read and
writes alone (``runs.intake.read_intake`` then ``write_intake``): the opening night (every
waiting mentee becomes a Guest and gets a choice issue; the requests go into the merge request),
the next night after a tenth of the mentees ticked a mentor, and an idle re-run of that night.
Aim: the reads are a fixed number of bulk lists (project, choice issues, open issues, template;
the members on an opening night; the merge request's three reads when it has something to
propose), each ``1 + issues/100`` pages, plus the nominated mentees checked a hundred per GraphQL
query: never one read per mentee. The last line is the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any

import gitlab

from benchmarks.memory import peak_mb, reset_peak
from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.intake import read_intake, write_intake
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import GUEST, Project

INTAKE = "bench/intake"
TAGS = ["Kubernetes", "SQL", "observability", "Go", "Rust", "security", "testing", "writing",
        "frontend", "hiring", "leading", "data"]
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Europe/London"]
DAY = date(2026, 8, 3)


def generate(mentees: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = ["version: 1", "program: {slug: bench, name: Bench, group: bench/mentoring,",
             "          coordinators: [coord], dashboard_project: bench/mentoring/dashboard}",
             "rounds:", "  - {slug: r1, name: R1, starts: 2026-09-07, ends: 2026-11-29}",
             "mentors:"]
    for j in range(max(1, mentees // 2)):
        lines.append(f"  - {{username: m{j}, name: M {j}, skills: "
                     f"[{', '.join(rng.sample(TAGS, 3))}], timezone: {rng.choice(ZONES)}}}")
    lines.append("mentees:")
    for i in range(mentees):
        lines.append(f"  - {{username: e{i}, name: E {i}, interests: "
                     f"[{', '.join(rng.sample(TAGS, 2))}], timezone: {rng.choice(ZONES)}, "
                     f"requested_on: {DAY - timedelta(days=1 + i % 60)}}}")
    lines += ["pairs: []", "matching:", "  mode: mentee-choice", f"  intake_project: {INTAKE}",
              "  program_project: bench/mentoring/program", ""]
    return "\n".join(lines)


def request(mentee: str) -> str:
    return ("<!-- mentorship-bot request-form -->\n\nUsername: " + mentee
            + "\n\n- [x] Kubernetes\n\nOther interests: Go\n")


def night(sandbox: Sandbox, program: Program, day: date) -> dict[str, Any]:
    sandbox.set_clock(datetime(day.year, day.month, day.day, 23, tzinfo=timezone.utc))
    conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
    conn.reads.auth()  # the sweep has authenticated before its intake
    sandbox.reset_stats()
    reset_peak()
    began = time.perf_counter()
    reading = read_intake(program, day, conn)
    read_stats = sandbox.stats()
    run = write_intake(program, conn, reading)
    took = time.perf_counter() - began
    stats = sandbox.stats()
    return {"reads": read_stats["requests_by_method"].get("GET", 0),
            "read_endpoints": read_stats["requests_by_endpoint"],
            "requests": stats["total"], "by_method": stats["requests_by_method"],
            "writes": run.plan.counts(), "failed": sum(1 for o in run.outcomes if not o.ok),
            "seconds": round(took, 2), "peak_mb": round(peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=200)
    parser.add_argument("--requests", type=int, default=12)
    args = parser.parse_args()
    text = generate(args.mentees)
    program, problems = validate_text(text, "bench.yml")
    assert program is not None, [p.format() for p in problems[:3]]
    figures: dict[str, Any] = {"mentees": args.mentees, "mentors": len(program.mentors),
                               "requests": args.requests}
    with Sandbox() as sandbox:
        sandbox.seed_program(program, text)  # the intake project and the program repository
        intake = sandbox.store.by_path(INTAKE)
        assert isinstance(intake, Project)
        authors = [f"r{k}" for k in range(args.requests)]
        for name in authors + [f"n{k}" for k in range(args.requests)]:
            sandbox.add_user(name)
        with sandbox.store.lock:
            for name in authors:
                user = sandbox.store.user_named(name)
                assert user is not None
                intake.members[user.id] = GUEST
        for k, name in enumerate(authors):
            user = sandbox.store.user_named(name)
            assert user is not None
            client = gitlab.Gitlab(sandbox.url, private_token=user.token)
            client.projects.get(INTAKE).issues.create({
                "title": "Request a mentor", "confidential": True,
                "description": request(f"n{k}" if k % 3 == 0 else "")})
        figures["opening"] = night(sandbox, program, DAY)
        ticked = tick_a_tenth(sandbox, program)
        figures["ticked"] = ticked
        figures["next"] = night(sandbox, program, DAY + timedelta(1))
        figures["rerun"] = night(sandbox, program, DAY + timedelta(1))
    for name in ("opening", "next", "rerun"):
        f = figures[name]
        print(f"{name}: {f['reads']} reads {f['read_endpoints']}; {f['requests']} requests "
              f"{f['by_method']}; writes {f['writes'] or 'none'}; {f['failed']} failed; "
              f"{f['seconds']} s; peak RSS {f['peak_mb']} MB")
    print(json.dumps(figures))


def tick_a_tenth(sandbox: Sandbox, program: Program) -> int:
    """A tenth of the choice issues get their first candidate ticked (the bot's token stands in
    for the mentees, whose requests are not what is measured)."""
    client = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    issues = client.projects.get(INTAKE).issues.list(get_all=True, labels="mentor-choice")
    chosen = random.Random(5).sample(issues, max(1, len(issues) // 10))
    for issue in chosen:
        issue.description = issue.description.replace("- [ ]", "- [x]", 1)
        issue.save()
    return len(chosen)


if __name__ == "__main__":
    main()
