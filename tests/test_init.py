"""``mentorship-bot init``: a program repository valid on any date, overwriting nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mentorship_bot.cli import main
from mentorship_bot.commands.init_command import next_monday, scaffold_files
from mentorship_bot.program.loader import validate_text


def test_next_monday_is_always_ahead_and_a_monday() -> None:
    assert next_monday(date(2026, 12, 1)) == date(2026, 12, 7)  # a Tuesday
    assert next_monday(date(2026, 12, 6)) == date(2026, 12, 7)  # a Sunday
    assert next_monday(date(2026, 12, 7)) == date(2026, 12, 14)  # a Monday: the next one


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2999, 12, 1)))
def test_the_scaffold_validates_without_warnings_on_any_date(today: date) -> None:
    text = scaffold_files(today)["config/program.yml"]
    _, problems = validate_text(text, "program.yml", base_dir=Path("/nonexistent/config"))
    assert [p for p in problems if "templates" not in p.path] == []
    data = yaml.safe_load(text)
    (round_,) = data["rounds"]
    assert round_["starts"] == next_monday(today) and round_["starts"] > today
    assert round_["ends"] - round_["starts"] < timedelta(days=183)


def test_init_writes_a_repository_that_validates(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "repo"), "--today", "2026-12-01"])
    assert result.exit_code == 0, result.output
    repo = tmp_path / "repo"
    program = (repo / "config" / "program.yml").read_text(encoding="utf-8")
    assert program.startswith("# yaml-language-server: $schema=program.schema.json\n")
    assert "starts: 2026-12-07" in program
    assert (repo / "config" / "program.schema.json").is_file()
    assert (repo / "issue_templates" / "README.md").is_file() and (repo / "README.md").is_file()
    ci = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    (include,) = ci["include"]
    assert include["component"].endswith("/mentorship-bot/mentorship-bot@0.1.0")
    assert include["inputs"]["program"] == "config/program.yml" and include["inputs"]["package"]
    checked = CliRunner().invoke(main, ["validate", str(repo / "config" / "program.yml")])
    assert checked.exit_code == 0, checked.output


def test_init_overwrites_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "README.md already exists; nothing was written" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_the_scaffold_names_every_template_a_program_may_replace() -> None:
    """The issue_templates/README.md that init writes lists every built-in template by name."""
    from mentorship_bot.render.templates import BUILTIN_TEMPLATE_DIR

    readme = scaffold_files(date(2026, 12, 1))["issue_templates/README.md"]
    for path in sorted(BUILTIN_TEMPLATE_DIR.glob("*.md.j2")):
        assert f"`{path.name.removesuffix('.md.j2')}`" in readme, path.name
