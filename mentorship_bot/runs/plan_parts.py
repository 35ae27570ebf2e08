"""The JSON plan of a large program made by several processes at once (issue 18).

Each process makes one run of consecutive pairs (``planning.plan_shares``), forked after the
program was read and GitLab observed, so none of them reads anything again. The first share is
made here while the others are made in child processes, each saved to files of its own; this
process then writes the whole document, its own actions first, kind by kind. The document is
byte for byte the one a single process writes.
"""

from __future__ import annotations

import os
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path

from mentorship_bot.model import Program
from mentorship_bot.provision.diff import PlanChunk
from mentorship_bot.provision.plan_writers import TextSink, Totals, save_json_share, write_plan

# Below this many pairs a share is not worth a process: the plan takes a second or less.
PAIRS_PER_PROCESS = 1_000
MAX_PROCESSES = 8


def processes_for(pairs: int) -> int:
    """How many processes make a JSON plan of ``pairs``: one per processor this process may use,
    at most one per ``PAIRS_PER_PROCESS`` pairs; one where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(usable or 1, MAX_PROCESSES, pairs // PAIRS_PER_PROCESS))


def write_json_plan(shares: Callable[[tuple[int, int]], Iterator[PlanChunk]], processes: int,
                    program: Program, today: date, source: str, out: TextSink) -> Totals:
    """The JSON plan to ``out``, made by ``processes`` processes (forked); the same document as
    ``write_plan`` with one. A child that fails fails the plan, saying why."""
    if processes <= 1:
        return write_plan(shares((0, 1)), program, today, source, [("json", out)])
    with tempfile.TemporaryDirectory(prefix="mentorship-bot-plan-") as tmp:
        children: dict[int, Path] = {}
        for part in range(1, processes):
            directory = Path(tmp) / str(part)
            directory.mkdir()
            work = partial(_save_share, shares, (part, processes), program, today, directory)
            children[_fork(work, directory)] = directory

        def finished() -> Iterator[Path]:
            """Each child's share once it is made, in order (after this process's own)."""
            for pid in list(children):
                directory = children.pop(pid)
                why = _wait(pid, directory)
                if why:
                    raise RuntimeError(f"a process making part of the plan failed: {why}")
                yield directory

        try:
            return write_plan(shares((0, processes)), program, today, source, [("json", out)],
                              shares=finished())
        finally:
            for pid in children:  # this process failed first: the others' work is moot
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _save_share(shares: Callable[[tuple[int, int]], Iterator[PlanChunk]], share: tuple[int, int],
                program: Program, today: date, directory: Path) -> None:
    save_json_share(shares(share), program, today, directory)


def _fork(work: Callable[[], None], directory: Path) -> int:
    """Run ``work`` in a child process; its failure is left in ``directory`` as text."""
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        work()
    except BaseException:  # the child says why, then leaves
        (directory / _FAILED).write_text(traceback.format_exc(limit=5), encoding="utf-8")
        status = 1
    finally:
        os._exit(status)  # no parent's exit handlers, no flush of the parent's buffers


def _wait(pid: int, directory: Path) -> str | None:
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        return None
    failed = directory / _FAILED
    if failed.is_file():
        return failed.read_text(encoding="utf-8").strip().splitlines()[-1]
    return f"it stopped with status {os.waitstatus_to_exitcode(status)}"


_FAILED = "failed.txt"
