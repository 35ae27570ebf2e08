"""Time and peak memory of ``mentorship-bot match`` on a generated program with profiles.

    python -m benchmarks.match --mentees 2000 --mentors 1000

Aim (issue 13): under 10 s and 500 MB on the 2-core reference machine, ``--assign`` included.
Each mode runs in a fresh process (as the command does), so one's memory does not count against
the other's peak; figures are validate (reading the file), match (the proposal) and its output,
in wall seconds, then the process's CPU seconds (imports included) and its peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

TAGS = [f"{area} {level}" for area in (
    "Kubernetes", "SQL", "observability", "incident response", "testing", "Go", "Rust", "Python",
    "frontend", "accessibility", "security", "data modelling", "leading", "writing", "hiring")
    for level in ("basics", "advanced", "at scale", "design")]
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles",
         "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Africa/Lagos",
         "Europe/Istanbul", "Asia/Singapore", "Pacific/Auckland", "UTC"]
LANGUAGES = ["English", "Deutsch", "Español", "Português", "Français", "Hindi", "Japanese"]
DEPARTMENTS = ["Platform", "Backend", "Frontend", "Data", "Security", "SRE", "Support", "QA"]


def generate(mentees: int, mentors: int, seed: int = 0) -> dict[str, object]:
    """Two rounds: the first is full of past pairs (former partners the rules must skip), whose
    mentees asked again when it ended; the second, the one matched, already has a fifth of the
    mentors' places taken."""
    rng = random.Random(seed)
    first, second = date(2026, 1, 5), date(2026, 7, 6)
    people: dict[str, list[dict[str, object]]] = {"mentors": [], "mentees": []}
    for i in range(mentors):
        people["mentors"].append({
            "username": f"mentor{i:05d}", "name": f"Mentor {i}",
            "department": rng.choice(DEPARTMENTS), "skills": rng.sample(TAGS, 4),
            "topics": rng.sample(TAGS, 2), "languages": rng.sample(LANGUAGES, 2),
            "timezone": rng.choice(ZONES), "capacity": rng.choice([1, 2, 2, 3])})
    for i in range(mentees):
        people["mentees"].append({
            "username": f"mentee{i:05d}", "name": f"Mentee {i}",
            "department": rng.choice(DEPARTMENTS), "interests": rng.sample(TAGS, 3),
            "languages": rng.sample(LANGUAGES, 1), "timezone": rng.choice(ZONES),
            "manager": f"mentor{rng.randrange(mentors):05d}",
            # A mentee paired in r1 (even numbers) asks again after that pair ran its course, so
            # every mentee waits for r2 (the waitlist's rule, ``capacity.waitlist``).
            "requested_on": ((first + timedelta(days=171) if i % 2 == 0 else date(2026, 1, 1))
                             + timedelta(days=rng.randrange(10 if i % 2 == 0 else 150))
                             ).isoformat()})
    pairs = [{"round": "r1", "mentor": f"mentor{i % mentors:05d}", "mentee": f"mentee{i:05d}"}
             for i in range(0, mentees, 2)]
    pairs += [{"round": "r2", "mentor": f"mentor{i:05d}", "mentee": f"late{i:05d}"}
              for i in range(0, mentors, 5)]
    people["mentees"] += [{"username": f"late{i:05d}", "name": f"Late {i}"}
                          for i in range(0, mentors, 5)]
    return {
        "version": 1,
        "program": {"slug": "bench", "name": "Benchmark", "group": "acme/mentoring",
                    "coordinators": ["coordinator"], "dashboard_project": "acme/mentoring/dash",
                    "max_mentees_per_mentor": 3},
        "rounds": [
            {"slug": "r1", "name": "R1", "starts": first.isoformat(),
             "ends": (first + timedelta(days=170)).isoformat()},
            {"slug": "r2", "name": "R2", "starts": second.isoformat(),
             "ends": (second + timedelta(days=170)).isoformat()}],
        **people,
        "pairs": pairs,
        "matching": {"candidates": 3},
    }


def _stage(mode: str, path: str) -> None:
    """One run of match in this process; prints its figures as JSON (the child's side)."""
    from mentorship_bot.matching.output import as_json
    from mentorship_bot.matching.propose import propose, target_round
    from mentorship_bot.program.loader import validate_file

    started = time.perf_counter()
    program, problems = validate_file(path)
    assert program is not None, [p.format() for p in problems[:5]]
    figures: dict[str, object] = {"validate_s": round(time.perf_counter() - started, 2)}
    began = time.perf_counter()
    round_ = target_round(program, "r2")
    assert round_ is not None
    proposal = propose(program, round_, optimal=mode == "assign")
    figures["match_s"] = round(time.perf_counter() - began, 2)
    began = time.perf_counter()
    text = json.dumps(as_json(proposal))
    figures["json_s"] = round(time.perf_counter() - began, 2)
    figures["waiting"] = len(proposal.entries)
    figures["mentors_with_room"] = len(proposal.pool.mentors)
    figures["places"] = sum(proposal.pool.room)
    if mode == "assign":
        figures["assigned"] = proposal.assigned
        figures["total_score"] = proposal.total_milli / 1000
    figures["json_kb"] = len(text) // 1000
    figures["total_s"] = round(time.perf_counter() - started, 2)
    # CPU seconds of the whole process: on a shared machine wall time waits for other work too.
    figures["cpu_s"] = round(time.process_time(), 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stage", choices=["candidates", "assign"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        _stage(args.stage, args.file)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "program.yml"
        data = generate(args.mentees, args.mentors, args.seed)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
        print(f"program: {args.mentees} mentees, {args.mentors} mentors, "
              f"{path.stat().st_size / 1e6:.1f} MB of YAML")
        for mode in ("candidates", "assign"):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.match", "--stage", mode, "--file", str(path)],
                capture_output=True, text=True, check=True,
            ).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            print(f"{mode:>10}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
