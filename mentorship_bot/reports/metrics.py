"""``metrics.txt``: the OpenMetrics text GitLab shows on merge requests (a metrics report).

Label values are escaped as the OpenMetrics spec asks (backslash, double quote, line feed), and
the exposition ends with ``# EOF``.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentorship_bot.sweep.certificates import Certificate
from mentorship_bot.sweep.progress import ProgramProgress


def escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{escape(v)}"' for k, v in labels.items()) + "}"


def metrics_text(progress: ProgramProgress, certificates: Sequence[Certificate] = ()) -> str:
    lines: list[str] = []

    def family(name: str, help_text: str, samples: list[tuple[str, float | int]]) -> None:
        lines.append(f"# TYPE {name} gauge")
        lines.append(f"# HELP {name} {help_text}")
        lines.extend(f"{name}{labels} {value}" for labels, value in samples)

    family("mentorship_pairs", "Pairs by round and status.", [
        (_labels(round=r.slug, status=status), n)
        for r in progress.rounds for status, n in r.by_status.items()
    ])
    family("mentorship_completion_ratio", "Average share of milestones done, by round.", [
        (_labels(round=r.slug),
         round(sum(p.completion for p in r.pairs) / len(r.pairs), 4) if r.pairs else 0)
        for r in progress.rounds
    ])
    family("mentorship_milestone_done_ratio", "Share of a round's pairs that did a milestone.", [
        (_labels(round=r.slug, milestone=m.id), round(m.done / m.pairs, 4) if m.pairs else 0)
        for r in progress.rounds for m in r.milestone_rates
    ])
    family("mentorship_mentors_over_capacity", "Mentors with more pairs than their soft limit.",
           [("", sum(m.over for m in progress.mentor_load))])
    family("mentorship_waiting_mentees", "Mentees without a pair in a current round.",
           [("", len(progress.waiting_mentees))])
    family("mentorship_certificates", "Certificates of completion issued.",
           [("", len(certificates))])
    lines.append("# EOF")
    return "\n".join(lines) + "\n"
