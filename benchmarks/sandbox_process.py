"""The sandbox in a process of its own, as GitLab would be: its CPU is not the bot's."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
