"""Sweep a large program in the middle of its round on the sandbox, with latency.

    python -m benchmarks.sweep --pairs 1000 --latency-ms 50

Set-up (no latency, not measured): provision at the round's start, sweep nightly up to the day
before the measured night, and let a tenth of the pairs act that day (close a milestone issue,
comment). Then, with latency: the measured nightly sweep, and a re-run the same night; with a
dashboard project (``--no-snapshot`` leaves it out), the next night too, read from the snapshot
the measured night wrote, a tenth of the pairs having acted that day. Prints
requests by method, wall time and peak memory (RSS of this process). Aims (issue 5): reads at
most issues/100 + projects/100 + 20; writes only where something changed; under a minute; the
same-night re-run writes nothing.

The set-up's sandbox state is saved (``--state-cache``), so the next run with the same program,
day and set-up starts from it: a 10,000-pair set-up (130,000 writes) is done once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.figures import add_options, finish
from benchmarks.memory import peak_mb, reset_peak
from benchmarks.program_generator import generate_program_yaml
from benchmarks.sandbox_process import sandbox_admin, sandbox_process
from mentorship_bot.adapter.connection import DEFAULT_WORKERS, UNPACED, Connection
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.sweeping import run_sweep

TOKEN = "bench"
SETUP_VERSION = 1  # bumped when the set-up does something else: saved set-ups are then unused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--day", type=int, default=60, help="days into the round to measure")
    parser.add_argument("--also-latency-ms", type=float, action="append", default=[],
                        metavar="MS", help="then a same-night re-run at MS too (repeatable): "
                        "one set-up, several latencies")
    parser.add_argument("--setup", choices=("weekly", "last-night"), default="weekly",
                        help="sweep weekly up to the measured night (default), or only the night "
                        "before it (fewer sweeps; the set-up's writes and closes stay)")
    parser.add_argument("--fresh-process", action="store_true",
                        help="run each measured sweep in a process of its own (its own peak "
                        "memory, as `mentorship-bot sweep`)")
    parser.add_argument("--state-cache", type=Path, default=_default_cache(), metavar="DIR",
                        help="keep the set-up's sandbox state here and start from it next time "
                        "with the same program, day and set-up (default: %(default)s)")
    parser.add_argument("--fresh-setup", action="store_true",
                        help="set up again even when a saved set-up is there (and save it)")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="measure without a dashboard project, so without the issue "
                        "snapshot: every run reads every issue (as before issue 18's snapshot)")
    parser.add_argument("--night-of", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--today", help=argparse.SUPPRESS)
    add_options(parser)
    args = parser.parse_args()
    if args.night_of:
        _night_child(args)
        return
    text = generate_program_yaml(args.pairs, rounds=1)
    program, problems = validate_text(text, "bench.yml")
    assert program is not None, problems[:3]
    saved = args.state_cache / f"sweep-{args.pairs}p-day{args.day}-{args.setup}-" \
        f"{_setup_key(text, args)}.pickle"
    reuse = saved.exists() and not args.fresh_setup
    # A self-managed GitLab with no throttles; benchmarks.rate_limits measures GitLab.com's.
    options = ("--rate-limit", "off", *(("--state", str(saved)) if reuse else ()))
    with sandbox_process(text, TOKEN, *options) as url:
        figures = run_all(url, program, args, text if args.fresh_process else None,
                          saved=saved, reuse=reuse)
    finish(args, figures)


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mentorship-bot" / "benchmarks"


def _setup_key(program_text: str, args: Any) -> str:
    """What a saved set-up depends on: the program, the measured day and the set-up kind."""
    seed = f"{SETUP_VERSION}\n{args.day}\n{args.setup}\n{program_text}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def _api(url: str, method: str, endpoint: str, **fields: str) -> Any:
    data = urllib.parse.urlencode(fields).encode() if fields else None
    request = urllib.request.Request(f"{url}/api/v4/{endpoint}", data=data, method=method,
                                     headers={"PRIVATE-TOKEN": TOKEN})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def _night(url: str, day: date) -> None:
    sandbox_admin(url, "clock", {"now": f"{day.isoformat()}T23:00:00+00:00"})


def run_all(url: str, program: Program, args: Any, program_text: str | None = None,
            saved: Path | None = None, reuse: bool = False) -> dict[str, Any]:
    round_ = program.rounds[0]
    measured = round_.starts + timedelta(days=args.day)
    print(f"{len(program.pairs)} pairs; measured night {measured} (day {args.day} of "
          f"{(round_.ends - round_.starts).days}); {args.latency_ms:g} ms latency; "
          f"{args.workers} workers")
    if reuse and saved is not None:
        told = json.loads(saved.with_suffix(".json").read_text(encoding="utf-8"))
        print(f"set-up loaded from {saved} (saved {told['saved']}): {told['setup']}")
    else:
        told = {"setup": set_up(url, program, args, measured),
                "saved": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        print(told["setup"])
        if saved is not None:
            saved.parent.mkdir(parents=True, exist_ok=True)
            sandbox_admin(url, "save", {"path": str(saved)})
            saved.with_suffix(".json").write_text(json.dumps(told), encoding="utf-8")
    if args.snapshot:  # measured with a dashboard project: the sweep keeps its snapshot there
        program, program_text = with_dashboard(url, program, program_text)
    figures: dict[str, Any] = {"pairs": len(program.pairs), "latency_ms": args.latency_ms,
                               "day": args.day, "setup": args.setup,
                               "fresh_process": program_text is not None,
                               "snapshot": bool(args.snapshot)}
    for night in measured_nights(url, program, measured, args.latency_ms, args.workers,
                                 program_text=program_text):
        print(f"{night.run}: requests {night.stats['requests_by_method']} "
              f"({night.stats['total']} in all; reads {night.reads}, aim <= {night.budget}); "
              f"writes {night.written or 'none'}; {night.failed} failed; {night.seconds:.1f} s; "
              f"bot CPU {night.cpu:.1f} s; peak RSS {night.rss:.0f} MB")
        figures[night.run] = _night_figures(night)
    for latency in args.also_latency_ms:
        (night,) = measured_nights(url, program, measured, latency, args.workers,
                                   runs=("same-night re-run",), program_text=program_text)
        run = f"same-night re-run at {latency:g} ms"
        print(f"{run}: requests {night.stats['requests_by_method']}; writes "
              f"{night.written or 'none'}; {night.seconds:.1f} s; bot CPU {night.cpu:.1f} s; "
              f"peak RSS {night.rss:.0f} MB")
        figures[run] = _night_figures(night)
    if args.snapshot:
        # A night as most are: from the snapshot the measured night wrote, a tenth of the pairs
        # having acted during the day.
        following = measured + timedelta(days=1)
        acted = _pairs_act(url, program, following)
        (night,) = measured_nights(url, program, following, args.latency_ms, args.workers,
                                   runs=("next night",), program_text=program_text)
        print(f"next night ({acted} pairs acted; from the snapshot): requests "
              f"{night.stats['requests_by_method']}; writes {night.written or 'none'}; "
              f"{night.failed} failed; {night.seconds:.1f} s; bot CPU {night.cpu:.1f} s; "
              f"peak RSS {night.rss:.0f} MB")
        figures["next night"] = _night_figures(night)
    return figures


def with_dashboard(url: str, program: Program, program_text: str | None
                   ) -> tuple[Program, str | None]:
    """The program with a dashboard project (created when missing), added after the set-up so
    that saved set-ups stay valid; the first measured run then writes the first snapshot."""
    path = f"{program.group}/dashboard"
    quoted = urllib.parse.quote(path, safe="")
    try:
        _api(url, "GET", f"projects/{quoted}")
    except urllib.error.HTTPError:
        group = _api(url, "GET", f"groups/{urllib.parse.quote(program.group, safe='')}")
        _api(url, "POST", "projects", name="dashboard", path="dashboard",
             namespace_id=str(group["id"]))
    line = f"  group: {program.group}\n"
    text = program_text.replace(line, f"{line}  dashboard_project: {path}\n", 1) \
        if program_text is not None else None
    return replace(program, dashboard_project=path), text


def set_up(url: str, program: Program, args: Any, measured: date) -> str:
    """Nights before the measured one, without latency; what was done, as a line to print."""
    round_ = program.rounds[0]
    fast = UNPACED
    started = time.perf_counter()
    day = round_.starts if args.setup == "weekly" else measured - timedelta(days=1)
    diligent = _diligent(program)
    closed = 0
    if args.setup == "last-night":  # provision everything due by then, for the pairs to close
        _night(url, day)
        run_sweep(program, day, Connection(url, TOKEN, limits=fast), workers=args.workers)
    while day < measured:
        closed += _diligent_pairs_catch_up(url, program, diligent, day)
        _night(url, day)
        run_sweep(program, day, Connection(url, TOKEN, limits=fast), workers=args.workers)
        day = min(day + timedelta(days=7), measured - timedelta(days=1)) \
            if day < measured - timedelta(days=1) else measured
    acted = _pairs_act(url, program, measured)
    return (f"set-up (no latency): {args.setup} sweeps up to {measured - timedelta(1)}; "
            f"{len(diligent)} diligent pairs closed {closed} issues on time, the rest did "
            f"nothing; then {acted} pairs acted on the measured day; "
            f"{time.perf_counter() - started:.0f} s")


def _night_figures(night: MeasuredNight) -> dict[str, Any]:
    return {"requests": night.stats["requests_by_method"], "reads": night.reads,
            "read_budget": night.budget, "writes": sum(night.written.values()),
            "failed": night.failed, "seconds": round(night.seconds, 2),
            "cpu_s": round(night.cpu, 2), "peak_rss_mb": round(night.rss)}


@dataclass(frozen=True)
class MeasuredNight:
    """One measured sweep: the sandbox's counts and the bot's figures (no result held on)."""

    run: str
    stats: dict[str, Any]
    issues: int
    budget: int  # the read budget: a page per 100 issues and per 100 pairs, plus a constant
    written: dict[str, int]
    failed: int
    seconds: float
    rss: float
    cpu: float = 0.0  # the bot's CPU time (the sandbox runs in a process of its own)

    @property
    def reads(self) -> int:
        return int(self.stats["requests_by_method"].get("GET", 0))


def measured_nights(url: str, program: Program, measured: date, latency_ms: float,
                    workers: int, runs: tuple[str, ...] = ("nightly sweep", "same-night re-run"),
                    program_text: str | None = None) -> Iterator[MeasuredNight]:
    """The nightly sweep on ``measured`` and its same-night re-run, with ``latency_ms`` and
    GitLab.com's pacing, as in production. With ``program_text`` each run is a process of its
    own, as ``mentorship-bot sweep`` is: its peak memory is its own, not the set-up's (which
    this process keeps resident)."""
    sandbox_admin(url, "faults", {"spec": f"latency_ms={latency_ms}"})
    for run in runs:
        reset_peak()
        sandbox_admin(url, "stats/reset", {})
        _night(url, measured)
        if program_text is not None:
            figures = _night_in_a_process(url, program_text, measured, workers)
        else:
            figures = night_figures(program, url, measured, workers)
        stats = sandbox_admin(url, "stats")
        issues = int(figures["issues"])
        yield MeasuredNight(run, stats, issues, issues // 100 + len(program.pairs) // 100 + 20,
                            figures["written"], figures["failed"], figures["seconds"],
                            figures["rss"], figures["cpu"])


def night_figures(program: Program, url: str, measured: date, workers: int) -> dict[str, Any]:
    """One measured sweep in this process."""
    began, cpu = time.perf_counter(), time.process_time()
    result = run_sweep(program, measured, Connection(url, TOKEN), workers=workers)
    took, cpu = time.perf_counter() - began, time.process_time() - cpu
    return {"issues": sum(1 + sum(m.created for m in p.milestones)
                          for p in result.progress.pairs),
            "written": result.written(), "failed": len(result.failed()), "seconds": took,
            "rss": peak_mb(), "cpu": cpu}


def _night_in_a_process(url: str, program_text: str, measured: date,
                        workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "program.yml"
        path.write_text(program_text, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.sweep", "--night-of", str(path), "--url", url,
             "--today", measured.isoformat(), "--workers", str(workers)],
            capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _night_child(args: Any) -> None:
    """The child's side: load the program, sweep once, print the figures (peak RSS: the
    whole process, program loading included)."""
    program, problems = validate_text(Path(args.night_of).read_text(encoding="utf-8"),
                                      "bench.yml")
    assert program is not None, problems[:3]
    figures = night_figures(program, args.url, date.fromisoformat(args.today), args.workers)
    figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def _diligent(program: Program) -> set[str]:
    """85% of the pairs do their milestones on time; the others are left alone."""
    rng = random.Random(11)
    slugs = sorted(p.slug for p in program.pairs)
    return set(rng.sample(slugs, len(slugs) * 85 // 100))


def _diligent_pairs_catch_up(url: str, program: Program, diligent: set[str], day: date) -> int:
    """Close every open milestone issue of a diligent pair due by ``day`` + 3 (one bulk read)."""
    sandbox_admin(url, "clock", {"now": f"{day.isoformat()}T10:00:00+00:00"})
    group = urllib.parse.quote(program.group, safe="")
    closed, page = 0, 1
    todo = []
    while True:
        listed = _api(url, "GET", f"groups/{group}/issues?state=opened&labels=kind::milestone"
                      f"&per_page=100&page={page}")
        todo += listed
        if len(listed) < 100:
            break
        page += 1
    for issue in todo:
        slug = issue["references"]["full"].split("/")[-1].split("#")[0]
        if slug in diligent and issue["due_date"] and \
                date.fromisoformat(issue["due_date"]) <= day + timedelta(days=3):
            _api(url, "PUT", f"projects/{issue['project_id']}/issues/{issue['iid']}",
                 state_event="close")
            closed += 1
    return closed


def _pairs_act(url: str, program: Program, day: date) -> int:
    """A tenth of the pairs close their oldest open milestone issue and comment on it."""
    sandbox_admin(url, "clock", {"now": f"{day.isoformat()}T12:00:00+00:00"})
    rng = random.Random(7)
    chosen = rng.sample(sorted(program.pairs, key=lambda p: p.slug), len(program.pairs) // 10)
    for pair in chosen:
        path = urllib.parse.quote(f"{program.group}/{pair.round}/{pair.slug}", safe="")
        issues = _api(url, "GET", f"projects/{path}/issues?state=opened&per_page=100"
                      "&order_by=created_at&sort=asc&labels=kind::milestone")
        if issues:
            iid = issues[0]["iid"]
            _api(url, "POST", f"projects/{path}/issues/{iid}/notes", body="Done, notes inside.")
            _api(url, "PUT", f"projects/{path}/issues/{iid}", state_event="close")
    return len(chosen)


if __name__ == "__main__":
    main()
