"""A program matched in GitLab (issue 13): three waiting mentees, mentors with little room, the
intake and program projects; helpers to tick a choice issue and to write a request."""

from __future__ import annotations

import re
from datetime import date

from mentorship_bot.intake.decide import ObservedChoice, ObservedIntake, ObservedRequest
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.choice_text import marker_parts
from mentorship_bot.render.markers import parse_marker

INTAKE = "acme/mentoring-intake"
REPOSITORY = "acme/mentoring/program"

INTAKE_TEXT = """\
version: 1
# The autumn programme: mentees choose their mentor (issue 13).
program:
  slug: eng
  name: Engineering Mentoring
  group: acme/mentoring
  coordinators: [rosa]
  dashboard_project: acme/mentoring/dashboard
rounds:
  - {slug: autumn-2026, name: Autumn 2026, starts: 2026-09-07, ends: 2026-11-29}
mentors:
  # m1 has room for one mentee only.
  - {username: m1, name: Mia One, skills: [Kubernetes, observability], capacity: 1,
     timezone: Europe/Berlin, bio: "Runs on-call. @all /close"}
  - {username: m2, name: Max Two, skills: [Kubernetes], timezone: Europe/Lisbon}
  - {username: m3, name: Mo Three, skills: [SQL], timezone: America/New_York}
  - {username: m4, name: Meg Four, topics: [career growth], timezone: Asia/Tokyo}
mentees:
  - {username: e1, name: Eve One, interests: [kubernetes], timezone: Europe/Berlin,
     requested_on: 2026-07-01}
  - {username: e2, name: Eli Two, interests: [kubernetes, observability],
     timezone: Europe/Paris, requested_on: 2026-07-02}
  - {username: e3, name: Ema Three, interests: [SQL], requested_on: 2026-07-03}
pairs: []
matching:
  mode: mentee-choice
  candidates: 2
  intake_project: acme/mentoring-intake
  program_project: acme/mentoring/program
  choose_within_days: 7
"""


def intake_program(text: str = INTAKE_TEXT) -> Program:
    program, problems = validate_text(text, "config/program.yml")
    assert program is not None, [p.format() for p in problems]
    return program


def tick_mentor(description: str, username: str) -> str:
    """``description`` with the box under ``<!-- choice-mentor USERNAME -->`` ticked (or "none
    of these" for an empty username), as GitLab saves a tick."""
    key = f"<!-- choice-mentor {username} -->" if username else "<!-- choice-none -->"
    lines = description.split("\n")
    at = lines.index(key) + 1
    lines[at] = lines[at].replace("- [ ]", "- [x]", 1)
    return "\n".join(lines)


def request_text(username: str = "", interests: tuple[str, ...] = (), other: str = "",
                 extra: str = "") -> str:
    from mentorship_bot.render.request_text import FORM_LINE
    lines = [FORM_LINE, "", "### Who needs a mentor", "", f"Username: {username}", "",
             "### Interests", ""]
    lines += [f"- [x] {tag}" for tag in interests]
    lines += ["", f"Other interests: {other}", "", "### Anything else", "", extra]
    return "\n".join(lines)


def observed_from(descriptions: dict[int, tuple[str, str, date, tuple[str, ...]]],
                  requests: tuple[ObservedRequest, ...] = (),
                  members: dict[str, int] | None = None) -> ObservedIntake:
    """An ``ObservedIntake`` from iid -> (description, state, opened_on, labels)."""
    choices = {}
    for iid, (text, state, opened, labels) in descriptions.items():
        marker = parse_marker(text)
        assert marker is not None
        parts = marker_parts(marker.id, "eng")
        assert parts is not None
        choices[marker.id] = ObservedChoice(iid, marker.id, parts[0], parts[1], text, labels,
                                            state, opened)
    return ObservedIntake(1, INTAKE, members or {}, choices, requests)


def mentors_listed(description: str) -> list[str]:
    return re.findall(r"<!-- choice-mentor (\S+) -->", description)
