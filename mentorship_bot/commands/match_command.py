"""``mentorship-bot match``: propose mentors for waiting mentees, offline (issue 13)."""

from __future__ import annotations

import os
from typing import Any

import click

from mentorship_bot.adapter.proposal import Proposal as MergeProposal
from mentorship_bot.adapter.proposal import ProposalResult, propose_change
from mentorship_bot.commands.failures import CommandError
from mentorship_bot.commands.gitlab_env import connect
from mentorship_bot.commands.output import echo_json, echo_problems, format_option
from mentorship_bot.matching.assign import SolverMissing
from mentorship_bot.matching.merge_request import (
    BRANCH,
    TITLE,
    adding_pairs,
    assignment_description,
    kept_mentees,
    proposed_pairs,
)
from mentorship_bot.matching.output import Proposal, as_json, as_markdown, as_text
from mentorship_bot.matching.propose import propose, target_round
from mentorship_bot.model import Program
from mentorship_bot.program.editing import EditError
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
@click.option("--propose", "propose_mr", is_flag=True,
              help="Open (or update) one merge request on matching.program_project that adds "
              "the --assign pairs to the program file, each pair's reasons in its description "
              "(implies --assign; needs GITLAB_URL and GITLAB_TOKEN). With matching.mode "
              "coordinator it is the sweep's merge request, for the sweep's round; refused "
              "with mentee-choice.")
@format_option("text", "json", "markdown",
               help_text="text for people, json for machines, markdown for an issue.")
def match(path: str, round_slug: str | None, candidates: int | None, assign: bool,
          propose_mr: bool, output_format: str) -> None:
    """Propose mentors for every mentee waiting in the program file at PATH.

    A mentee waits when no pair of theirs runs on or after the round's start and they want one
    (never paired, last pair not a fit, or asked again after it). Each proposal has
    a score and its parts in words; a mentor is never proposed to themself, their own reports,
    a former partner, over capacity, or (matching.different_department) their own department.
    Reads only the file (the same file always gives the same proposal), unless --propose
    puts the assignment in a merge request for coordinators to review. Example:
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
    if propose_mr:
        _check_propose(program, round_.slug)
    try:
        proposal = propose(program, round_, candidates=candidates,
                           optimal=assign or propose_mr)
    except SolverMissing as exc:
        raise CommandError(str(exc)) from None
    if propose_mr:
        _propose(program, proposal, output_format)
        return
    if output_format == "json":
        echo_json(as_json(proposal))
    elif output_format == "markdown":
        click.echo(as_markdown(proposal), nl=False)
    else:
        click.echo(as_text(proposal), nl=False)


def _check_propose(program: Program, slug: str) -> None:
    """--propose shares the sweep's one merge request: refuse what would undo the sweep's."""
    matching = program.matching
    if not matching.program_project:
        raise CommandError("--propose needs matching.program_project: the project holding "
                           "the program file, where the merge request is opened")
    if matching.mode == "mentee-choice":
        raise CommandError("--propose would choose for the mentees: with matching.mode "
                           "mentee-choice the nightly sweep proposes the mentors they tick, in "
                           f"the merge request from {BRANCH}; see the assignment with --assign")
    swept = target_round(program, None)
    if matching.mode == "coordinator" and swept is not None and swept.slug != slug:
        raise CommandError(f"--propose --round {slug}: with matching.mode coordinator the "
                           f"nightly sweep proposes round {swept.slug!r} in the one merge "
                           f"request from {BRANCH}; see round {slug!r} with --assign")


def _propose(program: Program, proposal: Proposal, output_format: str) -> None:
    """Put the assignment in the one merge request on the program repository, keeping the
    mentees the sweep proposed there (``kept_mentees``)."""
    matching = program.matching
    assert matching.program_project is not None
    pairs = proposed_pairs(proposal)
    change = MergeProposal(
        matching.program_project, matching.program_file, BRANCH, TITLE,
        assignment_description(proposal),
        f"Propose {len(pairs)} pair{'' if len(pairs) == 1 else 's'} for "
        f"{proposal.pool.round.slug}", adding_pairs(pairs, matching.program_file),
        lambda current: assignment_description(proposal, kept_mentees(current)))
    try:
        result = propose_change(connect(os.environ), change)
    except EditError as exc:
        raise CommandError(f"{exc}; nothing was written") from None
    if output_format == "json":
        echo_json({**as_json(proposal), "merge_request": _result_json(result)})
        return
    click.echo(as_text(proposal) if output_format == "text" else as_markdown(proposal),
               nl=False)
    click.echo(_result_line(result, matching.program_project))


def _result_json(result: ProposalResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {"iid": result.iid, "web_url": result.web_url, "opened": result.opened,
            "committed": result.committed, "described": result.described}


def _result_line(result: ProposalResult | None, project: str) -> str:
    if result is None:
        return f"nothing to propose: every proposed pair is in {project}'s program file already"
    if result.opened:
        return f"opened merge request !{result.iid}: {result.web_url}"
    if result.wrote:
        return f"updated merge request !{result.iid}: {result.web_url}"
    return f"merge request !{result.iid} already proposes these pairs: {result.web_url}"
