"""The survey aggregates in every report (issue 14): JSON, Markdown, HTML, CSV, OpenMetrics.

Per round and survey: asked, answered, the response rate, and per tickable question its
distribution, mean and median once ``min_responses`` people answered it. Never a comment, never
one person's ticks, never who answered: the aggregates hold none of that. "Goal reached" joins
each round's completion in report.json's rounds.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape

from mentorship_bot.feedback.aggregate import TOO_FEW, FeedbackSummary
from mentorship_bot.feedback.summary_text import feedback_markdown, goal_line
from mentorship_bot.reports.csv_report import _cell
from mentorship_bot.reports.metrics import escape as metric_escape
from mentorship_bot.sweep.progress import ProgramProgress


def with_feedback_json(text: str, summary: FeedbackSummary) -> str:
    """``report.json`` with a ``feedback`` section and each round's ``goal_reached``."""
    data = json.loads(text)
    data["feedback"] = summary.as_dict()
    for round_ in data.get("rounds", []):
        goal = summary.goal(round_["slug"])
        round_["goal_reached"] = goal.as_dict() if goal else None
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def with_feedback_markdown(text: str, summary: FeedbackSummary,
                           progress: ProgramProgress) -> str:
    section = feedback_markdown(summary, {r.slug: r.name for r in progress.rounds})
    if not section:
        return text
    completion = [f"- {r.name}: average completion {r.average_completion_percent}%, "
                  f"{goal_line(summary.goal(r.slug))}" for r in progress.rounds if r.pairs]
    body = section + "\n**Outcomes by round**\n\n" + "\n".join(completion) + "\n"
    return text.rstrip("\n") + "\n\n" + body


def feedback_html(summary: FeedbackSummary, progress: ProgramProgress) -> str:
    if not summary.surveys:
        return ""
    names = {r.slug: r.name for r in progress.rounds}
    parts = ['<section id="feedback"><h2>Feedback</h2>',
             "<p>Aggregates only: never a comment, never one person's ticks.</p>"]
    for r in progress.rounds:
        if r.pairs:
            parts.append(f"<p>{escape(r.name)}: average completion "
                         f"{r.average_completion_percent}%, "
                         f"{escape(goal_line(summary.goal(r.slug)))}.</p>")
    for s in summary.surveys:
        parts.append(f"<h3>{escape(names.get(s.round, s.round))}, {escape(s.title)}</h3>")
        parts.append(f"<p>{s.responded} of {s.asked} answered "
                     f"({round(s.response_rate * 100)}%).</p>")
        rows = []
        for q in s.questions:
            if q.shown:
                spread = ", ".join(f"{escape(o)}: {n}" for o, n in zip(q.options, q.counts,
                                                                       strict=True))
                mean = f"{q.mean:.2f}" if q.mean is not None else ""
                median = f"{q.median:g}" if q.median is not None else ""
            else:
                spread, mean, median = TOO_FEW, "", ""
            rows.append(f"<tr><td>{escape(q.text)}</td><td class=\"num\">{q.answered}</td>"
                        f"<td>{spread}</td><td class=\"num\">{mean}</td>"
                        f"<td class=\"num\">{median}</td></tr>")
        if rows:
            parts.append("<table><tr><th>Question</th><th>Answers</th><th>Distribution</th>"
                         "<th>Mean</th><th>Median</th></tr>" + "".join(rows) + "</table>")
    parts.append("</section>")
    return "\n".join(parts)


def with_feedback_html(text: str, summary: FeedbackSummary, progress: ProgramProgress) -> str:
    section = feedback_html(summary, progress)
    if not section or "<footer>" not in text:
        return text
    at = text.index("<footer>")
    return text[:at] + section + "\n" + text[at:]


def surveys_csv(summary: FeedbackSummary) -> str:
    """``surveys.csv``: one row per round, survey, question and option (counts only)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["round", "survey", "asked", "responded", "question", "answered", "option",
                     "count", "mean", "median"])
    for s in summary.surveys:
        head = [s.round, s.survey, s.asked, s.responded]
        if not s.questions:
            writer.writerow([*head, "", "", "", "", "", ""])
        for q in s.questions:
            if not q.shown:
                writer.writerow([*head, q.key, q.answered, TOO_FEW, "", "", ""])
                continue
            mean = "" if q.mean is None else f"{q.mean:.2f}"
            median = "" if q.median is None else f"{q.median:g}"
            for option, count in zip(q.options, q.counts, strict=True):
                writer.writerow([*head, q.key, q.answered, _cell(option), count, mean, median])
    return out.getvalue()


def with_feedback_metrics(text: str, summary: FeedbackSummary) -> str:
    if not summary.surveys:
        return text
    lines: list[str] = []

    def family(name: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> None:
        lines.append(f"# TYPE {name} gauge")
        lines.append(f"# HELP {name} {help_text}")
        lines.extend(name + "{" + ",".join(f'{k}="{metric_escape(v)}"' for k, v in labels.items())
                     + "} " + str(value) for labels, value in samples)

    family("mentorship_survey_response_ratio", "Share of people asked who answered a survey.",
           [({"round": s.round, "survey": s.survey}, round(s.response_rate, 4))
            for s in summary.surveys])
    family("mentorship_survey_mean", "Mean of a scale question, once enough people answered.",
           [({"round": s.round, "survey": s.survey, "question": q.key}, q.mean)
            for s in summary.surveys for q in s.questions if q.shown and q.mean is not None])
    body = text.removesuffix("# EOF\n")
    return body + "\n".join(lines) + "\n# EOF\n"
