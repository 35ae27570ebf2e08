"""GitLab Flavored Markdown, parsed as far as the sandbox needs: quick-action paragraphs, tasks.

GitLab parses Markdown with a CommonMark parser (comrak, ``lib/banzai/filter/markdown_filter.rb``)
and decides from the parsed document, not from regexes, where quick actions may be and which list
items are tasks. markdown-it-py is a CommonMark parser too; GLFM's tables, strikethrough and
``>>>`` multiline blockquotes are added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

_FENCE = re.compile(r">{3,}[ \t]*")


def _multiline_blockquote(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GLFM's ``>>>`` ... ``>>>`` blockquote; its content is parsed as blocks (comrak's
    multiline_block_quotes, which lib/banzai/filter/blockquote_fence_legacy_filter.rb mimicked)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    if not _FENCE.fullmatch(first):
        return False
    if silent:
        return True
    width = len(first.rstrip(" \t"))
    line, closed = start, False
    while True:
        line += 1
        if line >= end or (state.sCount[line] < state.blkIndent and not state.isEmpty(line)):
            break
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
        if (state.sCount[line] - state.blkIndent < 4 and _FENCE.fullmatch(text)
                and len(text.rstrip(" \t")) >= width):
            closed = True
            break
    parent, line_max = state.parentType, state.lineMax
    state.parentType = "blockquote"
    opening = state.push("blockquote_open", "blockquote", 1)
    opening.markup, opening.map = ">>>", [start, line]
    state.lineMax = line
    state.md.block.tokenize(state, start + 1, line)
    state.push("blockquote_close", "blockquote", -1).markup = ">>>"
    state.parentType, state.lineMax = parent, line_max
    state.line = line + 1 if closed else line
    opening.map = [start, state.line]
    return True


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with raw HTML, plus the GLFM block syntax that changes a document's structure."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.block.ruler.before("blockquote", "multiline_blockquote", _multiline_blockquote,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    return md


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[Token, ...]:
    """The parsed document. One write reads the same text for quick actions, task tables and
    tasks before and after: parse it once (the tokens are only read, never changed)."""
    return tuple(parser().parse(text))


def _text(inline: Token) -> str:
    """A paragraph's text as the rendered node's ``content`` would read (breaks as newlines)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


def quick_action_paragraphs(text: str) -> list[tuple[int, int]]:
    """First and last line (0-based) of each top-level paragraph with a line starting with ``/``.

    lib/banzai/filter/quick_action_filter.rb: only children of the document that are ``p``
    nodes, whose text matches ``^/``; so nothing in lists, blockquotes, tables, code or HTML."""
    tokens = _tokens(text)
    found = []
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.level != 0 or token.map is None:
            continue
        if re.search(r"^/", _text(tokens[index + 1]), re.MULTILINE):
            found.append((token.map[0], token.map[1] - 1))
    return found


@dataclass(frozen=True)
class Task:
    """One task-list item: its text and whether it is checked."""

    text: str
    done: bool


_MARKER = re.compile(r"\[([ xX~])\](?:\s+(.*))?\Z", re.DOTALL)
_CELL = re.compile(r"\s*\[[ xX~]\]\s*")


def _marker(token: Token) -> tuple[str, str] | None:
    match = _MARKER.match(token.content)
    if match is None or not (match.group(2) or "").strip():
        return None
    return match.group(1), match.group(2).split("\n")[0].strip()


def tasks(text: str | None) -> list[Task]:
    """Task items as app/models/concerns/taskable.rb ``get_tasks`` reads them from the parsed
    document: a list item whose first paragraph starts with ``[ ]``, ``[x]`` or ``[X]``, at any
    depth (blockquotes included); ``[~]`` is inapplicable and skipped (``data-inapplicable``)."""
    if "[" not in (text or ""):  # no checkbox, no task: nothing to parse
        return []
    tokens = _tokens(text or "")
    found = []
    for index, token in enumerate(tokens[:-2]):
        if token.type != "list_item_open" or tokens[index + 1].type != "paragraph_open":
            continue
        marker = _marker(tokens[index + 2])
        if marker is not None and marker[0] != "~":
            found.append(Task(marker[1], marker[0] in "xX"))
    return found


def has_task_table(text: str) -> bool:
    """Whether a table cell holds only a checkbox: GLFM counts those as tasks too, which the
    sandbox does not implement (Taskable::Item mentions "task list vs. task table")."""
    if "|" not in (text or "") or "[" not in text:  # no table or no checkbox: nothing to parse
        return False
    inside_cell = False
    for token in _tokens(text or ""):
        if token.type in ("td_open", "th_open"):
            inside_cell = True
        elif token.type in ("td_close", "th_close"):
            inside_cell = False
        elif inside_cell and token.type == "inline" and _CELL.fullmatch(token.content):
            return True
    return False
