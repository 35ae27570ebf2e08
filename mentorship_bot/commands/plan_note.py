"""The errors block on top of the merge request's plan note: what apply would refuse, located."""

from __future__ import annotations

from collections.abc import Sequence

from mentorship_bot.errors import Problem


def markdown_errors(problems: Sequence[Problem], summary: str) -> str:
    """A Markdown block listing each problem; reviewers see it before they merge (issue 16)."""
    lines = [f"> **Error: {_escape(summary)}.** Merging this would fail to apply.", ""]
    lines += [f"- **error**: `{p.file}:{p.line}:{p.column}` {_escape(p.path)}: {_escape(p.message)}"
              for p in problems if p.severity == "error"]
    return "\n".join(lines) + ("\n\n" if len(lines) > 2 else "\n")


def _escape(text: str) -> str:
    """Usernames and paths as plain text: no mention (@name) or Markdown from the file's values."""
    return text.replace("@", "@\u200b").replace("|", "\\|").replace("<", "&lt;")
