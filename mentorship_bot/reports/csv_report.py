"""``pairs.csv``: one row per pair, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from mentorship_bot.sweep.progress import ProgramProgress

COLUMNS = ("round", "pair", "mentee", "mentor", "status", "done", "total", "overdue",
           "completion_percent", "last_activity", "starts", "ends", "ended_reason")


def pairs_csv(progress: ProgramProgress) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for pair in progress.pairs:
        writer.writerow([
            pair.round, pair.pair, _cell(pair.mentee), _cell(pair.mentor), pair.status,
            pair.done, pair.total, pair.overdue, pair.completion_percent,
            pair.last_activity.isoformat() if pair.last_activity else "",
            pair.starts.isoformat() if pair.starts else "",
            pair.ends.isoformat() if pair.ends else "", pair.ended_reason or "",
        ])
    return out.getvalue()


def _cell(value: str) -> str:
    """No formula injection when a spreadsheet opens the file (OWASP's CSV advice)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
