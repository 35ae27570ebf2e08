"""``mentorship-bot sweep`` from the command line, against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from program_samples import SMALL, small_program

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def test_sweep_twice_on_one_day_writes_once(tmp_path: Path) -> None:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        first = CliRunner().invoke(main, ["sweep", str(path), "--today", "2026-01-20"], env=env)
        assert first.exit_code == 0, first.output
        assert "spring-2026 (running" in first.output and "written:" in first.output
        assert sandbox.token not in first.output
        sandbox.reset_stats()
        second = CliRunner().invoke(main, ["sweep", str(path), "--today", "2026-01-20",
                                           "--format", "json"], env=env)
        assert second.exit_code == 0, second.output
        payload = json.loads(second.output)
        assert payload["written"] == {} and payload["failed"] == []
        assert {r["round"] for r in payload["rounds"]} == {"spring-2026", "autumn-2026"}
        assert sandbox.stats()["writes"] == 0


def test_sweep_with_an_unknown_user_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "program.yml"
    path.write_text(SMALL.replace("{username: bob, name: Bob Stone}",
                                  "{username: bobby, name: Bob Stone}").replace(
        "mentor: bob,", "mentor: bobby,"), encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        result = CliRunner().invoke(main, ["sweep", str(path), "--today", "2026-01-20"], env=env)
        assert result.exit_code == 2
        assert "'bobby' is not a GitLab user" in result.output
        assert sandbox.stats()["writes"] == 0


def test_report_reads_only_and_writes_the_files(tmp_path: Path) -> None:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        swept = CliRunner().invoke(main, ["sweep", str(path), "--today", "2026-01-20",
                                          "--report-dir", str(tmp_path / "nightly")], env=env)
        assert swept.exit_code == 0, swept.output
        assert (tmp_path / "nightly" / "metrics.txt").is_file()
        sandbox.reset_stats()
        result = CliRunner().invoke(main, ["report", str(path), "--today", "2026-01-20",
                                           "--report-dir", str(tmp_path / "r"),
                                           "--format", "json"], env=env)
        assert result.exit_code == 0, result.output
        assert sandbox.stats()["writes"] == 0
        payload = json.loads(result.output)
        assert len(payload["reports"]) == 5
        data = json.loads((tmp_path / "r" / "report.json").read_text())
        assert data == json.loads((tmp_path / "nightly" / "report.json").read_text())


def test_the_first_sweeps_after_a_cold_apply_write_nothing_while_nothing_happens(
        tmp_path: Path) -> None:
    """New Progress issues start with the block and ledger the sweep would write, so quiet
    nights cost reads only (they used to rewrite every new Progress issue once)."""
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        applied = CliRunner().invoke(main, ["apply", str(path), "--today", "2026-01-05"], env=env)
        assert applied.exit_code == 0, applied.output
        for night in ("2026-01-05", "2026-01-06", "2026-01-09"):
            sandbox.reset_stats()
            swept = CliRunner().invoke(main, ["sweep", str(path), "--today", night,
                                              "--format", "json"], env=env)
            assert swept.exit_code == 0, swept.output
            assert json.loads(swept.output)["written"] == {}, night
            assert sandbox.stats()["writes"] == 0, night
