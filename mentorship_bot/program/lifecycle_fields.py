"""Value kinds of a pair's life (issue 12): a rolling round's term, meeting minutes that may be a
range, and how a pair ended early. ``fields`` holds the other kinds; these follow its contract
(``parse(value, raw)`` raising ``Invalid``, a ``json`` description for editors).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from mentorship_bot.model import ENDED_REASONS, Ending, Term
from mentorship_bot.program.fields import Invalid, IsoDate, Kind, describe

_TERM_RE = re.compile(r"^\s*(\d{1,3})\s*(months?|weeks?|days?)\s*$")
_MINUTES_RE = re.compile(r"^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*$")
MIN_MINUTES, MAX_MINUTES = 5, 480


class TermKind(Kind):
    """``6 months``, ``26 weeks`` or ``90 days``: how long each pair of a rolling round lasts."""

    json: ClassVar[dict[str, Any]] = {
        "type": "string", "pattern": r"^\d{1,3} *(months?|weeks?|days?)$"}

    def parse(self, value: Any, raw: str | None) -> Term:
        match = _TERM_RE.match(value) if isinstance(value, str) else None
        if match is None:
            raise Invalid(f"expected a term such as '6 months', '26 weeks' or '90 days', got "
                          f"{describe(value)}")
        count, unit = int(match.group(1)), match.group(2)
        term = (Term(months=count) if unit.startswith("month")
                else Term(days=count * (7 if unit.startswith("week") else 1)))
        if count == 0 or term.months > 24 or term.days > 731:
            raise Invalid(f"a term must be from 1 day to 24 months, got {value.strip()!r}")
        return term


class MinutesKind(Kind):
    """Meeting length in minutes: ``45``, or a range as programs write it, ``30-45``.

    Parses to ``(low, high)``; the loader keeps ``high`` as ``meeting_minutes_upto``.
    """

    json: ClassVar[dict[str, Any]] = {
        "oneOf": [
            {"type": "integer", "minimum": MIN_MINUTES, "maximum": MAX_MINUTES},
            {"type": "string", "pattern": r"^\d{1,3} *[-–] *\d{1,3}$"},
        ]
    }

    def parse(self, value: Any, raw: str | None) -> tuple[int, int]:
        if isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        else:
            match = _MINUTES_RE.match(value) if isinstance(value, str) else None
            if match is None:
                raise Invalid(f"expected minutes such as 45 or a range such as 30-45, got "
                              f"{describe(value)}")
            low, high = int(match.group(1)), int(match.group(2))
            if high < low:
                raise Invalid(f"the range {value.strip()!r} ends below its start")
        for minutes in (low, high):
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                raise Invalid(f"expected minutes from {MIN_MINUTES} to {MAX_MINUTES}, got "
                              f"{minutes}")
        return low, high


class EndedKind(Kind):
    """``{on: 2026-04-30, reason: goal-met}``: the pair ended on that day, for a fixed reason."""

    json: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"on": IsoDate.json, "reason": {"enum": list(ENDED_REASONS)}},
        "required": ["on", "reason"],
        "additionalProperties": False,
    }

    def parse(self, value: Any, raw: str | None) -> Ending:
        expected = f"expected {{on: YYYY-MM-DD, reason: {' | '.join(ENDED_REASONS)}}}"
        if not isinstance(value, dict):
            raise Invalid(f"{expected}, got {describe(value)}")
        unknown = sorted(str(key) for key in value if key not in ("on", "reason"))
        if unknown:
            raise Invalid(f"{expected}; unknown key {unknown[0]!r}")
        if "on" not in value or "reason" not in value:
            missing = "on" if "on" not in value else "reason"
            raise Invalid(f"{expected}; missing {missing!r}")
        reason = value["reason"]
        if not isinstance(reason, str) or reason not in ENDED_REASONS:
            raise Invalid(f"unknown reason {describe(reason)}: expected one of "
                          f"{', '.join(ENDED_REASONS)} (a fixed word; nothing personal goes in "
                          "the program file)")
        return Ending(IsoDate().parse(value["on"], None), reason)
