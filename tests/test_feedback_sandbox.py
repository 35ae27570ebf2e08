"""Surveys on the sandbox: a round whose people answer with their own tokens (some late, one with
two ticks, some never); reminders once, closing on time, aggregates equal to a hand count and
suppressed under the minimum, nobody reading anyone else's survey, no answer's text anywhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import gitlab
import pytest
from click.testing import CliRunner
from feedback_samples import ROUND_OF_EIGHT, tick
from program_samples import small_program

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.cli import main
from mentorship_bot.model import Program
from mentorship_bot.runs import surveying
from mentorship_bot.runs.sweeping import SweepResult, run_sweep
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
FEEDBACK = "acme/mentoring-feedback"
CANARY = "CANARY-7f3a9 my mentor never listens to me"
PEOPLE = ("e1", "e2", "e3", "e4", "m1", "m2", "m3", "m4")


@pytest.fixture
def world() -> Iterator[tuple[Sandbox, Program]]:
    program = small_program(ROUND_OF_EIGHT)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        sandbox.add_project("acme/mentoring/dashboard")
        sandbox.add_project(FEEDBACK)
        yield sandbox, program


def at(sandbox: Sandbox, day: date, hour: int) -> None:
    sandbox.set_clock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.utc))


def sweep(sandbox: Sandbox, program: Program, day: date) -> SweepResult:
    at(sandbox, day, 23)
    conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
    result = run_sweep(program, day, conn)
    assert result.failed() == (), [o.error for o in result.failed()]
    return result


def client(sandbox: Sandbox, username: str) -> gitlab.Gitlab:
    user = sandbox.store.user_named(username)
    assert user is not None
    return gitlab.Gitlab(sandbox.url, private_token=user.token)


def own_survey(sandbox: Sandbox, username: str, survey: str) -> Any:
    """The person's own survey issue, found through their own token."""
    project = client(sandbox, username).projects.get(FEEDBACK)
    found = [i for i in project.issues.list(get_all=True, state="all")
             if f"/{survey}/{username}" in i.description]
    assert len(found) == 1, [i.title for i in found]
    return found[0]


def answer(sandbox: Sandbox, username: str, survey: str, ticks: dict[str, tuple[int, ...]],
           comment: str | None = CANARY) -> None:
    issue = own_survey(sandbox, username, survey)
    text = issue.description
    for question, options in ticks.items():
        text = tick(text, question, *options)
    issue.description = text
    issue.save()
    if comment:
        issue.notes.create({"body": f"{comment} ({username})"})


def kinds(result: SweepResult) -> dict[str, int]:
    return result.surveys.counts()


def bot_notes(sandbox: Sandbox, username: str, survey: str) -> list[str]:
    issue = own_survey(sandbox, username, survey)
    return [n.body for n in issue.notes.list(get_all=True)
            if n.author["username"] != username and not n.system]


