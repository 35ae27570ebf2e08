"""A plan: the actions that take GitLab from what it holds to what the program wants.

``plan`` prints a Plan and ``apply`` executes the same object, so the preview and the run cannot
disagree. Some actions write nothing and only report: a person's edit that the bot leaves alone, a
template change waiting for ``--update-templates``, a project no pair in the file owns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from mentorship_bot.provision.calendar_file import LazyCalendar
from mentorship_bot.render.lazy import LazyText

# Kinds in the order they are applied; the position is the dependency rank.
WRITE_KINDS = (
    "create_group",
    "create_label",
    "create_board",
    "create_board_list",
    "create_milestone",
    "update_milestone",
    "create_project",
    "update_project",
    "archive_project",
    "add_member",
    "commit_files",
    "commit_calendar",
    "create_issue",
    "update_issue",
    "record_calendar",
    "close_duplicate",
    # The nightly sweep's writes (mentorship_bot.sweep.actions), after provisioning.
    "update_progress",
    "post_nudge",
    "post_closing_note",
    "issue_certificate",
    "create_dashboard",
    "update_dashboard",
    "escalate_stalled",
    # Feedback surveys (mentorship_bot.feedback.decide), in the feedback project.
    "create_survey",
    "ask_survey_fix",
    "remind_survey",
    "close_survey",
    # The intake (mentorship_bot.intake.decide), in the intake project.
    "commit_template",
    "create_choice",
    "update_choice",
    "remind_choice",
    "link_choice",
    "close_choice",
    "protect_request",
    "note_request",
    "close_request",
    "propose_pairs",  # the one merge request on the program repository (adapter/proposal.py)
)
REPORT_KINDS = (
    "keep_edited",
    "template_changed",
    "orphan_project",
    "archived_project",
    "progress_unmanaged",
    "history_reset",
)
RANK = {kind: rank for rank, kind in enumerate(WRITE_KINDS + REPORT_KINDS)}


@dataclass(frozen=True)
class Action:
    """One thing to do (or, for report kinds, to tell), on one object found by ``target``."""

    kind: str
    target: str  # full path, label name, "group/path:milestone title" or marker id
    attributes: tuple[tuple[str, Any], ...] = ()
    round: str | None = None
    pair: str | None = None
    reason: str = ""

    @property
    def writes(self) -> bool:
        return self.kind in WRITE_KINDS

    def attribute(self, name: str, default: Any = None) -> Any:
        return as_text(dict(self.attributes).get(name, default))

    def as_dict(self, value: Callable[[str, Any], Any] | None = None) -> dict[str, Any]:
        """JSON-ready: ``value(name, attribute)`` makes each attribute's JSON (by default the
        attribute itself, its texts rendered)."""
        make = value or _rendered
        return {
            "kind": self.kind,
            "target": self.target,
            "round": self.round,
            "pair": self.pair,
            "attributes": {k: make(k, v) for k, v in self.attributes},
            "reason": self.reason,
        }


def as_text(value: Any) -> Any:
    """``value`` with any text still unrendered rendered: ``apply`` renders each text as it
    writes it, and holds none of them afterwards (``LazyText.render``)."""
    if isinstance(value, (LazyText, LazyCalendar)):
        return value.render()
    if isinstance(value, tuple) and any(isinstance(v, (LazyText, LazyCalendar)) for v in value):
        return tuple(as_text(v) for v in value)
    return value


def _rendered(_: str, value: Any) -> Any:
    return jsonable(value)


def jsonable(value: Any) -> Any:
    """An attribute as JSON sees it: texts rendered, dates as ISO strings, tuples as lists."""
    if type(value) in _AS_IS:  # most attributes (a JSON plan has 500,000 at 10,000 pairs)
        return value
    if isinstance(value, (LazyText, LazyCalendar)):
        return value.text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    return value


_AS_IS = frozenset({str, int, bool, type(None)})  # types JSON takes as they are


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]
    source: str = "an empty GitLab"

    def writes(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.writes)

    def is_empty(self) -> bool:
        """Nothing to write (report-only actions may remain)."""
        return not self.writes()

    def counts(self) -> dict[str, int]:
        return dict(
            sorted(Counter(a.kind for a in self.actions).items(), key=lambda item: RANK[item[0]])
        )


def attrs(**values: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in values.items() if v is not None))
