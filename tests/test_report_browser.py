"""The HTML report in a real headless browser (Debian's chromium): it loads and shows its charts."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from program_samples import small_program

from mentorship_bot.reports import write_reports
from mentorship_bot.sweep.progress import program_progress

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI "
                                "installs Debian's chromium; apt-get install chromium)")


def browse(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    progress = program_progress(small_program(), {}, date(2026, 2, 10))
    write_reports(progress, tmp_path / "out")
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *options,
         (tmp_path / "out" / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


def test_the_report_loads_with_its_charts(tmp_path: Path) -> None:
    result = browse(tmp_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<title>Engineering Mentoring: progress on 2026-02-10</title>" in dom
    assert dom.count("<svg") >= 3 and "Milestone funnel" in dom
    assert "stalled" in dom  # both spring pairs are stalled by then: shown in words too


def test_the_report_renders_to_a_picture(tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = browse(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # not a blank page
