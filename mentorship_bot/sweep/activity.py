"""What people did to a pair's issues, blind to the bot's own writes: the activity signature and
the day of the last activity, which ``progress`` turns into the stall clock (see its docstring).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from mentorship_bot.provision.desired_state import CERTIFIED_LABEL, NUDGED_LABEL
from mentorship_bot.provision.observed_state import ObservedIssue
from mentorship_bot.render.ledger import Ledger


def people_notes(issue: ObservedIssue) -> int:
    """Comments people wrote: the bot's nudge and certificate notes each carry a label."""
    bot_notes = (NUDGED_LABEL in issue.labels) + (CERTIFIED_LABEL in issue.labels)
    return max(0, issue.user_notes - bot_notes)


def activity_signature(milestone_issues: Iterable[ObservedIssue]) -> str:
    """A digest of what people did to the pair's milestone issues, blind to the bot's writes.

    A new issue the bot created (open, nothing ticked, no comment) adds nothing, so creating
    meeting issues just in time does not look like activity.
    """
    parts = sorted(
        f"{i.marker_id}:{i.state}:{i.tasks_done}:{people_notes(i)}"
        for i in milestone_issues
        if i.state == "closed" or i.tasks_done or people_notes(i)
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def last_activity(
    previous: Ledger, milestone_issues: list[ObservedIssue], bot_username: str, today: date
) -> date | None:
    """The day the pair last did something, as well as GitLab's lists can tell.

    When the signature is what the ledger recorded, nothing happened since: the recorded day
    stands. Otherwise the newest people-made timestamp is the day (never in the future, never
    before the recorded day).
    """
    signature = activity_signature(milestone_issues)
    if previous.activity_signature is not None and previous.activity_signature == signature:
        return previous.last_activity
    stamps: list[datetime] = []
    for issue in milestone_issues:
        if issue.state == "closed" and issue.closed_at and issue.closed_by != bot_username:
            stamps.append(issue.closed_at)
        if (issue.tasks_done or people_notes(issue) or issue.state == "closed") and (
            issue.updated_at
        ):
            stamps.append(issue.updated_at)
    if not stamps:
        if previous.activity_signature is None or signature == activity_signature([]):
            return previous.last_activity
        return today  # something changed (a reopened issue) and left no timestamp we can read
    newest = min(max(stamps).date(), today)
    return max(newest, previous.last_activity) if previous.last_activity else newest
