"""The token never leaves the process: not on stdout or stderr at any verbosity, not in a report,
not on an error path, not even when a server echoes the request headers back in its error page.

Each case runs the real command line in a process of its own, so logging, http.client's debug
prints and tracebacks reach real streams, as they would in a CI log.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from program_samples import SMALL, small_program

from mentorship_bot.commands.diagnostics import MaskingStream, secrets_from
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration

VERBOSITIES = ([], ["-v"], ["-vv"])


def run_bot(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mentorship_bot", *args], cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env},
                          capture_output=True, text=True, timeout=180, check=False)


def assert_nowhere(secret: str, result: subprocess.CompletedProcess[str],
                   directory: Path | None = None) -> None:
    assert secret not in result.stdout and secret not in result.stderr
    if directory is not None:
        for path in directory.rglob("*"):
            if path.is_file():
                assert secret not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.fixture
def program_file(tmp_path: Path) -> Path:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("verbosity", VERBOSITIES, ids=["quiet", "-v", "-vv"])
def test_a_whole_night_never_shows_the_token(verbosity: list[str], program_file: Path,
                                             tmp_path: Path) -> None:
    token = "glpat-" + secrets.token_hex(10)
    with Sandbox(token=token, faults="error_before=0.05,error_after=0.05,seed=3") as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": token}
        reports = tmp_path / "reports"
        for args in (["plan", str(program_file), "--today", "2026-01-20"],
                     ["apply", str(program_file), "--today", "2026-01-20"],
                     ["sweep", str(program_file), "--today", "2026-02-20",
                      "--report-dir", str(reports)],
                     ["report", str(program_file), "--today", "2026-02-20",
                      "--report-dir", str(reports), "--format", "json"]):
            result = run_bot([*verbosity, *args], env, tmp_path)
            assert result.returncode in (0, 1), result.stderr
            assert_nowhere(token, result, reports)
            if verbosity == ["-vv"]:
                # The headers were logged: the mask, not silence, kept the token out.
                assert "PRIVATE-TOKEN: [MASKED]" in result.stderr


@pytest.mark.parametrize("verbosity", VERBOSITIES, ids=["quiet", "-v", "-vv"])
def test_a_token_gitlab_refuses_is_not_shown(verbosity: list[str], program_file: Path,
                                             tmp_path: Path) -> None:
    wrong = "glpat-" + secrets.token_hex(10)
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        result = run_bot([*verbosity, "apply", str(program_file)],
                         {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": wrong}, tmp_path)
    assert result.returncode != 0 and "401" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr or verbosity
    assert_nowhere(wrong, result)


class _EchoingProxy(BaseHTTPRequestHandler):
    """A misbehaving proxy: every answer is an error page that quotes the request's headers."""

    def do_GET(self) -> None:
        page = f"<h1>403 Forbidden</h1><pre>{self.requestline}\n{self.headers}</pre>".encode()
        self.send_response(403)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    do_POST = do_PUT = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echoing_proxy() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoingProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("verbosity", VERBOSITIES, ids=["quiet", "-v", "-vv"])
@pytest.mark.parametrize("command", ["plan", "apply", "sweep"])
def test_an_error_page_that_echoes_the_token_is_masked(
        verbosity: list[str], command: str, echoing_proxy: str, program_file: Path,
        tmp_path: Path) -> None:
    token = "glpat-" + secrets.token_hex(10)
    result = run_bot([*verbosity, command, str(program_file)],
                     {"GITLAB_URL": echoing_proxy, "GITLAB_TOKEN": token}, tmp_path)
    assert result.returncode != 0
    assert "403" in result.stdout + result.stderr
    assert_nowhere(token, result)


def test_an_unreachable_gitlab_is_a_clear_error_without_the_token(program_file: Path,
                                                                 tmp_path: Path) -> None:
    token = "glpat-" + secrets.token_hex(10)
    with Sandbox() as sandbox:
        closed = sandbox.url  # the port closes when the sandbox stops
    result = run_bot(["-vv", "apply", str(program_file)],
                     {"GITLAB_URL": closed, "GITLAB_TOKEN": token}, tmp_path)
    assert result.returncode == 1
    assert f"error: cannot reach GitLab at {closed}/api/v4/" in result.stderr
    assert "Connection refused" in result.stderr.splitlines()[-1]
    assert_nowhere(token, result)


def test_the_mask_replaces_every_secret_variable_and_passes_the_rest() -> None:
    env = {"GITLAB_TOKEN": "glpat-aaaa", "CI_JOB_TOKEN": "job-bbbb", "GITLAB_URL": "https://x",
           "MENTORSHIP_BOT_PLAN_TOKEN": " "}
    assert secrets_from(env) == ("glpat-aaaa", "job-bbbb")
    assert secrets_from({"GITLAB_TOKEN": "x"}) == (), "too short to be a token: not masked"

    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> int:
            self.text += text
            return len(text)

        def isatty(self) -> bool:
            return True

    sink = Sink()
    stream = MaskingStream(sink, secrets_from(env))  # type: ignore[arg-type]
    stream.write("token glpat-aaaa and job-bbbb at https://x\n")
    assert sink.text == "token [MASKED] and [MASKED] at https://x\n"
    assert stream.isatty() is True
