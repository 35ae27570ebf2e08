"""A matching proposal as text for people, JSON for machines, Markdown for an issue or a merge
request. Only usernames, tags from the file, numbers and dates: never a bio or a goal. Markdown
goes through ``neutralise`` (a tag could hold ``@all`` or ``/close``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentorship_bot.matching.candidates import Candidate, Pool
from mentorship_bot.model import Mentee
from mentorship_bot.render.neutralise import neutralise, oneline


@dataclass(frozen=True)
class Proposal:
    pool: Pool
    assign: bool  # one optimal mentor each (else: the best candidates)
    entries: tuple[tuple[Mentee, tuple[Candidate, ...]], ...]

    @property
    def assigned(self) -> int:
        return sum(1 for _, found in self.entries if found)

    @property
    def total_milli(self) -> int:
        return sum(found[0].milli for _, found in self.entries if found)


def score(milli: int) -> str:
    return f"{milli / 1000:.3f}"


def _candidate_json(found: Candidate) -> dict[str, Any]:
    parts = found.parts
    return {"mentor": found.mentor, "score": found.milli / 1000,
            "parts": {"tags": parts.tags / 1000, "timezone": parts.timezone / 1000,
                      "language": parts.language / 1000},
            "reasons": list(found.reasons)}


def as_json(proposal: Proposal) -> dict[str, Any]:
    pool = proposal.pool
    weights = pool.weights
    out: dict[str, Any] = {
        "round": pool.round.slug, "starts": pool.round.starts.isoformat(),
        "mode": "assign" if proposal.assign else "candidates",
        "weights": {"tags": weights.tags_weight, "timezone": weights.timezone_weight,
                    "language": weights.language_weight},
        "different_department": weights.different_department,
        "waiting": len(pool.mentees),
        "mentors_with_room": {m.username: room for m, room in zip(pool.mentors, pool.room,
                                                                  strict=True)},
        "mentees": [],
    }
    for mentee, found in proposal.entries:
        item: dict[str, Any] = {"mentee": mentee.username, "requested_on":
                                mentee.requested_on.isoformat() if mentee.requested_on else None}
        if proposal.assign:
            item["mentor"] = _candidate_json(found[0]) if found else None
        else:
            item["candidates"] = [_candidate_json(c) for c in found]
        out["mentees"].append(item)
    if proposal.assign:
        out["assigned"] = proposal.assigned
        out["total_score"] = proposal.total_milli / 1000
    return out


def _heading(proposal: Proposal) -> str:
    pool = proposal.pool
    places = sum(pool.room)
    return (f"round {pool.round.slug} (starts {pool.round.starts}): {len(pool.mentees)} "
            f"mentee{'' if len(pool.mentees) == 1 else 's'} waiting, {len(pool.mentors)} "
            f"mentor{'' if len(pool.mentors) == 1 else 's'} with room "
            f"({places} place{'' if places == 1 else 's'})")


def _since(mentee: Mentee) -> str:
    return f" (asked on {mentee.requested_on})" if mentee.requested_on else ""


def as_text(proposal: Proposal) -> str:
    lines = [_heading(proposal)]
    if proposal.assign:
        lines.append(f"optimal assignment: {proposal.assigned} of {len(proposal.entries)} "
                     f"get a mentor, total score {score(proposal.total_milli)}")
        for mentee, found in proposal.entries:
            if found:
                lines.append(f"  {mentee.username} -> {found[0].mentor}  {score(found[0].milli)}"
                             f"  {'; '.join(found[0].reasons)}")
            else:
                lines.append(f"  {mentee.username}: no mentor with room fits")
        return "\n".join(lines) + "\n"
    for mentee, found in proposal.entries:
        lines.append(f"{mentee.username}{_since(mentee)}")
        if not found:
            lines.append("  no mentor with room fits")
        for rank, c in enumerate(found, start=1):
            lines.append(f"  {rank}. {c.mentor}  {score(c.milli)}  {'; '.join(c.reasons)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return oneline(neutralise(text))


def as_markdown(proposal: Proposal) -> str:
    title = "Proposed pairs" if proposal.assign else "Mentor candidates"
    lines = [f"### {title}: {_cell(_heading(proposal))}", ""]
    if proposal.assign:
        lines.append(f"{proposal.assigned} of {len(proposal.entries)} waiting mentees get a "
                     f"mentor; total score {score(proposal.total_milli)} (optimal).")
        lines.append("")
    lines += ["| mentee | mentor | score | why |", "|---|---|---|---|"]
    for mentee, found in proposal.entries:
        who = _cell(mentee.username)
        if not found:
            lines.append(f"| {who} | none with room fits | | |")
        for c in found:
            lines.append(f"| {who} | {_cell(c.mentor)} | {score(c.milli)} | "
                         f"{_cell('; '.join(c.reasons))} |")
    return "\n".join(lines) + "\n"
