"""README's walkthroughs run as written, on today's date, in a shell (issue 16).

"Try it on the sandbox" runs the example program against a fresh sandbox; "Write your first
program" runs ``init`` and then the same steps on the scaffold. Only the port changes (to a free
one), so parallel runs and a sandbox already on 8765 do not collide.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.integration


def readme_block(heading: str) -> str:
    """The first ``sh`` block under ``## heading``."""
    section = README.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_block(block: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``block`` in bash, stopping at the first failing command; the sandbox never outlives it."""
    ports = set(re.findall(r"--port (\d+)", block))
    assert len(ports) == 1, "a walkthrough starts one sandbox"
    block = block.replace(ports.pop(), str(_free_port()))
    script = "set -e\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + block
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for name in ("GITLAB_URL", "GITLAB_TOKEN", "CI_SERVER_URL"):
        env.pop(name, None)
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_try_it_on_the_sandbox_runs_as_written(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    result = run_block(readme_block("Try it on the sandbox"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "done: 163 writes, 0 failed" in result.stdout
    assert "stalled" not in result.stdout and "error" not in result.stderr
    assert (tmp_path / "reports" / "report.html").is_file()
    assert (tmp_path / "mentorship-reports" / "report.json").is_file()


def test_write_your_first_program_runs_as_written_on_today(tmp_path: Path) -> None:
    result = run_block(readme_block("Write your first program"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout and "not-started" in result.stdout
    assert (tmp_path / "my-program" / ".gitlab-ci.yml").is_file()
