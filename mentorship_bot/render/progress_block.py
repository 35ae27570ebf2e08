"""The managed block of a Progress issue: the milestone table and the ledger under it.

The desired state writes the block a new Progress issue starts with and the sweep keeps it
current; both render it here, so for a pair nothing has happened to yet the first sweep finds the
block it would write and leaves the issue alone (it used to rewrite every new Progress issue once,
only to add the ledger).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from mentorship_bot.model import Pair, Program
from mentorship_bot.render.context import PROGRESS_BLOCK, progress_context, template_context
from mentorship_bot.render.ledger import Ledger
from mentorship_bot.render.managed_block import normalise_block


class Renderer(Protocol):
    def render(self, name: str, context: Mapping[str, Any]) -> str: ...


def figures_digest(rows: Sequence[Mapping[str, Any]], completion_percent: int,
                   status: str) -> str:
    """What the block shows, as a short digest: the ledger's ``data``."""
    figures = repr((list(rows), completion_percent, status))
    return hashlib.sha256(figures.encode()).hexdigest()[:12]


def render_progress_block(
    program: Program, pair: Pair, rows: Sequence[Mapping[str, Any]], completion_percent: int,
    status: str, ledger: Ledger, templates: Renderer, updated_on: date,
) -> str:
    """The block as the bot writes it between the managed markers, ledger last."""
    context = template_context(program, pair)
    context.update(progress_context(rows, completion_percent, status, updated_on))
    block = templates.render(PROGRESS_BLOCK, context).rstrip("\n") + "\n\n" + ledger.render()
    return normalise_block(block)
