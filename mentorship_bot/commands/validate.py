"""``mentorship-bot validate``: check a program file and report every problem, located."""

from __future__ import annotations

from datetime import date

import click

from mentorship_bot.commands.failures import plural
from mentorship_bot.commands.output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    FORMAT_OPTION,
    echo_json,
    echo_problems,
)
from mentorship_bot.program.loader import validate_file


@click.command()
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat a mentor over the soft limit as an error.")
@FORMAT_OPTION
def validate(path: str, strict: bool, output_format: str) -> None:
    """Check the program file at PATH (default: config/program.yml).

    Prints every problem as FILE:LINE:COLUMN: error|warning: WHERE: WHAT, exits 0 when the file
    is valid (warnings may be printed) and 2 when it is not. Nothing is sent to GitLab.

    Example: mentorship-bot validate config/program.yml --strict
    """
    # Today's date refuses a pair recorded as ended on a later day (issue 12).
    program, problems = validate_file(path, strict=strict, today=date.today())
    errors = [p for p in problems if p.severity == "error"]
    if output_format == "json":
        echo_json(
            {
                "file": path,
                "valid": program is not None,
                "errors": len(errors),
                "warnings": len(problems) - len(errors),
                "problems": [p.as_dict() for p in problems],
            }
        )
    else:
        echo_problems(problems)
        if program is not None:
            counts = [plural(len(program.rounds), "round"), plural(len(program.mentors), "mentor"),
                      plural(len(program.mentees), "mentee"), plural(len(program.pairs), "pair")]
            if problems:
                counts.append(plural(len(problems), "warning"))
            click.echo(f"{path}: valid: {', '.join(counts)}")
        else:
            click.echo(f"error: {path}: {plural(len(errors), 'error')}", err=True)
    raise SystemExit(EXIT_OK if program is not None else EXIT_BAD_INPUT)
