"""The JSON Schema editors use: generated from the declared format, saved copy kept current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from mentorship_bot.cli import main
from mentorship_bot.commands.schema import schema_text
from mentorship_bot.program.json_schema import program_json_schema

SAVED = Path("config/program.schema.json")


def test_the_saved_schema_is_current() -> None:
    assert SAVED.read_text(encoding="utf-8") == schema_text(), (
        "config/program.schema.json is stale: run mentorship-bot schema -o "
        "config/program.schema.json"
    )


def test_the_example_references_the_schema() -> None:
    first = Path("config/program.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=program.schema.json"


def _keys_outside_schema(data: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    if isinstance(data, dict) and "properties" in schema:
        out = []
        for key, value in data.items():
            if key not in schema["properties"]:
                out.append(f"{path}.{key}")
            else:
                out += _keys_outside_schema(value, schema["properties"][key], f"{path}.{key}")
        return out
    if isinstance(data, list) and "items" in schema:
        return [k for item in data for k in _keys_outside_schema(item, schema["items"], path)]
    return []


def test_every_key_of_the_example_is_in_the_schema() -> None:
    example = yaml.safe_load(Path("config/program.yml").read_text(encoding="utf-8"))
    assert _keys_outside_schema(example, program_json_schema()) == []


def test_the_example_is_valid_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    example = yaml.load(Path("config/program.yml").read_text(encoding="utf-8"),
                        Loader=yaml.BaseLoader)  # dates and numbers stay text, as editors see them
    example["version"] = 1
    example["program"]["max_mentees_per_mentor"] = 2
    example["program"]["stall_after_days"] = 21
    example["program"]["issue_lead_days"] = 14
    for round_ in example["rounds"]:
        round_["meeting_minutes"] = int(round_["meeting_minutes"])
    for mentor in example["mentors"]:
        if "capacity" in mentor:
            mentor["capacity"] = int(mentor["capacity"])
    matching = example["matching"]
    matching["weights"] = {name: float(w) for name, w in matching["weights"].items()}
    matching["different_department"] = matching["different_department"] == "true"
    matching["candidates"] = int(matching["candidates"])
    for name in ("min_responses", "remind_after_days", "close_after_days"):
        example["feedback"][name] = int(example["feedback"][name])
    jsonschema.validate(example, program_json_schema())


def test_schema_command_prints_json() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["required"][:2] == ["version", "program"]
