"""The Progress issue's managed block: the only part of a pair's Progress issue the bot rewrites.

Everything outside the two marker lines belongs to the pair and comes back unchanged.
"""

from __future__ import annotations

# The Progress issue's managed block sits between these two exact lines; only it is rewritten.
MANAGED_START = "<!-- mentorship-bot:managed:start -->"
MANAGED_END = "<!-- mentorship-bot:managed:end -->"


def normalise_block(block: str) -> str:
    """A block as stored between the markers: no blank lines around it, one final newline."""
    return block.strip("\n") + "\n"


def render_managed_block(block: str) -> str:
    """``block`` between the two marker lines, as the Progress issue holds it."""
    return f"{MANAGED_START}\n{normalise_block(block)}{MANAGED_END}"


def replace_managed_block(text: str, block: str) -> str | None:
    """``text`` with the managed block's content replaced by ``block``; ``None`` if no markers.

    Everything outside the markers is the pair's and comes back unchanged.
    """
    start = text.find(MANAGED_START)
    end = text.find(MANAGED_END, start + len(MANAGED_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return text[:start] + render_managed_block(block) + text[end + len(MANAGED_END) :]


def managed_block(text: str) -> str | None:
    """The content between the markers (without the marker lines), or ``None`` if absent."""
    start = text.find(MANAGED_START)
    end = text.find(MANAGED_END, start + len(MANAGED_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return normalise_block(text[start + len(MANAGED_START) : end])
