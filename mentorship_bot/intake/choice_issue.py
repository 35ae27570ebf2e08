"""A "Choose your mentor" issue in GitLab: its labels and title. Its text, and the tick read
back from it, are ``render.choice_text``'s: ``validate`` checks a program's own template with
them.
"""

from __future__ import annotations

from mentorship_bot.model import Mentee, Round

CHOICE_LABEL = "mentor-choice"
# What the bot did once and must not do again; the bulk list carries labels, so no note is read.
REMINDED_LABEL = "mentor-choice-reminded"
LINKED_LABEL = "mentor-choice-proposed"
CLOSED_LABEL = "mentor-choice-closed"


def choice_title(round_: Round, mentee: Mentee) -> str:
    return " ".join(f"Choose your mentor ({round_.name}): {mentee.username}".split())[:255]
