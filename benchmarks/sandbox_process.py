"""The sandbox in a process of its own, as GitLab would be: its CPU is not the bot's."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def sandbox_process(program_text: str, token: str, *options: str) -> Iterator[str]:
    """Start ``mentorship-bot sandbox`` seeded from ``program_text``; yield its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yml"
        path.write_text(program_text, encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "mentorship_bot", "sandbox", "--token", token, "--program",
             str(path), *options], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            yield server.stdout.readline().split()[3]
        finally:
            server.terminate()
            server.wait()


def sandbox_admin(url: str, route: str, payload: dict[str, Any] | None = None) -> Any:
    """GET (or, with a payload, POST) one of the sandbox's own routes: stats, stats/reset, clock,
    faults. They are not counted in the stats they report."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(f"{url}/-/sandbox/{route}", data=data,
                                     method="GET" if payload is None else "POST")
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)
