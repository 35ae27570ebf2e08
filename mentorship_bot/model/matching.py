"""Matching as program data (issue 13): how mentors are weighed, and who decides the pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass

# ``mentee-choice``: each waiting mentee picks one of the candidates in a confidential issue;
# ``coordinator``: the sweep proposes the optimal assignment. Both end in one merge request.
MATCHING_MODES = ("mentee-choice", "coordinator")


@dataclass(frozen=True)
class Matching:
    """``matching:``: how ``mentorship-bot match`` weighs a mentor for a mentee (issue 13)."""

    tags_weight: float = 3.0
    timezone_weight: float = 1.0
    language_weight: float = 1.0
    different_department: bool = False
    candidates: int = 3
    program_project: str | None = None  # where `match --propose` opens its merge request
    program_file: str = "config/program.yml"
    mode: str | None = None  # MATCHING_MODES; None: only `match` proposes, the sweep does not
    intake_project: str | None = None  # requests and choice issues (issue 13)
    choose_within_days: int = 14  # a choice issue's reminder, then the dashboard


def normalise_tag(text: str) -> str:
    """One spelling per tag: case folded, '-', '_' and runs of spaces made one space, trimmed.

    ``Incident-Response``, ``incident_response`` and ``incident  response`` are the same tag:
    validation finds duplicates, matching compares and requests are read with this one rule.
    """
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()
