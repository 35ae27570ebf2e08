"""How simulated pairs behave: pure decisions from the day, the pair's issues and a seeded RNG.

Three kinds of pair, as coordinators meet them: the diligent (milestones done around their due
date, tasks ticked, a comment now and then), the late (done, but one to three weeks after the due
date, and sometimes not at all) and the one that stalls (a good start, then silence).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DILIGENT, LATE, STALLS = "diligent", "late", "stalls"


@dataclass(frozen=True)
class Step:
    kind: str  # "close", "tick" or "comment"
    iid: int
    text: str = ""


def personas(pair_slugs: list[str], seed: int,
             fixed: dict[str, str] | None = None) -> dict[str, str]:
    """One pair stalls, about a third run late, the rest are diligent; stable for a seed.
    ``fixed`` pairs keep the behaviour given (the demo's early endings and rematch)."""
    rng = random.Random(seed)
    order = sorted(set(pair_slugs) - set(fixed or {}))
    rng.shuffle(order)
    out = {slug: (LATE if i % 3 == 1 else DILIGENT) for i, slug in enumerate(order)}
    if order:
        out[order[-1]] = STALLS
    return {**out, **{k: v for k, v in (fixed or {}).items() if k in pair_slugs}}


def steps_for(persona: str, issues: list[dict[str, Any]], today: date, round_starts: date,
              rng: random.Random) -> list[Step]:
    """What the pair does in the week before ``today``, on its open milestone issues."""
    out: list[Step] = []
    for issue in sorted(issues, key=lambda i: (i.get("due_date") or "", i["iid"])):
        if issue["state"] != "opened" or not issue.get("due_date"):
            continue
        if "kind::milestone" not in issue.get("labels", ()):
            continue
        due = date.fromisoformat(issue["due_date"])
        if _done_by(persona, due, round_starts, issue["iid"]) <= today:
            if rng.random() < 0.7:
                out.append(Step("tick", issue["iid"]))
            if rng.random() < 0.4:
                out.append(Step("comment", issue["iid"], rng.choice(_COMMENTS)))
            out.append(Step("close", issue["iid"]))
    return out


def _done_by(persona: str, due: date, round_starts: date, iid: int) -> date:
    """The day this pair gets a milestone done (far future: never)."""
    jitter = random.Random(f"{iid}-{due}").randint(0, 6)
    if persona == DILIGENT:
        return due - timedelta(days=jitter % 4)
    if persona == LATE:
        if random.Random(f"skip-{iid}-{due}").random() < 0.25:
            return date.max
        return due + timedelta(days=7 + 2 * jitter)
    # stalls: the first fortnight only
    return due if due <= round_starts + timedelta(days=14) else date.max


_COMMENTS = (
    "Notes from today: agreed on the next step, see the checklist.",
    "Moved our meeting by a day; done now.",
    "Shared the doc we talked about. Secret-ish detail: pair-private-text-42.",
)
PRIVATE_MARKER = "pair-private-text-42"  # must never reach a report: the demo checks it
