"""Small programs the tests share, built through the real loader so they stay valid."""

from __future__ import annotations

from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text

SMALL = """\
version: 1
program:
  slug: eng
  name: Engineering Mentoring
  group: acme/mentoring
  coordinators: [rosa]
  issue_lead_days: 14
rounds:
  - {slug: spring-2026, name: Spring 2026, starts: 2026-01-05, ends: 2026-03-29, cadence: monthly}
  - {slug: autumn-2026, name: Autumn 2026, starts: 2026-09-07, ends: 2026-11-29}
mentors:
  - {username: alice, name: Alice Nakamura, skills: [Kubernetes]}
  - {username: bob, name: Bob Stone}
mentees:
  - {username: carol, name: Carol Diaz, manager: rosa}
  - {username: dave, name: Dave Kim}
pairs:
  - {mentor: alice, mentee: carol, round: spring-2026, goal: "Ship one CI improvement"}
  - {mentor: bob, mentee: dave, round: spring-2026}
  - {mentor: alice, mentee: dave, round: autumn-2026}
"""


def small_program(text: str = SMALL) -> Program:
    program, problems = validate_text(text, "small.yml")
    assert program is not None, [p.format() for p in problems]
    return program
