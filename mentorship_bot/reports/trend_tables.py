"""The trend as data: report.json's ``trend`` series, report.md's short table, ``trend.csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from mentorship_bot.provision.desired_state import STATUSES
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import HISTOGRAM_BUCKETS

BUCKET_LABELS = tuple(f"{lo}–{hi}%" for lo, hi in HISTOGRAM_BUCKETS)  # as completion_histogram
MARKDOWN_ROWS = 10


def trend_json(points: Sequence[TrendPoint]) -> list[dict[str, Any]]:
    """One object per night, oldest first."""
    return [
        {"day": p.day.isoformat(), "pairs": p.pairs,
         "by_status": {s: p.by_status.get(s, 0) for s in STATUSES},
         "completion_histogram": dict(zip(BUCKET_LABELS, p.buckets, strict=True)),
         "average_completion_percent": p.average_completion,
         "responses": dict(sorted(p.responses.items()))}
        for p in points
    ]


def trend_markdown(points: Sequence[TrendPoint]) -> list[str]:
    """The last nights as a table (all of them are in report.json and trend.csv)."""
    lines = ["## Trend", ""]
    if len(points) < 2:
        return [*lines, "The trend appears after the second nightly sweep (it is kept in the "
                "dashboard issue).", ""]
    shown = points[-MARKDOWN_ROWS:]
    lines += [f"The last {len(shown)} of {len(points)} nights (every night of the last 90 days, "
              "one a week before; all of them in `trend.csv`). Average completion is of the "
              "pairs that have started.", "",
              "| Night | Pairs | " + " | ".join(STATUSES) + " | Average completion |",
              "|---|---|" + "---|" * len(STATUSES) + "---|"]
    lines += [f"| {p.day} | {p.pairs} | "
              + " | ".join(str(p.by_status.get(s, 0)) for s in STATUSES)
              + f" | {p.average_completion:.1f}% |" for p in shown]
    return [*lines, ""]


def trend_csv(points: Sequence[TrendPoint]) -> str:
    """``trend.csv``: one row per night; a column per status, bucket and response key."""
    keys = sorted({k for p in points for k in p.responses})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "pairs", *STATUSES, *(f"completion {b}" for b in BUCKET_LABELS),
                     "average_completion_percent", *(f"responses {k}" for k in keys)])
    for p in points:
        writer.writerow([p.day.isoformat(), p.pairs, *(p.by_status.get(s, 0) for s in STATUSES),
                         *p.buckets, f"{p.average_completion:.1f}",
                         *(p.responses.get(k, 0) for k in keys)])
    return out.getvalue()
