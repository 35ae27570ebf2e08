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
