"""A stand-in GitLab: the REST v4 subset mentorship-bot uses, served over real HTTP on 127.0.0.1.

Integration tests drive the real python-gitlab client against it; the demo runs the whole bot
on it with no GitLab. Where unsure how GitLab behaves, GitLab's own docs decide.
"""

from mentorship_bot.sandbox.sandbox import BOT_USERNAME, Sandbox

__all__ = ["BOT_USERNAME", "Sandbox"]
