"""``mentorship-bot demo``: a round of the example program, lived on the built-in sandbox."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mentorship_bot.commands.output import EXIT_UNEXPECTED, FORMAT_OPTION, echo_json
from mentorship_bot.commands.progress_output import written_text
from mentorship_bot.model import Program
from mentorship_bot.program.loader import load_program

if TYPE_CHECKING:  # the demo and its sandbox load only for ``demo``: every command imports this
    from mentorship_bot.demo.runner import DemoResult, Night


def example_program_path() -> Path:
    """The example program: next to the package in a wheel, in config/ in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "example" / "program.yml", here.parent / "config" / "program.yml"):
        if candidate.is_file():
            return candidate
    raise click.UsageError("the example program is missing from this installation; "
                           "pass --program PATH")


@click.command("demo")
@click.option("--program", "program_path", type=click.Path(dir_okay=False, exists=True),
              help="A program file (default: the example program, config/program.yml).")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("mentorship-demo"), show_default=True,
              help="Where the reports and certificates of the demo go.")
@click.option("--seed", type=int, default=7, show_default=True,
              help="Seed of the simulated pairs' behaviour.")
@click.option("--step-days", type=click.IntRange(1, 31), default=7, show_default=True,
              help="Days between two sweeps (7: week after week).")
@FORMAT_OPTION
def demo(program_path: str | None, report_dir: Path, seed: int, step_days: int,
         output_format: str) -> None:
    """Watch the bot run a round, with no GitLab needed.

    Starts the built-in sandbox GitLab in this process, provisions the example program, and
    lives through its first round week after week: simulated pairs (some diligent, some late,
    one that stalls) close issues, tick tasks and comment; the bot sweeps each night, nudges,
    flags the stalled pair and issues certificates at the end. One pair ends early with its goal
    met, one is not a fit and its mentee is rematched; people answer the surveys. Prints what
    happened and where the reports are. Example: mentorship-bot demo --report-dir /tmp/demo
    """
    from mentorship_bot.demo.runner import leaked_private_text, run_demo

    program = load_program(program_path or example_program_path())
    started = time.monotonic()
    text = output_format == "text"
    if text:
        click.echo(f"Sandbox GitLab started in this process; program {program.name!r}.")
    result = run_demo(program, seed=seed, step_days=step_days,
                      on_night=_echo_night if text else None)
    assert result.last is not None
    from mentorship_bot.reports import write_reports  # HTML and charts: only when asked

    paths = write_reports(result.last.progress, report_dir, result.last.certificates,
                          trend=result.last.trend, feedback=result.last.feedback)
    leaks = leaked_private_text(paths)
    seconds = time.monotonic() - started
    if text:
        _echo_summary(result, program, report_dir, seconds)
    else:
        echo_json(_summary_json(result, paths, seconds))
    if leaks:  # the privacy promise, checked on every demo run
        click.echo(f"error: a pair's text reached {', '.join(map(str, leaks))}", err=True)
        raise SystemExit(EXIT_UNEXPECTED)


def _echo_night(night: Night) -> None:
    shown = " · ".join(f"{n} {status}" for status, n in night.by_status.items() if n)
    click.echo(f"{night.day}  {shown:<46} {written_text(night.written)}")


def _pair_rows(result: DemoResult) -> list[dict[str, object]]:
    assert result.last is not None
    nudges: dict[str, int] = {}
    for night_pair in _nudged_pairs(result):
        nudges[night_pair] = nudges.get(night_pair, 0) + 1
    certified = {c.pair for c in result.last.certificates}
    rows = []
    for pair in result.last.progress.pairs:
        if pair.round != result.round.slug:
            continue
        rows.append({"pair": pair.pair, "mentee": pair.mentee, "mentor": pair.mentor,
                     "behaviour": result.personas[pair.pair], "status": pair.status,
                     "completion_percent": pair.completion_percent,
                     "certificate": pair.pair in certified,
                     "starts": pair.starts.isoformat() if pair.starts else None,
                     "ends": pair.ends.isoformat() if pair.ends else None,
                     "ended_reason": pair.ended_reason})
    return rows


