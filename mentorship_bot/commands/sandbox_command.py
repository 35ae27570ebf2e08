"""``mentorship-bot sandbox``: run the stand-in GitLab on 127.0.0.1 until interrupted."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import click

from mentorship_bot.commands.failures import plural
from mentorship_bot.program.loader import load_program_with_warnings


@click.command("sandbox")
@click.option("--port", type=int, default=0, show_default=True, help="0 picks a free port.")
@click.option("--program", "program_path", type=click.Path(dir_okay=False),
              help="Create what a coordinator creates by hand: every user the program names, "
              "its group, its dashboard project and a program repository (GROUP/program) "
              "holding the file.")
@click.option("--token", help="The bot user's token (default: a random one).")
@click.option("--now", help="Start the sandbox clock at this time (ISO 8601), frozen.")
@click.option("--latency-ms", type=float, default=0.0, help="Added to every request, with jitter.")
@click.option("--faults", help="e.g. error_before=0.05,error_after=0.05,drop_after=0.02,429=0.01,"
              "seed=7")
@click.option("--rate-limit", help="gitlab.com (default: its published per-user limits), off, "
              "or GitLab.com's with changes: api=, project=, group=, group_projects=, members=, "
              "user=, issues=, notes= (a number or off), minute= (seconds in a limiting minute)")
@click.option("--tier", type=click.Choice(["premium", "free"]), default="premium",
              show_default=True, help="GitLab tier to behave as: on free, scoped labels "
              "(key::value) are plain labels and not exclusive, and the API creates no group "
              "issue board.")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, exists=True),
              help="Start from a state saved by POST /-/sandbox/save {\"path\": FILE} (only a "
              "file a sandbox saved: it is a pickle). Its tier and clock setting are kept.")
def sandbox(port: int, program_path: str | None, token: str | None, now: str | None,
            latency_ms: float, faults: str | None, rate_limit: str | None, tier: str,
            state_path: str | None) -> None:
    """Start the sandbox GitLab on 127.0.0.1 and print its URL and token.

    It speaks the part of GitLab's REST API the bot uses, so the bot (or python-gitlab) can run
    against it with no real GitLab. Example: mentorship-bot sandbox --program config/program.yml
    """
    from mentorship_bot.sandbox import Sandbox  # loaded for this command only: every command
    from mentorship_bot.sandbox.snapshot import load_store  # imports this module

    try:
        store = load_store(state_path) if state_path else None
        running = Sandbox(token=token, faults=faults, rate_limit=rate_limit,
                          latency_ms=latency_ms, tier=tier, store=store)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    created: list[str] = []
    if program_path:
        program, _ = load_program_with_warnings(program_path)
        text = Path(program_path).read_text(encoding="utf-8")
        created = running.seed_program(program, text)
    if now:
        running.set_clock(datetime.fromisoformat(now.replace("Z", "+00:00")))
    running.start(port)
    click.echo(f"sandbox GitLab at {running.url} "
               f"(bot user mentorship-bot, {running.store.tier} tier)")
    click.echo(f"export GITLAB_URL={running.url}")
    # The sandbox's own token, made for this run: printing it is what lets a person use it.
    click.echo(f"export GITLAB_TOKEN={running.token}")
    if created:
        click.echo(f"created {_created_text(created)}")
    click.echo("Ctrl-C stops it.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        running.stop()


def _created_text(created: list[str]) -> str:
    """``6 users, group acme/x, project acme/x/dashboard``: users counted, the rest named."""
    users = sum(item.startswith("user ") for item in created)
    rest = [item for item in created if not item.startswith("user ")]
    return ", ".join(([plural(users, "user")] if users else []) + rest)
