"""How the program file's format is declared: fields with kinds, sections of fields.

A ``Section`` is a mapping with declared fields (the ``program`` block, one item of a list section,
the ``feedback`` block); a field whose kind is ``Items`` holds a list of mappings of another
section, which the shape check walks in turn (a feedback block's surveys, a survey's questions),
so a nested value's problem is located like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mentorship_bot.program import fields as k


@dataclass(frozen=True)
class Field:
    name: str
    kind: k.Kind
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class Section:
    """A mapping with declared fields: the ``program`` block, or one item of a list section."""

    name: str
    fields: tuple[Field, ...]
    doc: str = ""
    is_list: bool = False
    aliases: dict[str, str] = field(default_factory=dict)  # accepted spelling -> field name

    def field_named(self, name: str) -> Field | None:
        return self._by_name.get(self.aliases.get(name, name))

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The fields' names, in their declared order."""
        return tuple(f.name for f in self.fields)

    @cached_property
    def _by_name(self) -> dict[str, Field]:  # a 10,000-pair file looks up 140,000 keys
        return {f.name: f for f in self.fields}


@dataclass(frozen=True)
class Items(k.Kind):
    """A list of mappings of ``section``: the shape check walks each item as a record of it."""

    section: Section
    min_items: int = 1

    def parse(self, value: Any, raw: str | None) -> Any:
        raise NotImplementedError("the shape check walks nested sections itself")
