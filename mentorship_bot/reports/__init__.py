"""The reports a sweep leaves for coordinators and machines: aggregate numbers, never pair text.

Each writer is a pure function from ``ProgramProgress`` (and the certificates) to text; only
``write_reports`` touches the disk. The same input gives the same bytes.

May import: ``errors``, ``model``, ``render``, ``program``, ``matching``, ``provision``,
``sweep``, ``feedback``, ``intake``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mentorship_bot.feedback.aggregate import FeedbackSummary
from mentorship_bot.reports.certificate_html import certificate_html
from mentorship_bot.reports.csv_report import pairs_csv
from mentorship_bot.reports.html_report import report_html
from mentorship_bot.reports.json_report import report_json
from mentorship_bot.reports.markdown_report import report_markdown
from mentorship_bot.reports.metrics import metrics_text
from mentorship_bot.reports.survey_report import (
    surveys_csv,
    with_feedback_html,
    with_feedback_json,
    with_feedback_markdown,
    with_feedback_metrics,
)
from mentorship_bot.reports.trend_tables import trend_csv
from mentorship_bot.sweep.certificates import Certificate
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import ProgramProgress

__all__ = ["write_reports"]


def write_reports(
    progress: ProgramProgress, out_dir: Path, certificates: Sequence[Certificate] = (),
    *, trend: Sequence[TrendPoint] = (),
    feedback: FeedbackSummary | None = None,
) -> list[Path]:
    """Write every report into ``out_dir`` (created if needed); returns the paths written.

    ``trend`` is the dashboard's history (``SweepResult.trend``): charts, a series, trend.csv.
    With ``feedback`` (the surveys' aggregates), each report gains its survey section and
    ``surveys.csv`` is written too."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "report.json": report_json(progress, certificates, trend),
        "report.md": report_markdown(progress, certificates, trend),
        "report.html": report_html(progress, certificates, trend),
        "pairs.csv": pairs_csv(progress),
        "metrics.txt": metrics_text(progress, certificates),
    }
    if trend:
        files["trend.csv"] = trend_csv(trend)
    if feedback is not None and feedback.surveys:
        files["report.json"] = with_feedback_json(files["report.json"], feedback)
        files["report.md"] = with_feedback_markdown(files["report.md"], feedback, progress)
        files["report.html"] = with_feedback_html(files["report.html"], feedback, progress)
        files["metrics.txt"] = with_feedback_metrics(files["metrics.txt"], feedback)
        files["surveys.csv"] = surveys_csv(feedback)
    for certificate in certificates:
        files[f"certificates/{certificate.file_name}"] = certificate_html(certificate)
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
