"""``report.json``: every figure of the reports, for machines (format_version 1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mentorship_bot.program.capacity import waiting_days
from mentorship_bot.reports.trend_tables import trend_json
from mentorship_bot.sweep.certificates import Certificate
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import PairProgress, ProgramProgress, RoundProgress

FORMAT_VERSION = 1


def report_data(progress: ProgramProgress, certificates: Sequence[Certificate],
                trend: Sequence[TrendPoint] = ()) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "program": {"slug": progress.slug, "name": progress.name},
        "today": progress.today.isoformat(),
        "completion_threshold_percent": progress.threshold_percent,
        "by_status": progress.by_status,
        "rounds": [_round(r) for r in progress.rounds],
        "mentor_load": [
            {"username": m.username, "pairs": m.pairs, "capacity": m.capacity, "over": m.over}
            for m in progress.mentor_load
        ],
        "waiting_mentees": list(progress.waiting_mentees),
        "waitlist": [
            {"username": w.username, "since": w.since.isoformat() if w.since else None,
             "waiting_days": waiting_days(w, progress.today)}
            for w in progress.waitlist
        ],
        "next_rooms": [{"mentor": r.username, "from": r.day.isoformat()}
                       for r in progress.rooms],
        "certificates": [
            {"username": c.username, "role": c.role, "round": c.round, "pair": c.pair,
             "completion_percent": c.completion_percent, "issued_on": c.issued_on.isoformat(),
             "verification_id": c.verification_id, "file": f"certificates/{c.file_name}"}
            for c in certificates
        ],
        "trend": trend_json(trend),
    }


def _round(round_: RoundProgress) -> dict[str, Any]:
    return {
        "slug": round_.slug,
        "name": round_.name,
        "starts": round_.starts.isoformat(),
        "ends": round_.ends.isoformat(),
        "phase": round_.phase,
        "pairs_count": len(round_.pairs),
        "by_status": round_.by_status,
        "average_completion_percent": round_.average_completion_percent,
        "completion_histogram": dict(round_.histogram),
        "milestones": [
            {"id": m.id, "title": m.title, "due": m.due.isoformat(), "done": m.done,
             "pairs": m.pairs}
            for m in round_.milestone_rates
        ],
        "pairs": [_pair(p) for p in round_.pairs],
    }


def _pair(pair: PairProgress) -> dict[str, Any]:
    return {
        "pair": pair.pair,
        "mentee": pair.mentee,
        "mentor": pair.mentor,
        "status": pair.status,
        "done": pair.done,
        "total": pair.total,
        "overdue": pair.overdue,
        "completion_percent": pair.completion_percent,
        "last_activity": pair.last_activity.isoformat() if pair.last_activity else None,
        "starts": pair.starts.isoformat() if pair.starts else None,
        "ends": pair.ends.isoformat() if pair.ends else None,
        "ended_reason": pair.ended_reason,
    }


def report_json(progress: ProgramProgress, certificates: Sequence[Certificate] = (),
                trend: Sequence[TrendPoint] = ()) -> str:
    return json.dumps(report_data(progress, certificates, trend), indent=2,
                      ensure_ascii=False) + "\n"
