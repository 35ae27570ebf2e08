"""The HTML report in a real headless browser (Debian's chromium): it loads and shows its charts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from program_samples import small_program

from mentorship_bot.provision.desired_state import STATUSES
from mentorship_bot.reports import write_reports
from mentorship_bot.sweep.history import TrendPoint, record, tonight
from mentorship_bot.sweep.progress import program_progress

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI "
                                "installs Debian's chromium; apt-get install chromium)")


def browse(tmp_path: Path, *options: str, trend: tuple[TrendPoint, ...] = (),
           page: str = "report.html") -> subprocess.CompletedProcess[str]:
    progress = program_progress(small_program(), {}, date(2026, 2, 10))
    write_reports(progress, tmp_path / "out", trend=trend)
    if page != "report.html":  # a copy of the report that measures what the browser drew
        html = (tmp_path / "out" / "report.html").read_text()
        (tmp_path / "out" / page).write_text(html.replace("</body>", f"{MEASURE}</body>"))
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *options,
         (tmp_path / "out" / page).as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


# Only in the test's copy: the report itself has no script.
MEASURE = """<script>
const svg = id => document.getElementById(id), box = e => e.getBoundingClientRect();
const sizes = {};
for (const id of ["trend-status", "trend-completion"]) {
  const chart = svg(id);
  sizes[id] = {width: box(chart).width, height: box(chart).height,
    areas: [...chart.querySelectorAll("path.area")].map(p => box(p).width * box(p).height),
    line: [...chart.querySelectorAll("path.line")].map(p => p.getTotalLength()),
    points: chart.querySelectorAll("circle.point").length};
}
const pre = document.createElement("pre");
pre.id = "measured"; pre.textContent = JSON.stringify(sizes);
document.body.appendChild(pre);
</script>"""


def nights(count: int) -> tuple[TrendPoint, ...]:
    """A history of ``count`` nights to 2026-02-10, more pairs on track as the weeks go."""
    base = tonight(program_progress(small_program(), {}, date(2026, 2, 10)))
    history: tuple[TrendPoint, ...] = ()
    for i in range(count):
        day = date(2026, 2, 10) - timedelta(days=count - 1 - i)
        counts = {**base.by_status, "on-track": i % 5, "stalled": 3 - i % 4}
        history = record(history, replace(base, day=day, by_status=counts,
                                          average_completion=round(100 * i / count, 1)))
    return history


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


def test_the_trend_charts_render(tmp_path: Path) -> None:
    trend = nights(200)  # 90 nights and 16 weeks before them
    result = browse(tmp_path, "--dump-dom", trend=trend, page="measured.html")
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout)
    assert found, result.stdout[-2000:]
    sizes = json.loads(found.group(1).replace("&quot;", '"'))
    status, completion = sizes["trend-status"], sizes["trend-completion"]
    assert status["width"] > 300 and status["height"] > 150
    assert len(status["areas"]) == len(STATUSES) and any(a > 1000 for a in status["areas"])
    assert completion["points"] == len(trend) > 100
    assert completion["line"][0] > 300  # the line crosses the chart
    assert "The trend as a table" in result.stdout
