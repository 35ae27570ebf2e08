"""A program with surveys, shared by the feedback tests (built through the real loader)."""

from __future__ import annotations

from program_samples import SMALL, small_program

from mentorship_bot.model import Program

FEEDBACK_BLOCK = """\
feedback:
  project: acme/mentoring-feedback
  min_responses: 3
  remind_after_days: 5
  close_after_days: 14
  surveys:
    - key: midpoint
      title: Midpoint feedback
      at: 50%
      who: both
      questions:
        - key: useful
          scale: How useful are the meetings?
        - key: safe
          scale: Do you feel safe to question and challenge?
    - key: end
      title: End-of-program feedback
      after: final
      who: both
      questions:
        - key: goal
          choice: Did you reach your goal?
          options: [yes, partly, no]
        - key: recommend
          scale: Would you recommend the program?
        - key: change
          text: What should change?
"""

WITH_FEEDBACK = SMALL + FEEDBACK_BLOCK


def feedback_program(text: str = WITH_FEEDBACK) -> Program:
    return small_program(text)


def tick(description: str, question: str, *options: int) -> str:
    """``description`` with the given options (0-based) of ``question`` ticked, as a person's
    click in GitLab saves it."""
    lines = description.split("\n")
    start = lines.index(f"<!-- survey-question {question} -->")
    index = -1
    for at in range(start + 1, len(lines)):
        if lines[at].startswith("<!-- survey-question"):
            break
        if lines[at].startswith(("- [ ]", "- [x]")):
            index += 1
            if index in options:
                lines[at] = "- [x]" + lines[at][5:]
    return "\n".join(lines)


ROUND_OF_EIGHT = """\
version: 1
program:
  slug: eng
  name: Engineering Mentoring
  group: acme/mentoring
  coordinators: [rosa]
  dashboard_project: acme/mentoring/dashboard
rounds:
  - {slug: spring-2026, name: Spring 2026, starts: 2026-01-05, ends: 2026-03-29, cadence: monthly}
mentors:
  - {username: m1, name: Mentor One}
  - {username: m2, name: Mentor Two}
  - {username: m3, name: Mentor Three}
  - {username: m4, name: Mentor Four}
mentees:
  - {username: e1, name: Mentee One}
  - {username: e2, name: Mentee Two}
  - {username: e3, name: Mentee Three}
  - {username: e4, name: Mentee Four}
pairs:
  - {mentor: m1, mentee: e1, round: spring-2026}
  - {mentor: m2, mentee: e2, round: spring-2026}
  - {mentor: m3, mentee: e3, round: spring-2026}
  - {mentor: m4, mentee: e4, round: spring-2026}
""" + FEEDBACK_BLOCK
