"""What a coordinator reads in the first hour (issue 16, items 7 and 8): plurals, one sentence per
situation, help and README saying the same, warnings that prevent silent failures."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BotOnSandbox
from program_samples import SMALL

from mentorship_bot.cli import main
from mentorship_bot.commands.finished_rounds import finished_round_warnings
from mentorship_bot.commands.progress_output import written_text
from mentorship_bot.program.loader import load_program, validate_file, validate_text
from mentorship_bot.provision.plan import WRITE_KINDS
from mentorship_bot.runs.planning import plan_program

ROOT = Path(__file__).resolve().parent.parent
ONE_PAIR = SMALL.split("pairs:\n")[0].replace(
    "  - {slug: autumn-2026, name: Autumn 2026, starts: 2026-09-07, ends: 2026-11-29}\n", "",
) + "pairs:\n  - {mentor: alice, mentee: carol, round: spring-2026}\n"


def test_validate_counts_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.yml"
    path.write_text(ONE_PAIR, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid: 1 round, 2 mentors, 2 mentees, 1 pair, 1 warning" in result.stdout
    path.write_text(ONE_PAIR.replace("round: spring-2026}", "round: sprin-2026}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and f"error: {path}: 1 error\n" in result.stderr


def test_a_program_without_a_dashboard_project_gets_a_warning() -> None:
    program, problems = validate_text(SMALL, "p.yml")
    assert program is not None
    assert [p.format() for p in problems] == [
        "p.yml:3:3: warning: program: no dashboard_project: stalled pairs are reported to no one "
        "(name an existing project where the bot may create the coordinators' dashboard issue)"]
    _, example = validate_file(ROOT / "config" / "program.yml")
    assert not [p for p in example if "dashboard_project" in p.message]


@pytest.mark.integration
def test_apply_with_nothing_to_do_says_so_in_one_sentence(small_bot: BotOnSandbox) -> None:
    assert small_bot.run("apply", str(small_bot.path), "--today", "2026-01-05").exit_code == 0
    again = small_bot.run("apply", str(small_bot.path), "--today", "2026-01-05")
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing to do: GitLab already matches the program.\n")


@pytest.mark.integration
def test_sweep_without_a_report_dir_says_no_reports_were_written(small_bot: BotOnSandbox) -> None:
    result = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20")
    assert result.exit_code == 0, result.output
    assert "reports: none written (--report-dir DIR writes them)" in result.stdout


def test_the_report_commands_default_folder_is_ignored_by_git() -> None:
    default = next(p.default for p in main.commands["report"].params if p.name == "report_dir")
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert f"{default}/" in ignored


def test_sweep_help_and_readme_describe_nudges_alike() -> None:
    said = "nudges once on the milestone that fell overdue most recently"
    readme = re.sub(r"\s+", " ", (ROOT / "README.md").read_text(encoding="utf-8"))
    help_text = re.sub(r"\s+", " ", CliRunner().invoke(main, ["sweep", "--help"]).stdout)
    assert said in readme and said in help_text


@pytest.mark.parametrize("kind", WRITE_KINDS)
def test_every_write_kind_has_words_for_people(kind: str) -> None:
    one, two = written_text({kind: 1}), written_text({kind: 2})
    assert one.startswith("1 write: 1 ") and two.startswith("2 writes: 2 ")
    assert "_" not in one + two and one != two


@pytest.mark.integration
def test_sweep_text_speaks_words_and_json_speaks_kinds(small_bot: BotOnSandbox) -> None:
    text = small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-20")
    assert text.exit_code == 0, text.output
    assert not [kind for kind in WRITE_KINDS if kind in text.stdout]
    assert "written: " in text.stdout and " issues" in text.stdout
    small_bot.run("sweep", str(small_bot.path), "--today", "2026-01-21")  # nothing new: no writes
    assert "written: no writes; 0 failed" in small_bot.run(
        "sweep", str(small_bot.path), "--today", "2026-01-21").stdout
    swept = small_bot.run("sweep", str(small_bot.path), "--today", "2026-02-20", "--format", "json")
    written = json.loads(swept.stdout)["written"]
    assert written and set(written) <= set(WRITE_KINDS)


def test_provisioning_a_finished_round_is_a_warning() -> None:
    program = load_program(ROOT / "config" / "program.yml")
    _, late = plan_program(program, date(2026, 12, 1))
    assert finished_round_warnings(program, late, date(2026, 12, 1)) == [
        "warning: round 'spring-2026' ended on 2026-06-30: this creates 5 pair projects with every "
        "milestone already overdue; leave finished rounds out of the file, or pass --today to run "
        "as on another day"]
    _, on_time = plan_program(program, date(2026, 1, 5))
    assert finished_round_warnings(program, on_time, date(2026, 1, 5)) == []
