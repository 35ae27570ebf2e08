"""A "Choose your mentor" issue's text, and the mentee's tick read back (issue 13); its labels
and title are the intake's (``intake.choice_issue``).

The text and the bot's notes come from the ``choice`` and ``choice_note`` templates, which a
program may replace as it replaces the pair's. The description lists the candidates' profiles
as a task list, each item under a hidden line ``<!-- choice-mentor USERNAME -->``, then "None
of these, suggest others" under ``<!-- choice-none -->``; a hidden ``<!-- choice-shown A B -->``
line names the mentors shown before (never shown again on this issue). It ends with the bot's
marker (``intake/PROGRAM/ROUND/MENTEE``) whose hash is of the text with every box unticked:
ticking is the only edit the bot honours. A description changed otherwise (a forged candidate
line, a forged marker, any added text) has its ticks ignored, and whatever is ticked must still
be a mentor the program allows for this mentee with room left. Only the mentors' profiles and
the mentee's own name are shown: never another mentee.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mentorship_bot.model import Mentee, Mentor, Program, Round
from mentorship_bot.render.lazy import Templates
from mentorship_bot.render.markers import body_of, normalised_hash, parse_marker, with_marker
from mentorship_bot.render.person_context import candidate_dict, choice_context

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


def choice_description(templates: Templates, program: Program, round_: Round, mentee: Mentee,
                       candidates: Sequence[tuple[Mentor, Sequence[str]]],
                       shown: tuple[str, ...], note: str | None = None,
                       gone: str | None = None) -> str:
    """The issue's text: the ``choice`` template (the candidates, each with why they fit, as a
    task list; "none of these"), then the mentors shown before and the marker, which no
    template writes."""
    context = choice_context(program, round_.slug, mentee.username,
                             [candidate_dict(m, reasons) for m, reasons in candidates],
                             note=note, gone=gone)
    body = templates.render("choice", context).rstrip("\n")
    shown_line = f"<!-- choice-shown{''.join(' ' + name for name in shown)} -->"
    return with_marker(f"{body}\n\n{shown_line}",
                       choice_marker(program.slug, round_.slug, mentee.username))


def choice_note(templates: Templates, program: Program, round_slug: str, mentee: str,
                note: str, *, gone: str | None = None, mentor: str | None = None,
                merge_request: dict[str, Any] | None = None) -> str:
    """A note on the issue of ``mentee`` (a username) in round ``round_slug``: the
    ``choice_note`` template for ``note`` (``render.person_context.CHOICE_NOTES``)."""
    context = choice_context(program, round_slug, mentee, note=note, gone=gone, mentor=mentor,
                             merge_request=merge_request)
    return templates.render("choice_note", context).strip()


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


def choice_template_problem(templates: Templates, program: Program, round_: Round,
                            mentee: Mentee, mentors: list[Mentor]) -> str | None:
    """Why the ``choice`` template would lose a tick, or None: rendered for ``mentors``, each
    must be read back as listed, and each box (theirs, "None of these") as ticked."""
    found = [(m, ("a sample reason",)) for m in mentors]
    text = choice_description(templates, program, round_, mentee, found, ())
    wanted = [m.username for m in mentors]
    listed = list(read_choice(text).listed)
    if listed != wanted:
        return (f"it lists the candidates {listed} where it was given {wanted}: print each "
                "one's line <!-- choice-mentor USERNAME --> once, in the order given")
    lines = text.split("\n")
    hidden = [i for i, line in enumerate(lines) if _MENTOR_RE.match(line) or _NONE_RE.match(line)]
    if len(hidden) != len(wanted) + 1:
        return "print the line <!-- choice-none --> once, before \"None of these\""
    for start in hidden:
        named = _MENTOR_RE.match(lines[start])
        expected = named.group("name") if named else NONE
        box = next((j for j in range(start + 1, len(lines)) if _TASK_RE.match(lines[j])), None)
        if box is not None:
            ticked = [*lines[:box], _TASK_RE.sub(r"\g<lead>x]", lines[box], count=1),
                      *lines[box + 1:]]
            choice = read_choice("\n".join(ticked))
            if choice.trusted and choice.ticked == expected:
                continue
        who = f"`{expected}`" if expected else '"None of these"'
        return (f"ticking {who} is not read back: put its task item (- [ ] ...) right after "
                "its hidden line")
    return None
