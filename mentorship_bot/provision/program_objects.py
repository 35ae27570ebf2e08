"""What a program shares across its pairs: the labels on the program group, and each round's group
and milestones (a program of 1,000 pairs creates them once, not once per pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentorship_bot.model import MilestoneOccurrence, Program, Round, expand_milestones

STATUSES = ("not-started", "on-track", "at-risk", "stalled", "completed", "ended-early", "ended")
# The status labels' colours, which the HTML report's charts use too.
STATUS_COLORS = {
    "not-started": "#bfbfbf",
    "on-track": "#108548",
    "at-risk": "#c17d10",
    "stalled": "#dd2b0e",
    "completed": "#1f75cb",
    "ended-early": "#9e5400",
    "ended": "#737278",
}
_STATUS_TEXT = {
    "not-started": "The pair's round has not started yet.",
    "on-track": "Milestones are being done on time.",
    "at-risk": "A milestone is overdue.",
    "stalled": "No activity by the mentor or mentee for a while.",
    "completed": "The pair reached the completion threshold.",
    "ended-early": "The pair ended before its end, below the completion threshold.",
    "ended": "The round is over below the completion threshold.",
}


@dataclass(frozen=True)
class DesiredGroup:
    full_path: str
    name: str
    description: str
    round: str
    visibility: str = "private"

    @property
    def parent_path(self) -> str:
        return self.full_path.rsplit("/", 1)[0]

    @property
    def path(self) -> str:
        return self.full_path.rsplit("/", 1)[1]


@dataclass(frozen=True)
class DesiredLabel:
    group_path: str
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class DesiredMilestone:
    group_path: str
    title: str
    due_date: date
    description: str
    round: str


def milestone_label(key: str) -> str:
    return f"milestone::{key}"


def status_label(status: str) -> str:
    return f"status::{status}"


KIND_MILESTONE = "kind::milestone"
# Scoped labels: on Premium and Ultimate two labels sharing the part before the last "::" cannot
# sit on one issue, the newer removes the older (doc/user/project/labels.md, "Scoped labels"). A
# certificate note lands on an issue that may carry the nudge label, so each has a scope of its own.
NUDGED_LABEL = "nudge::sent"
CERTIFIED_LABEL = "certificate::issued"
# On the Progress issue of a pair that ended early, set by the closing note's quick action.
CLOSED_LABEL = "pair::ended"
KIND_PROGRESS = "kind::progress"


def round_milestones(
    program: Program, round_: Round, pair_plans: dict[tuple[str, str], list[MilestoneOccurrence]]
) -> list[DesiredMilestone]:
    """The round group's milestones, which its pairs' issues name by title: the round's own plan
    (none for a rolling round, which has no calendar of its own), and every title a pair's own
    dates or cadence add, due on the earliest day any pair has it."""
    due: dict[str, MilestoneOccurrence] = {}
    if round_.term is None:
        due = {occ.title: occ for occ in expand_milestones(program, round_)}
    extra: dict[str, MilestoneOccurrence] = {}
    for (slug, _), plan in sorted(pair_plans.items()):
        if slug != round_.slug:
            continue
        for occ in plan:
            if occ.title not in due and (occ.title not in extra or occ.due < extra[occ.title].due):
                extra[occ.title] = occ
    return [
        DesiredMilestone(
            group_path=f"{program.group}/{round_.slug}",
            title=occ.title,
            due_date=occ.due,
            description=f"{occ.title} of {round_.name}, for every pair of the round.",
            round=round_.slug,
        )
        for occ in [*due.values(), *extra.values()]
    ]


def round_group(program: Program, round_: Round) -> DesiredGroup:
    return DesiredGroup(
        full_path=f"{program.group}/{round_.slug}",
        name=round_.name,
        description=_clip(
            f"{program.name}: {round_.name} ({_round_dates(round_)}). "
            "One private project per mentor and mentee pair; managed by mentorship-bot.",
            MAX_GROUP_DESCRIPTION,
        ),
        round=round_.slug,
    )


def _round_dates(round_: Round) -> str:
    """A rolling round's end moves with its pairs: its group description says so, not a day."""
    if round_.term is not None:
        return f"rolling from {round_.starts}, each pair for its own term"
    return f"{round_.starts} to {round_.ends}"


# GitLab refuses a longer group description (app/models/namespace.rb); the program's and the round's
# names are the coordinators' to choose, so the description is cut to fit rather than refused.
MAX_GROUP_DESCRIPTION = 500


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def program_labels(program: Program) -> tuple[DesiredLabel, ...]:
    group = program.group
    keys = sorted({plan.key for plan in program.milestones})
    labels = [
        DesiredLabel(
            group, milestone_label(key), "#6699cc", f"An issue of the milestone plan: {key}."
        )
        for key in keys
    ]
    labels.append(
        DesiredLabel(
            group,
            KIND_MILESTONE,
            "#428bca",
            "A milestone of a mentorship pair; closing it marks it done.",
        )
    )
    labels.append(
        DesiredLabel(
            group,
            KIND_PROGRESS,
            "#5843ad",
            "The pair's Progress issue, kept up to date by mentorship-bot.",
        )
    )
    labels.extend(
        DesiredLabel(group, status_label(status), STATUS_COLORS[status], _STATUS_TEXT[status])
        for status in STATUSES
    )
    # Set by the quick action that ends each nudge or certificate note: the next sweep reads them
    # in the bulk issue list, so a nudge is sent once without reading any notes.
    labels.append(
        DesiredLabel(group, NUDGED_LABEL, "#e9be74", "mentorship-bot reminded the pair of this "
                     "overdue milestone (once per milestone).")
    )
    labels.append(
        DesiredLabel(group, CLOSED_LABEL, "#737278", "mentorship-bot posted this pair's "
                     "closing note: the pair ended early.")
    )
    labels.append(
        DesiredLabel(group, CERTIFIED_LABEL, "#1f75cb", "mentorship-bot issued this pair's "
                     "certificates of completion.")
    )
    return tuple(sorted(labels, key=lambda label: label.name))
