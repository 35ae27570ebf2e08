"""The merge request's description when the sweep proposes: the pairs the mentees chose, each
with its reasons, and the mentees people requested. Usernames, tags, dates and the bot's reasons
only, all neutralised (a tag could hold ``@all`` or a quick action): never a request's text."""

from __future__ import annotations

from collections.abc import Sequence

from mentorship_bot.intake.decide import ChosenPair, ProposedMentee
from mentorship_bot.matching.merge_request import MENTEES_HEADING
from mentorship_bot.render.neutralise import neutralise, oneline


def _cell(value: object) -> str:
    return neutralise(oneline(value))


def mentees_table(mentees: Sequence[ProposedMentee]) -> str:
    if not mentees:
        return ""
    lines = [MENTEES_HEADING, "",
             "| mentee | requested on | interests | nominated by |", "|---|---|---|---|"]
    lines += [f"| `{m.username}` | {m.requested_on.isoformat()} | "
              f"{_cell(', '.join(m.interests)) or '—'} | "
              f"{f'`{m.nominated_by}`' if m.nominated_by else '—'} |" for m in mentees]
    return "\n".join(lines) + "\n"


def choice_description(pairs: Sequence[ChosenPair], mentees: Sequence[ProposedMentee]) -> str:
    """The description in ``mentee-choice`` mode."""
    count = len(pairs)
    lines = [f"mentorship-bot proposes {count} pair{'' if count == 1 else 's'} the mentees "
             f"chose and {len(mentees)} requested mentee{'' if len(mentees) == 1 else 's'}.",
             "",
             "Review and merge: the next `apply` creates each pair's project, and the sweep "
             "closes each mentee's \"Choose your mentor\" issue. The bot updates this merge "
             "request as mentees choose and never merges it.", ""]
    if pairs:
        lines += ["### Pairs chosen", "", "| round | mentee | mentor | why |", "|---|---|---|---|"]
        lines += [f"| {_cell(p.round)} | `{p.mentee}` | `{p.mentor}` | "
                  f"{_cell('; '.join(p.reasons))} |" for p in pairs]
        lines.append("")
    return "\n".join(lines) + "\n" + mentees_table(mentees)
