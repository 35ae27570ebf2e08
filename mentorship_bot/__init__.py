"""mentorship-bot: run mentorship programs through GitLab issues.

The packages follow the stages a program goes through: ``program`` (the file), ``render`` (the text
the bot writes), ``provision`` (what GitLab should hold), ``sweep`` (the night's decisions) and
``reports`` form a pure core over the shared ``model``; ``adapter`` is the only code that talks to
GitLab, ``runs`` drive one run through it, ``commands`` read the environment and print. The sandbox
(``mentorship_bot.sandbox``) is a stand-in GitLab. CONTRIBUTING.md has the map and the import rules.
"""

__version__ = "0.1.0"
