"""GitLab quick actions, found as lib/gitlab/quick_actions/extractor.rb finds them.

GitLab first deletes every carriage return, then asks its Markdown parser for the top-level
paragraphs that may hold commands (``markdown.quick_action_paragraphs``). Only in those lines does
it match a command: a line that starts at column 0 with ``/`` and a command name (any case), with
an optional argument after one space; inline code spans are skipped. Recognised command lines
are removed and the result is right-stripped (``content.rstrip``). On an edit, only commands not
already in the original text run (``execute_with_original_text``).

Every command GitLab defines is removed from the text whether or not it applies to issues (the
extractor is built from all command definitions). The sandbox carries out the ones in
``IMPLEMENTED``; any other command name raises ``Unsupported`` so the caller answers 400 instead
of silently keeping or dropping what GitLab would do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from mentorship_bot.sandbox.markdown import quick_action_paragraphs

IMPLEMENTED = frozenset({
    "close", "reopen", "label", "labels", "unlabel", "remove_label", "relabel", "assign",
    "unassign", "milestone", "remove_milestone", "due", "remove_due", "title", "confidential",
})
# Other commands in lib/gitlab/quick_actions/*_actions.rb and ee/lib/ee/gitlab/quick_actions/.
# /cc is left out on purpose: it is a ``noop`` definition, so the extractor keeps it in the text.
UNSUPPORTED = frozenset({
    "todo", "done", "subscribe", "unsubscribe", "award", "react", "estimate", "estimate_time",
    "remove_estimate", "remove_time_estimate", "spend", "spent", "spend_time",
    "remove_time_spent", "lock", "unlock", "duplicate", "move", "clone", "copy_metadata",
    "create_merge_request", "board_move", "zoom", "remove_zoom", "severity", "relate", "unlink",
    "blocks", "blocked_by", "weight", "clear_weight", "remove_weight", "epic", "remove_epic",
    "iteration", "remove_iteration", "health_status", "clear_health_status", "promote",
    "promote_to", "promote_to_incident", "type", "set_parent", "add_parent", "remove_parent",
    "add_child", "remove_child", "timeline", "add_contacts", "remove_contacts", "escalate",
    "page", "publish", "status", "checkin_reminder", "add_email", "remove_email",
    "convert_to_ticket", "reassign", "reassign_reviewer", "assign_reviewer", "reviewer",
    "request_review", "unassign_reviewer", "remove_reviewer", "draft", "ready", "wip", "merge",
    "approve", "unapprove", "rebase", "squash", "target_branch", "submit_review",
    "request_changes", "child_epic", "remove_child_epic", "parent_epic", "remove_parent_epic",
    "tag", "q", "shrug", "tableflip",
})
KNOWN_COMMANDS = IMPLEMENTED | UNSUPPORTED


class Unsupported(ValueError):
    """A command GitLab would carry out or substitute, and the sandbox does not implement."""


@dataclass(frozen=True)
class QuickAction:
    name: str
    args: str


def _regex() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, KNOWN_COMMANDS), key=len, reverse=True))
    # extractor.rb: INLINE_CODE_REGEX | HTML_BLOCK_REGEX | the command line, flags "mix".
    return re.compile(
        rf"""
          (?P<code>`.+?`)
        | (?P<html>^<[^>]+?>\n.+?\n</[^>]+?>$)
        | (?:^/(?P<cmd>{names})(?:[ ](?P<arg>[^\n]*))?(?:\s*\n|$))
        """,
        re.MULTILINE | re.DOTALL | re.IGNORECASE | re.VERBOSE,
    )


_COMMANDS = _regex()
_COMMAND_LINE = re.compile(r"^/", re.MULTILINE)


def _lines(text: str) -> list[str]:
    """Ruby's ``String#lines``: split after each newline, keeping it."""
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def rstrip(text: str) -> str:
    """Ruby's ``String#rstrip`` (ASCII whitespace and NUL only, unlike ``str.rstrip``)."""
    return text.rstrip(" \t\n\v\f\r\x00")


def extract(text: str) -> tuple[str, list[QuickAction]]:
    """The text with command lines removed and right-stripped, and the commands in order."""
    content = (text or "").replace("\r", "")
    if not _COMMAND_LINE.search(content):  # no line starts with "/": no command, nothing to parse
        return rstrip(content), []
    lines = _lines(content)
    found: list[QuickAction] = []

    def take(match: re.Match[str]) -> str:
        if not match.group("cmd"):
            return match.group(0)
        found.append(QuickAction(match.group("cmd").lower(), (match.group("arg") or "").strip()))
        return ""

    for start, end in quick_action_paragraphs(content):
        if end + 1 < len(lines) and lines[end + 1] == "\n":
            end += 1  # the blank line after the paragraph goes with it, as in extractor.rb
        paragraph = _COMMANDS.sub(take, "".join(lines[start:end + 1]))
        lines[start:end + 1] = [paragraph] + [""] * (end - start)
    return rstrip("".join(lines)), found


def check_supported(actions: list[QuickAction]) -> None:
    for action in actions:
        if action.name not in IMPLEMENTED:
            raise Unsupported(f"the sandbox does not implement the quick action /{action.name}")


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


_LABEL_REFERENCE = re.compile(r'~(?:"([^"]+)"|([A-Za-z0-9_\-?.&]+(?:::[A-Za-z0-9_\-?.&]+)*))')


def parse_labels(args: str) -> list[str]:
    """Label titles named by ``/label``'s argument (interpret_service.rb ``find_labels``).

    With any ``~`` only references count (``~foo``, ``~"with space"``, ``~scoped::x``, ``~12``
    by id, see ``Label.reference_pattern``); without one, bare or quoted words are titles
    (``extract_label_names``)."""
    if "~" in args:
        return [quoted or bare.rstrip(".?") for quoted, bare in _LABEL_REFERENCE.findall(args)]
    return [quoted or bare for quoted, bare in re.findall(r'"([^"]+)"|([^ ]+)', args)]


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
