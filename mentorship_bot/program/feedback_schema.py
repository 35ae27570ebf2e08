"""The ``feedback`` block of the program file (issue 14): where surveys live, when they fall due,
who answers, and their questions, declared as nested sections the shape check walks.

    feedback:
      project: acme/people/mentoring-feedback
      surveys:
        - key: midpoint
          title: Midpoint feedback
          at: 50%
          who: both
          questions:
            - key: useful
              scale: How useful are the meetings?

A question names its kind by the key that holds its wording: ``scale`` (tick one of five labels),
``choice`` (tick one of ``options``) or ``text`` (a free answer, given in a comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from mentorship_bot.model import SURVEY_WHO
from mentorship_bot.program import fields as k
from mentorship_bot.program.sections import Field, Items, Section

DEFAULT_MIN_RESPONSES = 5
DEFAULT_REMIND_AFTER_DAYS = 7
DEFAULT_CLOSE_AFTER_DAYS = 21
MAX_OPTIONS = 10


@dataclass(frozen=True)
class MomentAt(k.Kind):
    """A survey's ``at``: a share of the pair's time (``50%``) or ``end`` (its last day)."""

    json: ClassVar[dict[str, Any]] = {"oneOf": [{"const": "end"},
                                                {"type": "string", "pattern": r"^\d+(\.\d+)?%$"}]}

    def parse(self, value: Any, raw: str | None) -> float:
        text = value.strip() if isinstance(value, str) else None
        if text == "end":
            return 1.0
        match = re.fullmatch(r"(\d+(?:\.\d+)?)%", text or "")
        if not match:
            raise k.Invalid(f"expected a share of the pair's time such as 50%, or 'end', "
                            f"got {k.describe(value)}")
        share = float(match.group(1)) / 100
        if not 0 < share <= 1:
            raise k.Invalid(f"a share of the pair's time must be above 0% and at most 100%, "
                            f"got {text}")
        return share


@dataclass(frozen=True)
class Options(k.Kind):
    """A question's labels or options: short texts, each as written (``yes`` stays "yes")."""

    json: ClassVar[dict[str, Any]] = {"type": "array", "items": {"type": "string"},
                                      "minItems": 2, "maxItems": MAX_OPTIONS}
    reads_item_text: ClassVar[bool] = True  # the walker hands each item's original text

    def parse(self, value: Any, raw: str | None) -> tuple[str, ...]:
        options = k.TextList().parse(value, raw)
        if not 2 <= len(options) <= MAX_OPTIONS:
            raise k.Invalid(f"expected 2 to {MAX_OPTIONS} options, got {len(options)}")
        if len(set(options)) != len(options):
            raise k.Invalid("the options must differ from one another")
        return options


QUESTION = Section(
    "questions",
    (
        Field("key", k.Key(), required=True, doc="Stable id of the question within its survey."),
        Field("scale", k.Text(max_length=300),
              doc="The wording of a question answered on a scale of 1 to 5 (tick one)."),
        Field("choice", k.Text(max_length=300),
              doc="The wording of a question answered by ticking one of its options."),
        Field("text", k.Text(max_length=300),
              doc="The wording of a question answered freely, in a comment; never reported."),
        Field("labels", Options(),
              doc="A scale's five labels, from 1 to 5 (default: 1 (not at all) ... 5 (very "
              "much))."),
        Field("options", Options(), doc="A choice's options, such as [yes, partly, no]."),
    ),
    doc="One question: give exactly one of scale, choice or text.",
    is_list=True,
)

SURVEY = Section(
    "surveys",
    (
        Field("key", k.Key(), required=True, doc="Stable id of the survey, as in its marker."),
        Field("title", k.Text(max_length=150), required=True),
        Field("at", MomentAt(), doc="When it opens: a share of the pair's time (50%) or end."),
        Field("after", k.Key(),
              doc="Or: it opens on the due date of this milestone (such as final)."),
        Field("who", k.Choice(SURVEY_WHO), default="both",
              doc="Who answers: the mentee, the mentor or both (each their own survey)."),
        Field("questions", Items(QUESTION), required=True),
    ),
    doc="A survey: one confidential issue per person who answers it.",
    is_list=True,
)

FEEDBACK = Section(
    "feedback",
    (
        Field("project", k.FullPath(), required=True,
              doc="The coordinators' existing project where surveys are confidential issues; "
              "people answering become Guests there and see only their own."),
        Field("min_responses", k.Integer(1, 1000), default=DEFAULT_MIN_RESPONSES,
              doc="Below this many answers to a question, reports say 'too few answers to show'."),
        Field("remind_after_days", k.Integer(1, 366), default=DEFAULT_REMIND_AFTER_DAYS,
              doc="One reminder this many days after a survey opened, if still unanswered."),
        Field("close_after_days", k.Integer(1, 366), default=DEFAULT_CLOSE_AFTER_DAYS,
              doc="A survey closes itself this many days after it opened."),
        Field("surveys", Items(SURVEY), required=True),
    ),
    doc="Feedback surveys: confidential issues, aggregated in reports without a word of text.",
)
