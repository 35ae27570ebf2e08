"""``mentorship-bot match``: propose mentors for waiting mentees, offline (issue 13)."""

from __future__ import annotations

import click

from mentorship_bot.commands.failures import CommandError
from mentorship_bot.commands.output import echo_json, echo_problems, format_option
from mentorship_bot.matching.assign import SolverMissing
from mentorship_bot.matching.output import as_json, as_markdown, as_text
from mentorship_bot.matching.propose import propose, target_round
from mentorship_bot.program.loader import load_program_with_warnings
from mentorship_bot.program.schema import suggest


@click.command("match")
@click.argument("path", default="config/program.yml", type=click.Path(dir_okay=False))
@click.option("--round", "round_slug", metavar="R",
              help="The round to match for (default: the round that starts last).")
@click.option("--candidates", type=click.IntRange(1, 20), metavar="N",
              help="Mentors proposed per mentee (default: matching.candidates, 3).")
@click.option("--assign", is_flag=True,
              help="Propose one mentor per mentee instead: the assignment with the most pairs "
              "and then the highest total score under every mentor's capacity (needs SciPy: "
              "pip install 'mentorship-bot[match]').")
@format_option("text", "json", "markdown",
               help_text="text for people, json for machines, markdown for an issue.")
def match(path: str, round_slug: str | None, candidates: int | None, assign: bool,
          output_format: str) -> None:
    """Propose mentors for every mentee waiting in the program file at PATH.

    A mentee waits when no pair of theirs runs on or after the round's start. Each proposal has
    a score and its parts in words; a mentor is never proposed to themself, their own reports,
    a former partner, over capacity, or (matching.different_department) their own department.
    Reads only the file; the same file always gives the same proposal. Example:
    mentorship-bot match --round autumn-2026 --assign
    """
    program, warnings = load_program_with_warnings(path)
    echo_problems(warnings)
    round_ = target_round(program, round_slug)
    if round_ is None:
        slugs = [r.slug for r in program.rounds]
        hint = suggest(round_slug, slugs) if round_slug else ""
        raise CommandError(f"no round {round_slug!r} in {path}{hint}; its rounds are "
                           f"{', '.join(slugs) or 'none'}" if round_slug else
                           f"{path} has no rounds to match for")
    try:
        proposal = propose(program, round_, candidates=candidates, optimal=assign)
    except SolverMissing as exc:
        raise CommandError(str(exc)) from None
    if output_format == "json":
        echo_json(as_json(proposal))
    elif output_format == "markdown":
        click.echo(as_markdown(proposal), nl=False)
    else:
        click.echo(as_text(proposal), nl=False)
