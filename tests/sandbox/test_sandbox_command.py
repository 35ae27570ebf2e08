"""``mentorship-bot sandbox`` as a person runs it: a process serving until stopped."""

from __future__ import annotations

import subprocess
import sys

import gitlab
import pytest

pytestmark = pytest.mark.integration


def test_the_command_serves_a_seeded_sandbox_until_stopped() -> None:
    command = [sys.executable, "-m", "mentorship_bot", "sandbox", "--program",
               "config/program.yml", "--token", "demo-token", "--now", "2026-03-01T00:00:00Z"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            url = first.split()[3]
            assert first.startswith("sandbox GitLab at http://127.0.0.1:")
            assert server.stdout.readline().strip() == f"export GITLAB_URL={url}"
            assert server.stdout.readline().strip() == "export GITLAB_TOKEN=demo-token"
            gl = gitlab.Gitlab(url, private_token="demo-token")
            assert [u.name for u in gl.users.list(username="gita")] == ["Gita Sharma"]
            group = gl.groups.get("acme/people/mentoring")
            assert group.visibility == "private"
            project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
            assert project.created_at.startswith("2026-03-01T00:00:00")
        finally:
            server.terminate()

def test_a_bad_fault_spec_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, "-m", "mentorship_bot", "sandbox", "--faults",
                             "eror=1"], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2
    assert "unknown fault setting 'eror=1'" in result.stderr
