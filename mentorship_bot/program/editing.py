"""Add entries to a list of the program file (``mentees``, ``pairs``) and change nothing else.

A merge request that proposes pairs must show coordinators a diff of only those pairs: their
comments, key order, quoting and line breaks stay byte for byte. A round-trip YAML library
re-emits the whole document (ruamel.yaml re-flowed the example program's multi-line flow mappings
when a pair was appended), so the parser only locates the list, the new entries are written by
the YAML emitter, in the list's own style (``- {round: …, mentor: …}`` beside flow entries, block
mappings beside block ones), and the result is parsed again and checked to be exactly the old
data plus the new entries before it is returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Entry = Mapping[str, Any]


class EditError(Exception):
    """The file cannot be edited safely (not a mapping at the top, or the check after failed)."""


@dataclass(frozen=True)
class _Place:
    """Where a top-level list stands in the text."""

    key: ScalarNode
    value: Node


def append_entries(text: str, section: str, entries: Sequence[Entry]) -> str:
    """``text`` with ``entries`` appended to the top-level list ``section`` (created when absent).

    Entries are plain values (strings, numbers, dates, lists of strings) the caller has
    validated; whatever they contain, the emitter quotes it, so they can never become YAML
    structure.
    """
    if not entries:
        return text
    before = yaml.safe_load(text) if text.strip() else {}
    if before is None:
        before = {}
    if not isinstance(before, dict):
        raise EditError("the program file's top level is not a mapping")
    place = _find(text, section)
    if place is None:
        edited = _with_new_section(text, section, entries)
    elif isinstance(place.value, SequenceNode) and not place.value.flow_style:
        edited = _after_block_items(text, place.value, entries)
    elif isinstance(place.value, SequenceNode):
        edited = _inside_flow_list(text, place.value, entries)
    elif isinstance(place.value, ScalarNode) and place.value.value in ("", "~", "null"):
        edited = _replace_value(text, place, entries)
    else:
        raise EditError(f"{section} is not a list")
    after = yaml.safe_load(edited)
    expected = {**before, section: list(before.get(section) or []) + [dict(e) for e in entries]}
    if after != expected:
        raise EditError(f"adding to {section} would change more than {section}")
    return edited


def _find(text: str, section: str) -> _Place | None:
    root = yaml.compose(text) if text.strip() else None
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        raise EditError("the program file's top level is not a mapping")
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == section:
            return _Place(key, value)
    return None


def _flow_entry(entry: Entry) -> str:
    """One entry as a one-line flow mapping, ``{round: spring, mentor: alice}``."""
    return str(yaml.safe_dump(dict(entry), default_flow_style=True, sort_keys=False,
                              width=1 << 20, allow_unicode=True)).strip()


def _block_entry(entry: Entry, indent: str, inner: int) -> str:
    """One entry as a block mapping under ``- ``, each key ``inner`` spaces in from the dash."""
    lines = yaml.safe_dump(dict(entry), default_flow_style=False, sort_keys=False,
                           width=1 << 20, allow_unicode=True, indent=2).splitlines()
    pad = " " * inner
    body = [("- " + " " * (inner - 2) if i == 0 else pad) + line for i, line in enumerate(lines)]
    return "".join(indent + line + "\n" for line in body)


def _render(entries: Sequence[Entry], indent: str, flow: bool, inner: int = 2) -> str:
    if flow:
        return "".join(f"{indent}- {_flow_entry(e)}\n" for e in entries)
    return "".join(_block_entry(e, indent, inner) for e in entries)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_block_items(text: str, seq: SequenceNode, entries: Sequence[Entry]) -> str:
    items = seq.value
    first, last = items[0], items[-1]
    column = seq.start_mark.column
    flow = isinstance(first, MappingNode) and bool(first.flow_style)
    inner = 2
    if isinstance(first, MappingNode) and not first.flow_style and first.value:
        inner = first.value[0][0].start_mark.column - column
    # The last item ends where its last value ends; the new ones go on the lines after it,
    # before any comment or blank line that follows the list.
    end = _content_end(last)
    newline = text.find("\n", end)
    at = len(text) if newline < 0 else newline + 1
    prefix = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
    return prefix + _render(entries, " " * column, flow, max(inner, 2)) + text[at:]


def _content_end(node: Node) -> int:
    """Where a node's own text ends: a block collection's end mark is the next token, which may
    be lines further on, so it ends where its last value does."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _inside_flow_list(text: str, seq: SequenceNode, entries: Sequence[Entry]) -> str:
    close = seq.end_mark.index - 1  # the "]"
    head = text[:close].rstrip()
    rendered = ", ".join(_flow_entry(e) for e in entries)
    separator = "" if not seq.value else (" " if head.endswith(",") else ", ")
    return head + separator + rendered + text[close:]


def _replace_value(text: str, place: _Place, entries: Sequence[Entry]) -> str:
    """``pairs:`` with nothing (or ``~``) after it: the null goes, a comment stays, and the list
    goes on the following lines."""
    value = place.value
    line_end = text.find("\n", value.end_mark.index)
    at = len(text) if line_end < 0 else line_end
    key_line = text[:value.start_mark.index].rstrip() + text[value.end_mark.index:at]
    indent = " " * (place.key.start_mark.column + 2)
    rest = text[at + 1:] if at < len(text) else ""
    return key_line + "\n" + _render(entries, indent, flow=True) + rest


def _with_new_section(text: str, section: str, entries: Sequence[Entry]) -> str:
    body = text if not text or text.endswith("\n") else text + "\n"
    return body + f"{section}:\n" + _render(entries, "  ", flow=True)
