"""Tonight's survey writes and the aggregates, decided from plain data (no HTTP)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

from feedback_samples import ROUND_OF_EIGHT, tick
from program_samples import small_program

from mentorship_bot.feedback.aggregate import TOO_FEW, summarise
from mentorship_bot.feedback.decide import ObservedFeedback, ObservedSurvey, survey_actions
from mentorship_bot.feedback.schedule import all_invites, due_invites
from mentorship_bot.feedback.summary_text import feedback_markdown
from mentorship_bot.feedback.survey_issue import (
    ASKED_LABEL,
    CLOSED_LABEL,
    REMINDED_LABEL,
    survey_description,
)
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.reports import write_reports
from mentorship_bot.sweep.progress import program_progress

PROGRAM = small_program(ROUND_OF_EIGHT)
TEMPLATES = TemplateSet()
MID = date(2026, 2, 15)


def opened(day: date = MID, **ticks: dict[str, tuple[int, ...]]) -> ObservedFeedback:
    """Every midpoint survey as opened on ``day``, with each named person's ticks."""
    surveys = {}
    for number, invite in enumerate(due_invites(PROGRAM, day), start=1):
        marker = invite.marker_id(PROGRAM.slug)
        text = survey_description(TEMPLATES, PROGRAM, invite, day + timedelta(14))
        for question, options in ticks.get(invite.username, {}).items():
            text = tick(text, question, *options)
        surveys[marker] = ObservedSurvey(number, marker, text, ("survey",), "opened", day)
    members = {name: i for i, name in enumerate(
        ("e1", "e2", "e3", "e4", "m1", "m2", "m3", "m4"), start=10)}
    return ObservedFeedback(1, "acme/mentoring-feedback", members, surveys)


def kinds(actions: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for action in actions:
        out[action.kind] = out.get(action.kind, 0) + 1
    return out


def test_the_opening_night_adds_guests_and_opens_one_issue_each() -> None:
    empty = ObservedFeedback(1, "acme/mentoring-feedback", {"m1": 3}, {})
    actions = survey_actions(PROGRAM, MID, empty, TEMPLATES)
    assert kinds(actions) == {"add_member": 7, "create_survey": 8}  # m1 is a member already
    create = next(a for a in actions if a.kind == "create_survey")
    assert create.attribute("assignee") == "e1" and create.attribute("labels") == ("survey",)
    assert survey_actions(PROGRAM, MID, opened(), TEMPLATES) == []  # nothing twice


def test_follow_ups_once_each() -> None:
    ticks = {"e1": {"useful": (1,)}, "e2": {"useful": (1, 2)}}
    day = MID + timedelta(5)
    actions = survey_actions(PROGRAM, day, opened(**ticks), TEMPLATES)
    assert kinds(actions) == {"ask_survey_fix": 1, "remind_survey": 6}
    assert survey_actions(PROGRAM, MID + timedelta(4), opened(**ticks), TEMPLATES)[0].kind \
        == "ask_survey_fix"  # asked at once; reminders wait five days
    labelled = opened(**ticks)
    marked = {m: ObservedSurvey(s.iid, m, s.description,
                                (*s.labels, ASKED_LABEL, REMINDED_LABEL), s.state, s.opened_on)
              for m, s in labelled.surveys.items()}
    done = ObservedFeedback(1, labelled.path, labelled.members, marked)
    assert survey_actions(PROGRAM, day, done, TEMPLATES) == []


def test_closing_on_time_and_only_once() -> None:
    assert kinds(survey_actions(PROGRAM, MID + timedelta(13), opened(), TEMPLATES)) \
        == {"remind_survey": 8}
    assert kinds(survey_actions(PROGRAM, MID + timedelta(14), opened(), TEMPLATES)) \
        == {"close_survey": 8}
    closed = opened()
    again = {m: ObservedSurvey(s.iid, m, s.description, (*s.labels, CLOSED_LABEL), "opened",
                               s.opened_on) for m, s in closed.surveys.items()}
    reopened = ObservedFeedback(1, closed.path, closed.members, again)  # a person reopened it
    assert survey_actions(PROGRAM, MID + timedelta(20), reopened, TEMPLATES) == []


def test_aggregates_equal_a_hand_count_and_hide_small_numbers() -> None:
    ticks = {"e1": {"useful": (3,), "safe": (4,)}, "e2": {"useful": (4,)},
             "e3": {"useful": (2,), "safe": (0, 1)}, "m1": {"useful": (3,)}}
    observed = opened(**ticks)
    summary = summarise(PROGRAM, MID + timedelta(1),
                        {m: s.description for m, s in observed.surveys.items()})
    midpoint = summary.surveys[0]
    assert (midpoint.asked, midpoint.responded) == (8, 4)
    useful, safe = midpoint.questions
    assert (useful.answered, useful.counts, useful.mean, useful.median) == (
        4, (0, 0, 1, 2, 1), 4.0, 4.0)
    assert (safe.answered, safe.shown, safe.counts, safe.mean) == (1, False, (), None)
    assert safe.as_dict()["note"] == TOO_FEW
    text = feedback_markdown(summary, {"spring-2026": "Spring 2026"})
    assert "4 of 8 answered (50%)" in text and TOO_FEW in text
    assert "e1" not in text and "m1" not in text


def test_a_survey_never_opened_counts_nowhere() -> None:
    assert summarise(PROGRAM, MID, {}).surveys == ()


def test_every_report_carries_the_aggregates_and_goal_beside_completion(tmp_path: Path) -> None:
    program = small_program(ROUND_OF_EIGHT)
    day = date(2026, 3, 30)
    descriptions = {}
    for number, invite in enumerate(all_invites(program, day)):
        text = survey_description(TEMPLATES, program, invite, day)
        if invite.survey.key == "end":
            text = tick(text, "goal", number % 3)  # mentees: e1..e4 spread over yes/partly/no
        descriptions[invite.marker_id(program.slug)] = text + "\nCANARY sentence"
    summary = summarise(program, day, descriptions)
    progress = program_progress(program, {}, day)
    write_reports(progress, tmp_path, (), feedback=summary)
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["feedback"]["surveys"][1]["responded"] == 8
    goal = data["rounds"][0]["goal_reached"]
    assert goal["answered"] == 4 and sum(v for k, v in goal.items() if k != "answered") == 4
    markdown = (tmp_path / "report.md").read_text()
    assert "average completion 0%, goal reached:" in markdown
    assert '<section id="feedback">' in (tmp_path / "report.html").read_text()
    metrics = (tmp_path / "metrics.txt").read_text()
    assert 'mentorship_survey_response_ratio{round="spring-2026",survey="end"} 1.0' in metrics
    assert metrics.endswith("# EOF\n") and metrics.count("# EOF") == 1
    rows = list(csv.reader(io.StringIO((tmp_path / "surveys.csv").read_text())))
    assert rows[0][:4] == ["round", "survey", "asked", "responded"]
    assert rows[3:6] == [["spring-2026", "end", "8", "8", "goal", "8", option, str(n), "", ""]
                         for option, n in (("yes", 3), ("partly", 2), ("no", 3))]
    assert rows[6][4:7] == ["recommend", "0", TOO_FEW]
    for path in tmp_path.iterdir():
        assert "CANARY" not in path.read_text(), path