def count_summaries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the sweep summarises the surveys (a list holding the count)."""
    counted = [0]
    real = surveying.summarise

    def summarise(*args: Any) -> Any:
        counted[0] += 1
        return real(*args)

    monkeypatch.setattr(surveying, "summarise", summarise)
    return counted


def test_a_round_of_surveys(world: tuple[Sandbox, Program],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox, program = world
    mid, end = date(2026, 2, 15), date(2026, 3, 29)

    # The midpoint: eight people become Guests and get their own confidential issue.
    sweep(sandbox, program, mid - (date(2026, 2, 15) - date(2026, 2, 14)))
    sandbox.reset_stats()
    opened = sweep(sandbox, program, mid)
    assert kinds(opened) == {"add_member": 8, "create_survey": 8}
    endpoints = sandbox.stats()["requests_by_endpoint"]
    feedback = sandbox.store.by_path(FEEDBACK)
    assert feedback is not None
    # Their ids in one GraphQL query, none looked up one by one; all eight in one request by
    # user id; the members read once (who is in already), the survey issues in one list.
    assert endpoints.get("POST /api/v4/projects/:id/members") == 1, endpoints
    assert endpoints.get("POST /api/graphql") == 2, endpoints  # and the pairs' members
    assert "GET /api/v4/users" not in endpoints, endpoints
    assert endpoints.get("GET /api/v4/projects/:id/members/all") == 1, endpoints
    assert opened.feedback.surveys[0].asked == 8 and opened.feedback.surveys[0].responded == 0
    assert kinds(sweep(sandbox, program, mid)) == {}  # a second run writes nothing

    # The next day most answer; e4 ticks two boxes on one question; m2, m3, m4 wait.
    at(sandbox, date(2026, 2, 16), 10)
    answer(sandbox, "e1", "midpoint", {"useful": (3,), "safe": (4,)})
    answer(sandbox, "e2", "midpoint", {"useful": (4,), "safe": (3,)})
    answer(sandbox, "e3", "midpoint", {"useful": (2,), "safe": (4,)})
    answer(sandbox, "m1", "midpoint", {"useful": (3,), "safe": (2,)}, comment=None)
    answer(sandbox, "e4", "midpoint", {"useful": (1, 4), "safe": (4,)})
    asked = sweep(sandbox, program, date(2026, 2, 16))
    assert kinds(asked) == {"ask_survey_fix": 1}
    assert "Question 1 has more than one box ticked" in bot_notes(sandbox, "e4", "midpoint")[0]
    sandbox.reset_stats()
    summaries = count_summaries(monkeypatch)
    assert kinds(sweep(sandbox, program, date(2026, 2, 17))) == {}  # asked once only
    assert summaries == [1]  # every survey's answers parsed once a night
    endpoints = sandbox.stats()["requests_by_endpoint"]
    # A night that opens no survey reads the survey issues alone, not the members.
    assert "GET /api/v4/projects/:id/members/all" not in endpoints, endpoints
    assert endpoints["GET /api/v4/projects/:id/issues"] == 2, endpoints  # dashboard, surveys

    # Five days after opening: one reminder each to the three who answered nothing.
    reminded = sweep(sandbox, program, date(2026, 2, 20))
    assert kinds(reminded) == {"remind_survey": 3}
    assert {a.target.rsplit("/", 1)[1] for a in reminded.surveys.writes()} == {"m2", "m3", "m4"}
    assert kinds(sweep(sandbox, program, date(2026, 2, 21))) == {}  # a reminder, once

    # m2 answers late; e4 fixes the double tick (leaves only the second); m3, m4 never answer.
    at(sandbox, date(2026, 2, 22), 9)
    answer(sandbox, "m2", "midpoint", {"useful": (1,), "safe": (3,)})
    issue = own_survey(sandbox, "e4", "midpoint")
    issue.description = issue.description.replace("- [x] 2", "- [ ] 2", 1)
    issue.save()
    assert kinds(sweep(sandbox, program, date(2026, 2, 28))) == {}

    # Fourteen days after opening, every open survey closes itself, once.
    closed = sweep(sandbox, program, date(2026, 3, 1))
    assert kinds(closed) == {"close_survey": 8}
    assert kinds(sweep(sandbox, program, date(2026, 3, 2))) == {}
    assert own_survey(sandbox, "m3", "midpoint").state == "closed"
    assert len(bot_notes(sandbox, "m3", "midpoint")) == 2  # the reminder and the closing

    # The hand count: useful = e1 4, e2 5, e3 3, m1 4, e4 5, m2 2; safe = 5, 4, 5, 3, 5, 4.
    summary = closed.feedback.surveys[0]
    assert (summary.asked, summary.responded) == (8, 6)
    useful, safe = summary.questions
    assert useful.counts == (0, 1, 1, 2, 2) and useful.answered == 6
    assert (useful.mean, useful.median) == (3.83, 4.0)
    assert safe.counts == (0, 0, 1, 2, 3) and (safe.mean, safe.median) == (4.33, 4.5)

    # The end survey: two answers, under the minimum of three: nothing but the counts shows.
    sweep(sandbox, program, end)
    at(sandbox, date(2026, 3, 30), 10)
    answer(sandbox, "e1", "end", {"goal": (0,), "recommend": (4,)})
    answer(sandbox, "e2", "end", {"goal": (1,), "recommend": (3,)})
    later = sweep(sandbox, program, date(2026, 3, 30))
    end_summary = later.feedback.surveys[1]
    assert (end_summary.asked, end_summary.responded) == (8, 2)
    assert not any(q.shown for q in end_summary.questions)
    assert end_summary.as_dict()["questions"][0] == {
        "key": "goal", "kind": "choice", "question": "Did you reach your goal?", "answered": 2,
        "note": "too few answers to show"}
    goal = later.feedback.goal("spring-2026")
    assert goal is not None and goal.as_dict() == {"answered": 2,
                                                   "note": "too few answers to show"}
    assert CANARY not in repr(later)


def test_nobody_reads_anyone_elses_survey(world: tuple[Sandbox, Program]) -> None:
    sandbox, program = world
    sweep(sandbox, program, date(2026, 2, 15))
    iids = {name: own_survey(sandbox, name, "midpoint").iid for name in PEOPLE}
    for name in PEOPLE:
        project = client(sandbox, name).projects.get(FEEDBACK)
        seen = project.issues.list(get_all=True, state="all")
        assert [i.iid for i in seen] == [iids[name]], name  # their own, not their partner's
        for other, iid in iids.items():
            if other != name:
                with pytest.raises(gitlab.exceptions.GitlabGetError) as info:
                    project.issues.get(iid)
                assert info.value.response_code == 404
                with pytest.raises(gitlab.exceptions.GitlabError):
                    project.issues.get(iid, lazy=True).notes.list(get_all=True)
    bot = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    members = {m.username: m.access_level
               for m in bot.projects.get(FEEDBACK).members.list(get_all=True)}
    assert {name: members.get(name) for name in PEOPLE} == dict.fromkeys(PEOPLE, 10)  # Guests


def test_no_answer_text_reaches_a_report_the_dashboard_or_a_log(
        world: tuple[Sandbox, Program], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sandbox, program = world
    path = tmp_path / "program.yml"
    path.write_text(ROUND_OF_EIGHT, encoding="utf-8")
    env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
    sweep(sandbox, program, date(2026, 2, 15))
    at(sandbox, date(2026, 2, 16), 10)
    for name, useful in zip(PEOPLE, (0, 1, 2, 3, 4, 4, 3), strict=False):
        answer(sandbox, name, "midpoint", {"useful": (useful,), "safe": (2,)})
    issue = own_survey(sandbox, "m4", "midpoint")  # one writes the sentence into the issue too
    issue.description = issue.description.replace("### 2.", f"{CANARY}\n\n### 2.")
    issue.save()

    caplog.set_level(logging.DEBUG)
    reports = tmp_path / "public"
    outputs = []
    for args in (["-vv", "sweep", str(path), "--today", "2026-02-16", "--report-dir",
                  str(reports)],
                 ["-vv", "report", str(path), "--today", "2026-02-16", "--report-dir",
                  str(reports / "again"), "--format", "json"]):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    files = sorted(p for p in reports.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {"report.json", "report.md", "report.html", "pairs.csv",
                                        "metrics.txt", "surveys.csv"}
    bot = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    dashboard = bot.projects.get("acme/mentoring/dashboard").issues.list(get_all=True)[0]
    texts = {str(p): p.read_text(encoding="utf-8") for p in files}
    texts |= {"dashboard": dashboard.description, "log": caplog.text,
              **{f"output {i}": out for i, out in enumerate(outputs)}}
    assert "How useful are the meetings?" in texts["dashboard"]  # the aggregates are there
    assert "7 of 8 answered" in texts[str(reports / "report.md")]
    assert '"responded": 7' in texts[str(reports / "report.json")]
    for where, text in texts.items():
        assert "CANARY-7f3a9" not in text, where
        assert "never listens" not in text, where
    # No one person's rating: each question shows counts over at least three answers.
    data = json.loads(texts[str(reports / "report.json")])
    for survey in data["feedback"]["surveys"]:
        for question in survey["questions"]:
            assert question["answered"] >= 3 or "distribution" not in question


def test_a_feedback_project_inside_the_program_group_changes_nothing_else() -> None:
    """Its survey issues then also come in the group's bulk issue list: no pair counts them."""
    program = small_program(ROUND_OF_EIGHT.replace(FEEDBACK, "acme/mentoring/feedback"))
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        sandbox.add_project("acme/mentoring/dashboard")
        sandbox.add_project("acme/mentoring/feedback")
        first = sweep(sandbox, program, date(2026, 2, 15))
        assert first.surveys.counts() == {"add_member": 8, "create_survey": 8}
        again = sweep(sandbox, program, date(2026, 2, 15))
        assert again.provision.writes() == () and again.updates.writes() == ()
        assert again.surveys.writes() == ()
        assert [p.total for p in again.progress.pairs] == [p.total for p in first.progress.pairs]
        assert len(again.progress.pairs) == 4
