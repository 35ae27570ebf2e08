"""The program file's format as JSON Schema, generated from ``schema`` so the two never drift.

Editors (VS Code's YAML extension, JetBrains IDEs) read it through the ``$schema`` comment at the
top of ``config/program.yml`` and then complete keys and flag wrong values as a coordinator types.
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.program.feedback_schema import FEEDBACK
from mentorship_bot.program.profile_sections import MATCHING
from mentorship_bot.program.schema import (
    PROGRAM,
    REQUIRED_TOP_LEVEL,
    SECTIONS,
    SUPPORTED_VERSIONS,
)
from mentorship_bot.program.sections import Items, Section


def _object(section: Section) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for spec in section.fields:
        prop = (
            {"type": "array", "items": _object(spec.kind.section), "minItems": spec.kind.min_items}
            if isinstance(spec.kind, Items) else dict(spec.kind.json)
        )
        if spec.doc:
            prop["description"] = spec.doc
        if spec.default not in (None, "", ()):
            prop["default"] = spec.default
        properties[spec.name] = prop
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in section.fields if f.required],
        "additionalProperties": False,
    }
    if section.doc:
        out["description"] = section.doc
    return out


def program_json_schema() -> dict[str, Any]:
    lists = {
        name: {"type": "array", "items": _object(section)}
        for name, section in SECTIONS.items()
        if section.is_list
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mentorship-bot program",
        "description": "A mentorship program run through GitLab issues by mentorship-bot.",
        "type": "object",
        "properties": {
            "version": {"enum": list(SUPPORTED_VERSIONS)},
            "program": _object(PROGRAM),
            **lists,
            "matching": _object(MATCHING),
            "feedback": _object(FEEDBACK),
        },
        "required": list(REQUIRED_TOP_LEVEL),
        "additionalProperties": False,
    }