def _nudged_pairs(result: DemoResult) -> list[str]:
    assert result.last is not None
    return [p.pair for p in result.last.progress.pairs for m in p.milestones if m.nudged]


def _echo_summary(result: DemoResult, program: Program, report_dir: Path,
                  seconds: float) -> None:
    rows = _pair_rows(result)
    click.echo("")
    click.echo(f"{result.round.name} is over. Pairs:")
    click.echo(f"  {'pair':<22} {'behaviour':<9} {'status':<11} {'done':>5}  nudged  certificate")
    nudges = {r: _nudged_pairs(result).count(r) for r in {str(x['pair']) for x in rows}}
    for row in rows:
        click.echo(f"  {row['pair']!s:<22} {row['behaviour']!s:<9} {row['status']!s:<11} "
                   f"{row['completion_percent']!s:>4}%  {nudges[str(row['pair'])]:>6}  "
                   f"{'yes' if row['certificate'] else '-'}")
    click.echo("")
    click.echo(f"{len(result.nights)} nightly sweeps, {result.people_actions} actions by the "
               f"pairs, {result.requests} API requests by the bot, {seconds:.1f} s.")
    click.echo(f"Reports: {report_dir / 'report.html'} (open it in a browser), report.md, "
               f"report.json, pairs.csv, metrics.txt, certificates/")
    for line in _story_lines(result):
        click.echo(line)
    trend = result.last.trend if result.last else ()
    if trend:
        click.echo(f"Trend: {len(trend)} nights from {trend[0].day} to {trend[-1].day}, kept in "
                   "the dashboard issue, drawn in report.html, listed in trend.csv.")
    if program.dashboard_project:
        click.echo(f"The coordinators' dashboard issue lives in {program.dashboard_project}.")


def _surveys(result: DemoResult) -> list[dict[str, object]]:
    """Per survey of the lived round: how many were asked and answered (counts only)."""
    assert result.last is not None
    feedback = result.last.feedback
    return [{"survey": s.survey, "asked": s.asked, "responded": s.responded}
            for s in (feedback.surveys if feedback else ()) if s.round == result.round.slug]


def _story_lines(result: DemoResult) -> list[str]:
    """The early endings, the rematch and the surveys' answer counts: numbers, never words."""
    story, rows = result.story, {str(r["pair"]): r for r in _pair_rows(result)}
    lines = []
    for slug in (story.goal_met, story.not_a_fit):
        if slug and slug in rows:
            row = rows[slug]
            lines.append(f"Ended early: {slug} on {row['ends']} ({row['ended_reason']}), "
                         f"{row['status']}; {result.closing_notes.get(slug, 0)} closing note, "
                         f"{result.opened_after_end.get(slug, 0)} issues opened after.")
    if story.rematch and story.rematch in rows:
        row = rows[story.rematch]
        lines.append(f"Rematched: {row['mentee']} with {row['mentor']} from {row['starts']} "
                     f"({story.rematch}), {row['status']}.")
    for survey in _surveys(result):
        lines.append(f"Survey {survey['survey']}: {survey['responded']} of {survey['asked']} "
                     "answered (aggregates in report.html).")
    return lines


def _summary_json(result: DemoResult, paths: list[Path], seconds: float) -> dict[str, object]:
    return {
        "round": result.round.slug,
        "nights": [{"day": n.day.isoformat(), "by_status": n.by_status, "written": n.written,
                    "statuses": n.statuses}
                   for n in result.nights],
        "pairs": _pair_rows(result),
        "requests": result.requests,
        "trend_points": len(result.last.trend) if result.last else 0,
        "people_actions": result.people_actions,
        "private_comments": result.private_comments,
        "story": {"goal_met": result.story.goal_met, "not_a_fit": result.story.not_a_fit,
                  "rematch": result.story.rematch},
        "closing_notes": result.closing_notes,
        "opened_after_end": result.opened_after_end,
        "survey_answers": result.survey_answers,
        "survey_comments": result.survey_comments,
        "surveys": _surveys(result),
        "seconds": round(seconds, 1),
        "reports": [str(p) for p in paths],
    }
