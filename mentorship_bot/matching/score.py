"""A mentor's score for a mentee, and its parts in words.

Three soft parts, each weighted by ``matching.weights`` (model.Matching):

- tags: the share of the mentee's interests the mentor lists as a skill or topic, compared as
  validation spells tags (``model.normalise_tag``: case, '-', '_' and spaces do not matter);
- timezone: ``1 - hours apart / 12``, hours apart on the clock at noon UTC on the round's first
  day (so summer time counts as it will be then); 0 when either timezone is unknown;
- language: 1 when they share a language; 0 otherwise or when either lists none.

Scores are whole thousandths (``milli``), so equal scores are equal exactly and the assignment's
sums are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from mentorship_bot.model import Matching, Mentee, Mentor, normalise_tag


@dataclass(frozen=True)
class Profile:
    """What matching compares of one person, normalised once."""

    username: str
    tags: dict[str, str]  # normalised tag -> the person's own spelling
    languages: dict[str, str]
    offset: float | None  # hours east of UTC on the day matching looks at
    department: str


def _spellings(items: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        out.setdefault(normalise_tag(item), item)
    return out


@lru_cache(maxsize=1024)
def utc_offset(zone: str | None, day: date) -> float | None:
    """Hours east of UTC in ``zone`` at noon UTC on ``day`` (DST-aware), None without a zone."""
    if zone is None:
        return None
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
    delta = noon.astimezone(ZoneInfo(zone)).utcoffset()
    return None if delta is None else delta.total_seconds() / 3600


def mentor_profile(mentor: Mentor, day: date) -> Profile:
    return Profile(mentor.username, _spellings(mentor.skills + mentor.topics),
                   _spellings(mentor.languages), utc_offset(mentor.timezone, day),
                   normalise_tag(mentor.department))


def mentee_profile(mentee: Mentee, day: date) -> Profile:
    return Profile(mentee.username, _spellings(mentee.interests), _spellings(mentee.languages),
                   utc_offset(mentee.timezone, day), normalise_tag(mentee.department))


def hours_apart(a: float, b: float) -> float:
    """How far apart two UTC offsets are on a 24-hour clock: 0 to 12 hours."""
    gap = abs(a - b) % 24
    return min(gap, 24 - gap)


@dataclass(frozen=True)
class Parts:
    """The three soft parts of one score, each already weighted, in thousandths."""

    tags: int
    timezone: int
    language: int

    @property
    def milli(self) -> int:
        return self.tags + self.timezone + self.language


def score_parts(mentee: Profile, mentor: Profile, weights: Matching) -> Parts:
    tags = 0
    if mentee.tags:
        shared = sum(1 for tag in mentee.tags if tag in mentor.tags)
        tags = round(1000 * weights.tags_weight / len(mentee.tags) * shared)
    zone = 0
    if mentee.offset is not None and mentor.offset is not None:
        closeness = 1 - hours_apart(mentee.offset, mentor.offset) / 12
        zone = round(1000 * weights.timezone_weight * closeness)
    language = 0
    if not mentee.languages.keys().isdisjoint(mentor.languages):
        language = round(1000 * weights.language_weight)
    return Parts(tags, zone, language)


def reasons(mentee: Profile, mentor: Profile) -> list[str]:
    """The score's parts in words: ``shares Kubernetes, observability``, ``1 hour apart``."""
    out = []
    shared = [mentor.tags[tag] for tag in mentee.tags if tag in mentor.tags]
    if shared:
        out.append("shares " + ", ".join(shared))
    elif mentee.tags:
        out.append("no shared interest")
    if mentee.offset is not None and mentor.offset is not None:
        hours = hours_apart(mentee.offset, mentor.offset)
        shown = f"{hours:g}"
        out.append("same time zone" if hours == 0 else
                   f"{shown} hour{'' if hours == 1 else 's'} apart")
    else:
        out.append("time zone unknown")
    common = [mentor.languages[lang] for lang in mentee.languages if lang in mentor.languages]
    if common:
        out.append("both speak " + ", ".join(common))
    elif mentee.languages and mentor.languages:
        out.append("no shared language")
    if mentee.department and mentor.department:
        out.append("same department" if mentee.department == mentor.department
                   else "another department")
    return out
