"""GitLab quick actions, as lib/gitlab/quick_actions/extractor.rb finds them.

A command is a line that starts (at column 0) with ``/`` and a known name, case-insensitive, with
an optional argument after one space. Lines inside fenced code blocks, HTML blocks and ``>>>``
quote blocks are not commands. GitLab first deletes every carriage return; recognised command
lines are removed from the stored text. On an edit, only commands not already in the original
text run (``execute_with_original_text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

KNOWN_COMMANDS = frozenset({
    "close", "reopen", "label", "labels", "unlabel", "remove_label", "relabel", "assign",
    "unassign", "milestone", "remove_milestone", "due", "remove_due", "title", "cc",
    "confidential", "todo", "done", "subscribe", "unsubscribe", "award", "react",
})


@dataclass(frozen=True)
class QuickAction:
    name: str
    args: str


def _regex() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, KNOWN_COMMANDS), key=len, reverse=True))
    return re.compile(
        rf"""
          (?P<code>^```.+?\n```$)
        | (?P<html>^<[^>]+?>\n.+?\n</[^>]+?>$)
        | (?P<quote>^>>>.+?\n>>>$)
        | (?:^/(?P<cmd>{names})(?:[ ](?P<arg>[^\n]*))?(?:\s*\n|$))
        """,
        re.MULTILINE | re.DOTALL | re.IGNORECASE | re.VERBOSE,
    )


_COMMANDS = _regex()


def extract(text: str) -> tuple[str, list[QuickAction]]:
    """The text with command lines removed, and the commands in order."""
    found: list[QuickAction] = []

    def keep_or_take(match: re.Match[str]) -> str:
        if match.group("cmd"):
            args = (match.group("arg") or "").strip()
            found.append(QuickAction(match.group("cmd").lower(), args))
            return ""
        return match.group(0)

    cleaned = _COMMANDS.sub(keep_or_take, (text or "").replace("\r", ""))
    return cleaned.rstrip("\n") if found else cleaned, found


def extract_new(original: str, new: str) -> tuple[str, list[QuickAction]]:
    """For an edit: only commands that were not already in ``original`` run."""
    _, before = extract(original)
    cleaned, after = extract(new)
    old = list(before)
    fresh = []
    for action in after:
        if action in old:
            old.remove(action)
        else:
            fresh.append(action)
    return cleaned, fresh


def parse_labels(args: str) -> list[str]:
    """``~foo ~"with space" ~scoped::x`` (bare words are accepted too)."""
    return [quoted or bare for quoted, bare in re.findall(r'~?"([^"]+)"|~?([^\s~"]+)', args)]


def parse_usernames(args: str) -> list[str]:
    return [name.lstrip("@") for name in re.findall(r"@?[\w.\-]+", args) if name.strip("@")]


def parse_milestone(args: str) -> str | None:
    match = re.match(r'^%?"([^"]+)"|^%?(\S.*)$', args.strip())
    if not match:
        return None
    return (match.group(1) or match.group(2) or "").strip() or None


def parse_due(args: str, today: date) -> date | None:
    text = args.strip().lower()
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    relative = re.fullmatch(r"in (\d+) (day|week)s?", text)
    if relative:
        unit = 7 if relative.group(2) == "week" else 1
        return today + timedelta(days=int(relative.group(1)) * unit)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
