"""``mentorship-bot schema``: print the JSON Schema of the program file, for editors."""

from __future__ import annotations

import json

import click

from mentorship_bot.program.json_schema import program_json_schema


def schema_text() -> str:
    return json.dumps(program_json_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to this file.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the program file.

    Editors use it to complete and check the YAML; the repository keeps a copy in
    config/program.schema.json. Example: mentorship-bot schema -o config/program.schema.json
    """
    text = schema_text()
    if output:
        with open(output, "w", encoding="utf-8") as handle:  # noqa: PTH123
            handle.write(text)
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
