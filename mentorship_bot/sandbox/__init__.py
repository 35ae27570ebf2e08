"""A stand-in GitLab: the REST v4 subset mentorship-bot uses, served over real HTTP on 127.0.0.1.

Integration tests drive the real python-gitlab client against it; the demo runs the whole bot
on it with no GitLab. It must never be more lenient than GitLab: each rule names the GitLab
source file it follows, and what it does not implement it refuses with a 400 that says so.

May import: ``errors`` and ``model`` (to seed a program's people and groups), nothing else.
"""

from mentorship_bot.sandbox.sandbox import BOT_USERNAME, Sandbox

__all__ = ["BOT_USERNAME", "Sandbox"]
