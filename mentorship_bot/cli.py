"""The ``mentorship-bot`` command line: parse options, dispatch to one command module, map errors.

Exit codes: 0 ok, 1 some GitLab writes failed, 2 bad input or usage, 3 unexpected (re-run with -v).
"""

from __future__ import annotations

import click

from mentorship_bot import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorship-bot")
def main() -> None:
    """Run mentorship programs through GitLab issues.

    A program is described in YAML (rounds, mentors, mentees, pairs, a milestone plan). The bot
    validates it, plans the GitLab objects it implies, creates them, and follows each pair's
    progress.
    """


def _register() -> None:
    # Imported here so that ``mentorship_bot.cli`` stays the one place commands are listed.
    # Each command module adds one line below.
    from mentorship_bot.commands import validate

    main.add_command(validate.validate)


_register()
