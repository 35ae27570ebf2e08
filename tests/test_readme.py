"""The README is the manual: its command table must say what `--help` says."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from mentorship_bot.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `mentorship-bot (\w+)([^`]*)` \| (.+) \| (.+) \|$", re.MULTILINE)
DOCUMENTED = {m.group(1): m for m in ROW.finditer(README)}


def _options(command: click.Command) -> set[str]:
    return {max(param.opts, key=len) for param in command.params
            if isinstance(param, click.Option) and param.name != "help"}


def test_the_readme_opens_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert block == ["pip install -e . && mentorship-bot demo",
                     "pip install -e '.[test]' && python -m pytest"]


def test_every_command_is_in_the_readme_table() -> None:
    assert set(DOCUMENTED) == set(main.commands)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_table_lists_exactly_the_options_of_help(name: str) -> None:
    written = set(re.findall(r"(--[a-z][a-z-]*)", DOCUMENTED[name].group(2)))
    assert written == _options(main.commands[name])


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_table_gives_every_exit_code_of_the_command(name: str) -> None:
    codes = set(re.findall(r"\b([0-3])\b", DOCUMENTED[name].group(4)))
    writes_to_gitlab = {"apply", "sweep"}
    assert "0" in codes
    if name in writes_to_gitlab:
        assert {"1", "2"} <= codes
    if name != "demo":
        assert "2" in codes, "bad input exits 2"


def test_the_exit_codes_section_names_all_four() -> None:
    section = README.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2", "3"):
        assert f"`{code}`" in section
