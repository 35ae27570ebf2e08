"""``mentorship-bot demo``: a whole round of the example program on the in-process sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorship_bot.cli import main
from mentorship_bot.demo.personas import PRIVATE_MARKER

pytestmark = pytest.mark.integration


def test_the_demo_lives_through_a_round(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    nights = summary["nights"]
    assert len(nights) >= 26  # week after week through a six-month round
    assert nights[0]["written"]["create_project"] == 11  # provisioned on the first night
    statuses = {p["status"] for p in summary["pairs"]}
    assert statuses <= {"completed", "ended"} and "completed" in statuses
    behaviours = {p["pair"]: p["behaviour"] for p in summary["pairs"]}
    stalled = next(p for p in summary["pairs"] if p["behaviour"] == "stalls")
    assert stalled["status"] == "ended" and not stalled["certificate"]
    assert any(n["written"].get("escalate_stalled") for n in nights)  # coordinators were told
    assert any(n["written"].get("post_nudge") for n in nights)
    assert sum(n["written"].get("issue_certificate", 0) for n in nights) == sum(
        p["certificate"] for p in summary["pairs"]) > 0
    assert "diligent" in behaviours.values()
    assert summary["private_comments"] > 0  # pairs did write private text into GitLab...
    for path in out.rglob("*"):
        if path.is_file():
            assert PRIVATE_MARKER not in path.read_text()  # the pairs' comments stay theirs
    assert (out / "report.html").is_file() and (out / "certificates").is_dir()
    # The trend: one point a night, kept in the dashboard issue, in report.json and the charts.
    assert summary["trend_points"] == len(nights)
    trend = json.loads((out / "report.json").read_text())["trend"]
    assert [t["day"] for t in trend] == [n["day"] for n in nights]
    assert [t["by_status"] for t in trend][-1]["completed"] == sum(
        p["status"] == "completed" for p in summary["pairs"])
    assert trend[-1]["average_completion_percent"] > trend[0]["average_completion_percent"]
    html = (out / "report.html").read_text()
    assert html.count('<circle class="point"') == len(nights)


def test_the_demo_text_tells_the_story(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(tmp_path), "--step-days",
                                       "14"])
    assert result.exit_code == 0, result.output
    assert "Sandbox GitLab started" in result.output
    assert "Spring 2026 is over. Pairs:" in result.output
    assert str(tmp_path / "report.html") in result.output
    assert "Trend: 14 nights from 2026-01-05 to 2026-07-01, kept in the dashboard issue" in (
        result.output)
