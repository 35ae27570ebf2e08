"""A "Choose your mentor" issue: its text, and the mentee's tick read back.

The description lists the candidates' profiles as a task list, each item under a hidden line
``<!-- choice-mentor USERNAME -->``, then "None of these, suggest others" under
``<!-- choice-none -->``; a hidden ``<!-- choice-shown A B -->`` line names the mentors shown
before (never shown again on this issue). It ends with the bot's marker (``intake/PROGRAM/ROUND/
MENTEE``) whose hash is of the text with every box unticked: ticking is the only edit the bot
honours. A description changed otherwise (a forged candidate line, a forged marker, any added
text) has its ticks ignored, and whatever is ticked must still be a mentor the program allows
for this mentee with room left. Only the mentors' profiles and the mentee's own name are shown:
never another mentee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mentorship_bot.matching.candidates import Candidate
from mentorship_bot.model import Mentee, Mentor, Round
from mentorship_bot.render.markers import body_of, normalised_hash, parse_marker, with_marker
from mentorship_bot.render.neutralise import neutralise, oneline

CHOICE_LABEL = "mentor-choice"
# What the bot did once and must not do again; the bulk list carries labels, so no note is read.
REMINDED_LABEL = "mentor-choice-reminded"
LINKED_LABEL = "mentor-choice-proposed"
CLOSED_LABEL = "mentor-choice-closed"
NONE = ""  # ``Choice.ticked`` when "None of these" is ticked

MARKER_PREFIX = "intake/"
_MENTOR_RE = re.compile(r"^<!-- choice-mentor (?P<name>[A-Za-z0-9_.-]+) -->\s*$")
_NONE_RE = re.compile(r"^<!-- choice-none -->\s*$")
_SHOWN_RE = re.compile(r"^<!-- choice-shown(?P<names>( [A-Za-z0-9_.-]+)*) -->\s*$")
_TASK_RE = re.compile(r"^(?P<lead>\s{0,3}[-*+] \[)(?P<tick>[ xX])\]")


def choice_marker(program_slug: str, round_slug: str, mentee: str) -> str:
    return f"{MARKER_PREFIX}{program_slug}/{round_slug}/{mentee.lower()}"


def marker_parts(marker_id: str, program_slug: str) -> tuple[str, str] | None:
    """(round, mentee) of a choice issue's marker of this program, else None."""
    prefix = f"{MARKER_PREFIX}{program_slug}/"
    if not marker_id.startswith(prefix):
        return None
    parts = marker_id[len(prefix):].split("/")
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def choice_title(round_: Round, mentee: Mentee) -> str:
    return " ".join(f"Choose your mentor ({round_.name}): {mentee.username}".split())[:255]


def _list(values: tuple[str, ...]) -> str:
    return neutralise(oneline(", ".join(values))) if values else "—"


def _profile(mentor: Mentor, found: Candidate) -> list[str]:
    lines = [f"<!-- choice-mentor {mentor.username} -->",
             f"- [ ] **{neutralise(oneline(mentor.name))}** (`{mentor.username}`): "
             f"{neutralise(oneline('; '.join(found.reasons)))}"]
    facts = [("Skills", _list(mentor.skills)), ("Topics", _list(mentor.topics)),
             ("Languages", _list(mentor.languages)),
             ("Time zone", neutralise(oneline(mentor.timezone or "—"))),
             ("Department", neutralise(oneline(mentor.department or "—")))]
    lines += [f"  - {label}: {value}" for label, value in facts]
    if mentor.bio:
        lines.append(f"  - About: {neutralise(oneline(mentor.bio))}")
    return lines


def choice_description(program_slug: str, round_: Round, mentee: Mentee,
                       candidates: list[tuple[Mentor, Candidate]], shown: tuple[str, ...],
                       choose_within_days: int, note: str = "") -> str:
    """The issue's text: the candidates as a task list, "none of these", the marker."""
    lines = [f"Hello {neutralise(oneline(mentee.name))}, you are waiting for a mentor in "
             f"{neutralise(oneline(round_.name))}.", ""]
    if note:
        lines += [note, ""]
    if candidates:
        lines += [f"Tick the mentor you would like (within {choose_within_days} days). The "
                  "first tick counts; a coordinator reviews the pair before it starts.", ""]
        for mentor, found in candidates:
            lines += _profile(mentor, found)
        lines += ["", "<!-- choice-none -->", "- [ ] None of these, suggest others"]
    else:
        lines += ["No other mentor has room for you at the moment: a coordinator will follow "
                  "up."]
    lines += ["", f"<!-- choice-shown{''.join(' ' + name for name in shown)} -->"]
    return with_marker("\n".join(lines), choice_marker(program_slug, round_.slug,
                                                       mentee.username))


def unticked(description: str) -> str:
    """``description`` with every task box emptied: what the bot wrote, if only ticks changed."""
    return "\n".join(_TASK_RE.sub(r"\g<lead> ]", line)
                     for line in description.replace("\r\n", "\n").split("\n"))


@dataclass(frozen=True)
class Choice:
    """What a choice issue holds: the candidates listed, the mentors shown before, the tick."""

    listed: tuple[str, ...]
    shown_before: tuple[str, ...]
    ticked: str | None  # a listed mentor's username, NONE, or None (nothing ticked)
    trusted: bool  # only boxes changed since the bot wrote it

    @property
    def shown(self) -> tuple[str, ...]:
        return self.shown_before + tuple(n for n in self.listed if n not in self.shown_before)


def read_choice(description: str) -> Choice:
    """The candidates and the first tick, and whether the text is the bot's but for its boxes."""
    listed: list[str] = []
    shown: tuple[str, ...] = ()
    ticked: str | None = None
    current: str | None = None
    for line in description.replace("\r\n", "\n").split("\n"):
        if match := _MENTOR_RE.match(line):
            current = match.group("name")
            listed.append(current)
            continue
        if _NONE_RE.match(line):
            current = NONE
            continue
        if match := _SHOWN_RE.match(line):
            shown = tuple(match.group("names").split())
            continue
        task = _TASK_RE.match(line)
        if task and current is not None:
            if task.group("tick") in "xX" and ticked is None:
                ticked = current
            current = None
    marker = parse_marker(description)
    trusted = marker is not None and normalised_hash(body_of(unticked(description))) == (
        marker.hash)
    return Choice(tuple(listed), shown, ticked, trusted)
