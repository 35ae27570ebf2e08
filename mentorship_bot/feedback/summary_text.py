"""The survey aggregates as Markdown, for the dashboard issue and ``report.md``.

Counts and averages per round and survey only (``aggregate``): a question fewer than
``min_responses`` people answered shows "too few answers to show" and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorship_bot.feedback.aggregate import TOO_FEW, FeedbackSummary, GoalSummary
from mentorship_bot.render.neutralise import neutralise, oneline


def _text(value: str) -> str:
    return oneline(neutralise(value))


def goal_line(goal: GoalSummary | None) -> str:
    """"goal reached: 6 yes, 3 partly, 1 no (10 answers)", or why nothing shows."""
    if goal is None:
        return "goal reached: no answers yet"
    if not goal.shown:
        return f"goal reached: {TOO_FEW} ({goal.answered} so far)"
    counts = ", ".join(f"{n} {_text(option)}" for option, n in goal.counts.items())
    return f"goal reached: {counts} ({goal.answered} answers)"


def feedback_markdown(summary: FeedbackSummary, round_names: Mapping[str, str],
                      heading: str = "##") -> str:
    """The "Feedback" section; empty when no survey has opened."""
    if not summary.surveys:
        return ""
    lines = [f"{heading} Feedback", "",
             "Aggregates only: never a comment, never one person's ticks.", ""]
    for survey in summary.surveys:
        name = _text(round_names.get(survey.round, survey.round))
        lines.append(f"**{name}, {_text(survey.title)}**: {survey.responded} of {survey.asked} "
                     f"answered ({round(survey.response_rate * 100)}%)")
        lines.append("")
        if survey.questions:
            lines += ["| Question | Answers | Distribution | Mean | Median |",
                      "|---|---|---|---|---|"]
        for q in survey.questions:
            if not q.shown:
                lines.append(f"| {_text(q.text)} | {q.answered} | {TOO_FEW} | | |")
                continue
            spread = ", ".join(f"{_text(o)}: {n}" for o, n in zip(q.options, q.counts,
                                                                   strict=True))
            mean = f"{q.mean:.2f}" if q.mean is not None else ""
            median = f"{q.median:g}" if q.median is not None else ""
            lines.append(f"| {_text(q.text)} | {q.answered} | {spread} | {mean} | {median} |")
        lines.append("")
    for goal in summary.goals:
        name = _text(round_names.get(goal.round, goal.round))
        lines.append(f"- {name}: {goal_line(goal)}")
    return "\n".join(lines).rstrip() + "\n"
