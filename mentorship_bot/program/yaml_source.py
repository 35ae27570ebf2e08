"""Read a YAML file into plain Python values while remembering where every value came from.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two duplicate keys, so we
compose the node graph ourselves: every value gets a (line, column), duplicate keys become problems,
and scalars that YAML 1.1 would turn into booleans or numbers (``no``, ``0123``) keep their original
text so a string field can still use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mentorship_bot.errors import Problem

Path = tuple[str | int, ...]

# Anchors and aliases are allowed, but a document whose aliases expand past this many values is
# refused: it would otherwise let a few lines of YAML ("billion laughs") exhaust memory.
MAX_VALUES = 2_000_000
MERGE_TAG = "tag:yaml.org,2002:merge"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
STR_TAG = "tag:yaml.org,2002:str"


def format_path(path: Path) -> str:
    """``("pairs", 2, "mentor")`` as ``pairs[2].mentor``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class Document:
    """A parsed YAML document: its data, and where each value and key stands in the file."""

    file: str
    data: Any
    value_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw_scalars: dict[Path, str] = field(default_factory=dict)  # plain scalars that were not str

    def position(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` is, or the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.value_positions.get(path[:end])
            if found:
                return found
        return (1, 1)

    def key_position(self, path: Path) -> tuple[int, int]:
        return self.key_positions.get(path) or self.position(path)

    def problem(
        self, path: Path, message: str, *, severity: str = "error", at_key: bool = False
    ) -> Problem:
        line, column = self.key_position(path) if at_key else self.position(path)
        return Problem(self.file, line, column, format_path(path), message, severity)

    def raw(self, path: Path) -> str | None:
        """The original text of a plain scalar YAML resolved to a non-string (``no`` -> False)."""
        return self.raw_scalars.get(path)


class _TooLarge(Exception):
    pass


def read_document(text_or_bytes: str | bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document. Returns ``(None, problems)`` when nothing usable could be read."""
    if isinstance(text_or_bytes, bytes):
        try:
            text = text_or_bytes.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = text_or_bytes[: exc.start].count(b"\n") + 1
            column = exc.start - (text_or_bytes.rfind(b"\n", 0, exc.start) + 1) + 1
            return None, [
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"the file is not valid UTF-8 (byte 0x"
                    f"{text_or_bytes[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                )
            ]
    else:
        text = text_or_bytes
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                "the file is empty: expected a program mapping "
                "with version, program, rounds, mentors, mentees and pairs",
            )
        ]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return None, [Problem(file, line, column, "", f"YAML syntax error: {what}{context}")]
    except yaml.YAMLError as exc:  # reader errors such as control characters
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(file, line, column, "", f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(file, 1, 1, "", "the file holds no YAML document")]
    # Only aliases expand: without an anchor (``&``) the values are the nodes, counted below.
    if "&" in text and _expanded_size(node, {}, set()) > MAX_VALUES:
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                f"the document expands to more than {MAX_VALUES:,} values "
                "through aliases; write the values out",
            )
        ]
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                f"the document expands to more than {MAX_VALUES:,} "
                "values through aliases; write the values out",
            )
        ]
    except RecursionError:
        return None, [Problem(file, 1, 1, "", "the document is nested too deeply")]
    doc = Document(file, data, builder.values, builder.keys, builder.raw)
    return doc, builder.problems


def _compose(text: str) -> Node | None:
    """Compose with libyaml when it is there (about 20 times faster on a 10,000-pair program).

    On a syntax error the pure-Python parser runs again for its message, which names what it
    found ("but got '<stream end>'") where libyaml only says what it expected.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=fast)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _expanded_size(node: Node, memo: dict[int, int], active: set[int]) -> int:
    """How many values ``node`` becomes once aliases are expanded, counted without expanding."""
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, ScalarNode) or id(node) in active:
        return 1
    active.add(id(node))
    children = (
        node.value
        if isinstance(node, SequenceNode)
        else [child for pair in node.value for child in pair]
    )
    size = 1
    for child in children:
        size += _expanded_size(child, memo, active)
        if size > MAX_VALUES:
            break
    active.discard(id(node))
    memo[id(node)] = size
    return size


class _Builder:
    """Turns a composed node graph into Python values, recording positions and problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.raw: dict[Path, str] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.active: set[int] = set()
        self.constructor = SafeConstructor()

    def _at(self, node: Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _problem(self, node: Node, path: Path, message: str) -> None:
        line, column = self._at(node)
        self.problems.append(Problem(self.file, line, column, format_path(path), message))

    def build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge
        self.values.setdefault(path, self._at(node))
        if id(node) in self.active:
            self._problem(node, path, "this alias refers to itself; a program cannot be recursive")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag in (TIMESTAMP_TAG, STR_TAG):
            return node.value  # dates are parsed by the schema, with better messages
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            self._problem(node, path, f"cannot read this value ({str(exc).splitlines()[0]})")
            return None
        if not isinstance(value, str) and not node.style and value is not None:  # plain scalar
            self.raw[path] = node.value
        return value

    def _pairs(self, node: MappingNode, path: Path) -> Iterator[tuple[Node, Node]]:
        """Key/value nodes, with ``<<`` merge keys expanded (explicit keys win, as YAML says)."""
        merged: list[tuple[Node, Node]] = []
        own: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, MappingNode):
                        merged.extend(source.value)
                    else:
                        self._problem(source, path, "a merge key (<<) needs a mapping to merge")
            else:
                own.append((key_node, value_node))
        own_keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
        seen: set[str] = set()
        for key_node, value_node in merged:
            if isinstance(key_node, ScalarNode) and key_node.value not in own_keys | seen:
                seen.add(key_node.value)
                yield key_node, value_node
        yield from own

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in self._pairs(node, path):
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, path, "a key must be a plain name, not a list or mapping")
                continue
            key = key_node.value  # raw text: "on:" stays "on", not True
            child = (*path, key)
            if key in first_seen:
                self._problem(
                    key_node,
                    child,
                    f"duplicate key {key!r} (first given on line {first_seen[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.keys[child] = self._at(key_node)
            out[key] = self.build(value_node, child)
        return out
