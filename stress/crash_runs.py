"""Kill `mentorship-bot apply` with SIGKILL at random moments; the next run must converge.

    python -m stress.crash_runs --trials 20

Each trial: a fresh sandbox, a cold `apply` in a process of its own, killed with SIGKILL right
after GitLab has carried out a seeded, random number of its writes (so some kills land between a
write and its response). Then `apply` again: it must finish (exit 0) with no duplicate project,
issue or note, and a third `apply` must write nothing. Prints the counts.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from benchmarks.program_generator import generate_program_yaml
from mentorship_bot.cli import main as cli
from mentorship_bot.program.loader import validate_text
from mentorship_bot.sandbox import Sandbox
from stress.fault_runs import _duplicates, add_up

# Enough latency that a kill lands mid-run, not after the process has finished.
LATENCY_MS = 4.0


@dataclass
class CrashOutcome:
    killed_mid_run: int = 0
    writes_before_kill: int = 0
    rerun_failed: int = 0
    duplicates: int = 0
    not_converged: int = 0


def program_text(pairs: int) -> str:
    return generate_program_yaml(pairs, rounds=1)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes],
              timeout: float = 120.0) -> bool:
    """Poll until ``condition`` holds; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.0005)
    raise TimeoutError("the apply neither wrote enough nor ended")


def one_trial(seed: int, text: str, workdir: Path, expected_writes: int) -> CrashOutcome:
    """One apply killed after a random count of writes, then two more applies."""
    out = CrashOutcome()
    program, problems = validate_text(text, "crash.yml")
    assert program is not None, problems[:3]
    path = workdir / f"crash-{seed}.yml"
    path.write_text(text, encoding="utf-8")
    today = program.rounds[0].starts.isoformat()
    kill_after = random.Random(seed).randint(1, max(1, expected_writes - 1))
    with Sandbox(latency_ms=LATENCY_MS) as sandbox:
        sandbox.seed_program(program)
        env = {**os.environ, "GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        process = subprocess.Popen(  # noqa: S603 (our own command line, our own arguments)
            [sys.executable, "-m", "mentorship_bot", "apply", str(path), "--today", today],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if _wait_for(lambda: sandbox.stats()["writes"] >= kill_after, process):
                process.send_signal(signal.SIGKILL)
                out.killed_mid_run = 1
        finally:
            process.kill()
            process.wait()
        out.writes_before_kill = sandbox.stats()["writes"]
        time.sleep(0.05)  # let requests already inside the sandbox finish, as GitLab would
        runner = CliRunner()
        cli_env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        rerun = runner.invoke(cli, ["apply", str(path), "--today", today], env=cli_env)
        out.rerun_failed = int(rerun.exit_code != 0)
        sandbox.reset_stats()
        settled = runner.invoke(cli, ["apply", str(path), "--today", today], env=cli_env)
        out.not_converged = int(settled.exit_code != 0 or sandbox.stats()["writes"] != 0)
        out.duplicates = _duplicates(sandbox)
    return out


def cold_apply_writes(text: str, workdir: Path) -> int:
    """How many writes an uninterrupted cold apply of ``text`` makes."""
    program, _ = validate_text(text, "crash.yml")
    assert program is not None
    path = workdir / "calibrate.yml"
    path.write_text(text, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        result = CliRunner().invoke(cli, ["apply", str(path), "--today",
                                          program.rounds[0].starts.isoformat()],
                                    env={"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token})
        assert result.exit_code == 0, result.output
        return int(sandbox.stats()["writes"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=10)
    args = parser.parse_args()
    text = program_text(args.pairs)
    workdir = Path(tempfile.mkdtemp(prefix="mentorship-crash-runs-"))
    expected = cold_apply_writes(text, workdir)
    totals = CrashOutcome()
    started = time.monotonic()
    for seed in range(args.trials):
        add_up(totals, one_trial(seed, text, workdir, expected))
    print(f"{args.trials} trials, {args.pairs} pairs, a cold apply makes {expected} writes "
          f"({date.today()}): killed mid-run {totals.killed_mid_run}; writes before the kills "
          f"{totals.writes_before_kill} in all; re-runs that failed {totals.rerun_failed}; "
          f"duplicates {totals.duplicates}; not converged {totals.not_converged}; "
          f"{time.monotonic() - started:.0f} s")
    if totals.rerun_failed or totals.duplicates or totals.not_converged:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
