"""``mentorship-bot sweep`` from the command line, against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BotOnSandbox
from program_samples import SMALL, small_program

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def test_sweep_twice_on_one_day_writes_once(small_bot: BotOnSandbox) -> None:
    first = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20")
    assert first.exit_code == 0, first.output
    assert "spring-2026 (running" in first.output and "written:" in first.output
    assert small_bot.sandbox.token not in first.output
    small_bot.sandbox.reset_stats()
    second = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20",
                           "--format", "json")
    assert second.exit_code == 0, second.output
    payload = json.loads(second.stdout)
    assert payload["written"] == {} and payload["failed"] == []
    assert {r["round"] for r in payload["rounds"]} == {"spring-2026", "autumn-2026"}
    assert small_bot.sandbox.stats()["writes"] == 0


def test_sweep_says_how_it_read_the_issues(small_bot: BotOnSandbox) -> None:
    """A small program reads every issue and keeps no snapshot (issue 18); asked to read every
    issue, the sweep says so."""
    plain = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20")
    assert plain.exit_code == 0, plain.output
    assert ("issues read: whole (no snapshot of the issues it can read); snapshot: none: the "
            "program has no dashboard_project to keep it in") in plain.output
    asked = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20",
                          "--read-every-issue", "--format", "json")
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["issues_read"] == "whole (asked for (--read-every-issue))"


def test_sweep_with_an_unknown_user_writes_nothing_and_exits_2(small_bot: BotOnSandbox) -> None:
    small_bot.path.write_text(SMALL.replace("{username: bob, name: Bob Stone}",
                                            "{username: bobby, name: Bob Stone}").replace(
        "mentor: bob,", "mentor: bobby,"), encoding="utf-8")
    result = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20")
    assert result.exit_code == 2
    assert "'bobby' is not a GitLab user" in result.output
    assert small_bot.sandbox.stats()["writes"] == 0


def test_report_reads_only_and_writes_the_files(small_bot: BotOnSandbox, tmp_path: Path) -> None:
    swept = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20",
                          "--report-dir", str(tmp_path / "nightly"))
    assert swept.exit_code == 0, swept.output
    assert (tmp_path / "nightly" / "metrics.txt").is_file()
    small_bot.sandbox.reset_stats()
    result = small_bot.run("report", str(small_bot.path), "--today", "2026-01-20",
                           "--report-dir", str(tmp_path / "r"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert small_bot.sandbox.stats()["writes"] == 0
    payload = json.loads(result.stdout)
    assert len(payload["reports"]) == 5
    data = json.loads((tmp_path / "r" / "report.json").read_text())
    assert data == json.loads((tmp_path / "nightly" / "report.json").read_text())


def test_the_first_sweeps_after_a_cold_apply_write_nothing_while_nothing_happens(
        small_bot: BotOnSandbox) -> None:
    """New Progress issues start with the block and ledger the sweep would write, so quiet
    nights cost reads only (they used to rewrite every new Progress issue once)."""
    applied = small_bot.run("apply", str(small_bot.path), "--today", "2026-01-05")
    assert applied.exit_code == 0, applied.output
    for night in ("2026-01-05", "2026-01-06", "2026-01-09"):
        small_bot.sandbox.reset_stats()
        swept = small_bot.run("sweep", str(small_bot.path), "--today", night, "--format", "json")
        assert swept.exit_code == 0, swept.output
        assert json.loads(swept.stdout)["written"] == {}, night
        assert small_bot.sandbox.stats()["writes"] == 0, night


def test_the_dashboard_project_is_read_once_a_night(tmp_path: Path) -> None:
    """The check before any write reads the dashboard; the sweep uses that read."""


    text = SMALL.replace("  issue_lead_days: 14\n",
                         "  issue_lead_days: 14\n  dashboard_project: acme/mentoring/dashboard\n")
    path = tmp_path / "program.yml"
    path.write_text(text, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program(text), text)
        bot = BotOnSandbox(sandbox, path)
        assert bot.run("sweep", str(path), "--today", "2026-01-20").exit_code == 0
        sandbox.reset_stats()
        again = bot.run("sweep", str(path), "--today", "2026-01-20")
        assert again.exit_code == 0, again.output
        endpoints = sandbox.stats()["requests_by_endpoint"]
        assert endpoints.get("GET /api/v4/projects/:id") == 1  # the dashboard project
        assert sandbox.stats()["writes"] == 0
