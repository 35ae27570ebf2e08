"""Live through a round on the sandbox: pairs act during the week, the bot sweeps every night.

Everything goes through HTTP: the bot through python-gitlab exactly as in production, the
simulated people through the REST API with their own tokens. Only the clock is the sandbox's.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.demo.personas import DILIGENT, LATE, PRIVATE_MARKER, personas, steps_for
from mentorship_bot.demo.surveys import answer_surveys
from mentorship_bot.demo.variant import Story, demo_program, program_on
from mentorship_bot.model import Pair, Program, Round
from mentorship_bot.runs.sweeping import SweepResult, run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.people import Person

AFTER_DAYS = 14  # the demo sweeps on after the round's end while the end survey is answered


@dataclass(frozen=True)
class Night:
    day: date
    by_status: dict[str, int]  # the lived round's pairs
    written: dict[str, int]
    statuses: dict[str, str] = field(default_factory=dict)  # each pair's status that night


@dataclass
class DemoResult:
    program: Program
    round: Round
    personas: dict[str, str]
    nights: list[Night] = field(default_factory=list)
    last: SweepResult | None = None
    requests: int = 0
    people_actions: int = 0
    private_comments: int = 0  # comments carrying PRIVATE_MARKER: the privacy check's bait
    story: Story = field(default_factory=Story)
    survey_answers: int = 0  # surveys the simulated people answered (ticks, with their tokens)
    survey_comments: int = 0  # their free answers, carrying PRIVATE_MARKER as bait too
    opened_after_end: dict[str, int] = field(default_factory=dict)  # per pair that ended early
    closing_notes: dict[str, int] = field(default_factory=dict)  # read back from GitLab


def run_demo(
    program: Program,
    *,
    seed: int = 7,
    step_days: int = 7,
    on_night: Callable[[Night], None] | None = None,
) -> DemoResult:
    """Sweep the program's first round from its first day to two weeks after its end (the end
    survey's answers come in then), with the demo's endings and rematch (``demo_program``)."""
    round_ = min(program.rounds, key=lambda r: (r.starts, r.slug))
    program, story = demo_program(program, round_)
    pairs = sorted((p for p in program.pairs if p.round == round_.slug), key=lambda p: p.slug)
    fixed = {slug: persona for slug, persona in ((story.goal_met, DILIGENT),
             (story.not_a_fit, LATE), (story.rematch, DILIGENT)) if slug}
    result = DemoResult(program, round_, personas([p.slug for p in pairs], seed, fixed),
                        story=story)
    rng = random.Random(seed)
    stop = round_.ends + timedelta(days=1 + AFTER_DAYS)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        for path in (program.dashboard_project,
                     program.feedback.project if program.feedback else None):
            if path:
                namespace, name = path.rsplit("/", 1)
                sandbox.add_group(namespace)
                Person(sandbox.url, sandbox.token).create_project(namespace, name)
        conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
        people = {}
        for username in program.usernames():
            user = sandbox.store.user_named(username)
            assert user is not None
            people[username] = Person(sandbox.url, user.token)
        day = round_.starts
        while True:
            sandbox.set_clock(datetime.combine(day, time(23, 0), tzinfo=timezone.utc))
            sweep = run_sweep(program_on(program, story, day), day, conn)
            lived = next(r for r in sweep.progress.rounds if r.slug == round_.slug)
            night = Night(day, lived.by_status, sweep.written(),
                          {p.pair: p.status for p in sweep.progress.pairs
                           if p.round == round_.slug})
            result.nights.append(night)
            result.last = sweep
            if on_night:
                on_night(night)
            if day >= stop:
                break
            following = min(day + timedelta(days=step_days),
                            round_.ends + timedelta(days=1) if day <= round_.ends else stop)
            during = day + (following - day) / 2
            sandbox.set_clock(datetime.combine(during, time(12, 0), tzinfo=timezone.utc))
            for pair in pairs:
                if during <= round_.ends:
                    _live(result, program, pair, people, during, rng)
            if program.feedback:
                for username in sorted({n for p in pairs for n in (p.mentee, p.mentor)}):
                    answered, comments = answer_surveys(
                        people[username], username, program.feedback.project, result.personas,
                        during, rng)
                    result.survey_answers += answered
                    result.survey_comments += comments
            day = following
        result.requests = sum(conn.request_counts().values())
        _look_back(result, program, Person(sandbox.url, sandbox.token))
    return result


def _live(result: DemoResult, program: Program, pair: Pair, people: dict[str, Person],
          during: date, rng: random.Random) -> None:
    """What one pair does in the week around ``during``: nothing before its start (a rematch) or
    after it ended."""
    starts = pair.start(result.round)
    if during < starts or (pair.ended is not None and during > pair.ended.on):
        return
    project = f"{program.group}/{result.round.slug}/{pair.slug}"
    mentee, mentor = people[pair.mentee], people[pair.mentor]
    issues = mentee.issues(project)
    for step in steps_for(result.personas[pair.slug], issues, during, starts, rng):
        if step.kind == "tick":
            mentee.tick_tasks(project, step.iid)
        elif step.kind == "comment":
            rng.choice((mentee, mentor)).comment(project, step.iid, step.text)
            result.private_comments += PRIVATE_MARKER in step.text
        else:
            mentee.close(project, step.iid)
        result.people_actions += 1


def _look_back(result: DemoResult, program: Program, admin: Person) -> None:
    """For each pair that ended early, read back from GitLab what the bot did after its end:
    issues opened after the day it ended (must be none) and closing notes on its Progress issue."""
    for pair in program.pairs:
        if pair.round != result.round.slug or pair.ended is None:
            continue
        project = f"{program.group}/{result.round.slug}/{pair.slug}"
        issues = admin.issues(project)
        result.opened_after_end[pair.slug] = sum(
            date.fromisoformat(i["created_at"][:10]) > pair.ended.on for i in issues)
        progress = [i for i in issues if i["title"].startswith("Progress:")]
        result.closing_notes[pair.slug] = sum(
            "This mentorship ended on" in note["body"]
            for i in progress for note in admin.notes(project, i["iid"]))


def leaked_private_text(paths: list[Path]) -> list[Path]:
    """Report files that contain text a pair wrote (must be none)."""
    return [p for p in paths if p.is_file()
            and PRIVATE_MARKER in p.read_text(encoding="utf-8", errors="replace")]
