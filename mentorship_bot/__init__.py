"""mentorship-bot: run mentorship programs through GitLab issues.

The package is layered: a pure core (``program``, ``desired``, ``plan``, ``templates``) computes
what GitLab should look like from a program file and a date; one adapter talks to GitLab; the CLI
reads the environment and prints. The sandbox (``mentorship_bot.sandbox``) is a stand-in GitLab.
"""

__version__ = "0.1.0"
