"""``mentorship-bot init``: scaffold a program repository a coordinator can push as it is."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template

import click

from mentorship_bot import __version__
from mentorship_bot.commands.failures import CommandError
from mentorship_bot.commands.plan_command import parse_today
from mentorship_bot.commands.schema import schema_text

# Where each scaffold file goes, from the package's scaffold/ folder (data, not code).
SCAFFOLD = {
    "config/program.yml": "program.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
    "issue_templates/README.md": "issue_templates.md",
    "README.md": "README.md",
}
SCHEMA_FILE = "config/program.schema.json"  # what the program file's first line points editors at
ROUND_WEEKS = 13  # a quarter: well under the six months after which validate warns


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week later when today is a Monday): time to tell people."""
    return today + timedelta(days=7 - today.weekday())


def scaffold_files(today: date) -> dict[str, str]:
    """Every file ``init`` writes, by path; the first round starts next Monday, on any date."""
    starts = next_monday(today)
    values = {
        "today": today.isoformat(), "starts": starts.isoformat(),
        "ends": (starts + timedelta(weeks=ROUND_WEEKS, days=-1)).isoformat(),
        "slug": f"round-{starts:%Y-%m}", "name": f"First round ({starts:%B %Y})",
        "version": __version__, "program_name": "Mentoring Program",
    }
    folder = resources.files("mentorship_bot") / "scaffold"
    files = {target: Template((folder / source).read_text(encoding="utf-8")).safe_substitute(values)
             for target, source in SCAFFOLD.items()}
    files[SCHEMA_FILE] = schema_text()
    return files


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--today", help="Scaffold as on this date (YYYY-MM-DD) instead of today.")
def init(directory: Path, today: str | None) -> None:
    """Scaffold a program repository in DIRECTORY (default: here).

    Writes config/program.yml (commented; its first round starts next Monday), its JSON Schema
    for editors, a .gitlab-ci.yml that includes the bot's CI/CD component, an issue_templates/
    folder for your own issue texts and a README.md for the program's people. Refuses to
    overwrite anything: if one of these files exists, nothing is written (exit 2).
    Example: mentorship-bot init mentoring-program
    """
    files = scaffold_files(parse_today(today))
    existing = sorted(path for path in files if (directory / path).exists())
    if existing:
        raise CommandError(f"{', '.join(str(directory / p) for p in existing)} already "
                           f"exist{'s' * (len(existing) == 1)}; nothing was written")
    for path, text in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {', '.join(files)} in {directory}")
    click.echo("next: replace the placeholder group and people in config/program.yml, then "
               "mentorship-bot validate config/program.yml")
