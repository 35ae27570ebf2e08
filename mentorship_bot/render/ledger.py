"""The sweep's memory of a pair, kept where GitLab keeps everything else: in the Progress issue.

One hidden HTML comment at the end of the managed block records the signature of what the pair
did (see ``progress.activity_signature``), the day they last did something, and the day the
block's figures last changed with a digest of them. Without it the bot could not tell a person's
comment from its own nudge, and the block's "updated" date would move every night.

    <!-- mentorship-bot ledger activity=3f2a9c0d1b7e last=2026-03-02
         data=9c1e0b2a77d4 updated=2026-03-02 -->  (on one line)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

# The activity signature of a pair that has done nothing (``progress.activity_signature`` of no
# issues): what a new Progress issue's ledger starts with.
NO_ACTIVITY = hashlib.sha256(b"").hexdigest()[:12]

_LEDGER_RE = re.compile(
    r"<!-- mentorship-bot ledger activity=(?P<activity>[0-9a-f]{12}|-) last=(?P<last>[0-9-]+)"
    r" data=(?P<data>[0-9a-f]{12}|-) updated=(?P<updated>[0-9-]+) -->"
)


@dataclass(frozen=True)
class Ledger:
    activity_signature: str | None = None
    last_activity: date | None = None
    data_updated: date | None = None
    data_hash: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Ledger:
        """The ledger in ``text`` (the last one, if a person copied one), or an empty ledger."""
        matches = list(_LEDGER_RE.finditer(text or ""))
        if not matches:
            return cls()
        found = matches[-1]
        return cls(
            activity_signature=_none(found["activity"]),
            last_activity=_day(found["last"]),
            data_hash=_none(found["data"]),
            data_updated=_day(found["updated"]),
        )

    def render(self) -> str:
        return (
            f"<!-- mentorship-bot ledger activity={self.activity_signature or '-'} "
            f"last={_iso(self.last_activity)} data={self.data_hash or '-'} "
            f"updated={_iso(self.data_updated)} -->"
        )


def _none(value: str) -> str | None:
    return None if value == "-" else value


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "-"
