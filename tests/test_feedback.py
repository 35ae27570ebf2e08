"""Feedback surveys as program data, their schedule, their issue and the ticks read back (pure)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from feedback_samples import FEEDBACK_BLOCK, WITH_FEEDBACK, feedback_program, tick
from program_samples import SMALL

from mentorship_bot.feedback.schedule import due_invites, pair_dates, survey_due
from mentorship_bot.feedback.survey_issue import UNCLEAR, read_answers, survey_description
from mentorship_bot.model import SCALE_LABELS
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet

PROGRAM = feedback_program()


def errors(text: str) -> list[str]:
    _, problems = validate_text(text, "p.yml")
    return [p.format() for p in problems if p.severity == "error"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_feedback_block_becomes_the_model() -> None:
    feedback = PROGRAM.feedback
    assert feedback is not None
    assert (feedback.project, feedback.min_responses, feedback.remind_after_days,
            feedback.close_after_days) == ("acme/mentoring-feedback", 3, 5, 14)
    midpoint, end = feedback.surveys
    assert (midpoint.at, midpoint.after, end.at, end.after) == (0.5, None, None, "final")
    assert midpoint.questions[0].options == SCALE_LABELS  # the default labels
    goal = end.questions[0]
    assert (goal.kind, goal.options) == ("choice", ("yes", "partly", "no"))  # not booleans
    assert end.questions[2].kind == "text" and end.questions[2].options == ()


def test_a_program_without_feedback_has_none() -> None:
    program, _ = validate_text(SMALL, "p.yml")
    assert program is not None and program.feedback is None


@pytest.mark.parametrize(("change", "needle", "message"), [
    (("      at: 50%\n", "      at: 50%\n      after: final\n"), "after: final",
     "give either 'at' or 'after', not both"),
    (("      after: final\n", "      after: finale\n"), "after: finale",
     "no milestone has the key 'finale' (did you mean 'final'?)"),
    (("      at: 50%\n", "      at: 150%\n"), "at: 150%",
     "a share of the pair's time must be above 0% and at most 100%"),
    (("          text: What should change?\n",
      "          text: What should change?\n          scale: And?\n"), "scale: And?",
     "give exactly one of scale, choice or text"),
    (("          options: [yes, partly, no]\n", ""), "choice: Did you",
     "a choice needs its options"),
    (("          scale: How useful are the meetings?\n",
      "          scale: How useful are the meetings?\n          labels: [a, b, c]\n"),
     "labels: [a, b, c]", "a scale has 5 labels, from 1 to 5; got 3"),
    (("        - key: safe\n", "        - key: useful  # again\n"), "# again",
     "a second question with the key 'useful'"),
    (("      who: both\n", "      who: everyone\n"), "who: everyone",
     "expected one of mentee, mentor, both"),
    (("  min_responses: 3\n", "  min_response: 3\n"), "min_response:",
     "unknown key (did you mean 'min_responses'?)"),
])
def test_every_mistake_is_located(change: tuple[str, str], needle: str, message: str) -> None:
    old, new = change
    text = WITH_FEEDBACK.replace(old, new, 1)
    assert text != WITH_FEEDBACK
    found = errors(text)
    assert len(found) == 1, found
    assert found[0].startswith(f"p.yml:{line_of(text, needle)}:"), found
    assert message in found[0]


def test_a_survey_needs_its_moment_and_questions() -> None:
    text = SMALL + FEEDBACK_BLOCK.replace("      at: 50%\n", "").replace(
        "      after: final\n", "      questions: []\n", 0)
    assert any("missing when the survey opens" in e for e in errors(text))
    empty = SMALL + "feedback:\n  project: a/b\n  surveys: []\n"
    assert [e for e in errors(empty) if "expected a list of surveys" in e]


def test_the_feedback_project_is_not_the_dashboard() -> None:
    text = WITH_FEEDBACK.replace(
        "  issue_lead_days: 14\n",
        "  issue_lead_days: 14\n  dashboard_project: acme/mentoring-feedback\n")
    assert any("must not be the dashboard project" in e for e in errors(text))


def test_surveys_fall_due_on_the_pairs_own_dates() -> None:
    spring = PROGRAM.round("spring-2026")
    midpoint, end = PROGRAM.feedback.surveys  # type: ignore[union-attr]
    assert survey_due(PROGRAM, midpoint, spring, spring.starts, spring.ends) == date(2026, 2, 15)
    assert survey_due(PROGRAM, end, spring, spring.starts, spring.ends) == spring.ends
    late = PROGRAM.pairs[0].__class__(mentor="alice", mentee="carol", round="spring-2026",
                                      starts=date(2026, 2, 2))
    starts, ends = pair_dates(PROGRAM, late)
    assert survey_due(PROGRAM, midpoint, spring, starts, ends) == date(2026, 3, 1)


def test_who_is_asked_on_a_date() -> None:
    assert due_invites(PROGRAM, date(2026, 2, 14)) == []
    midpoint = due_invites(PROGRAM, date(2026, 2, 15))
    assert sorted((i.pair.slug, i.role, i.username) for i in midpoint) == [
        ("carol-alice", "mentee", "carol"), ("carol-alice", "mentor", "alice"),
        ("dave-bob", "mentee", "dave"), ("dave-bob", "mentor", "bob")]
    assert len(due_invites(PROGRAM, date(2026, 2, 28))) == 4  # still open: 14 days
    assert due_invites(PROGRAM, date(2026, 3, 1)) == []  # closing day passed: never opened
    mentee_only = feedback_program(WITH_FEEDBACK.replace("who: both", "who: mentee"))
    assert {i.role for i in due_invites(mentee_only, date(2026, 2, 15))} == {"mentee"}


def _description(survey_index: int = 0) -> str:
    invite = next(i for i in due_invites(PROGRAM, date(2026, 3, 29))
              if i.survey.key == ("midpoint", "end")[survey_index])
    return survey_description(TemplateSet(), PROGRAM, invite, date(2026, 4, 12))


def test_the_survey_issue_is_task_lists_with_a_marker_and_no_answer() -> None:
    text = _description(1)
    marker = parse_marker(text)
    assert marker is not None and marker.id == "survey:eng/spring-2026/carol-alice/end/carol"
    assert "- [ ] partly" in text and "What should change?" in text
    assert text.count("- [ ]") == 3 + 5
    assert "your mentor cannot" in text


def test_the_template_neutralises_the_program_text() -> None:
    program = feedback_program(WITH_FEEDBACK.replace(
        "How useful are the meetings?", "'@all /close <b>useful?</b>'"))
    invite = due_invites(program, date(2026, 2, 15))[0]
    text = survey_description(TemplateSet(), program, invite, date(2026, 3, 2))
    assert "@all" not in text and "<b>" not in text


def test_ticks_are_read_back_one_two_or_none() -> None:
    survey = PROGRAM.feedback.surveys[1]  # type: ignore[union-attr]
    text = _description(1)
    assert read_answers(survey, text).ticks == {}
    assert not read_answers(survey, text).responded
    answered = tick(tick(text, "goal", 1), "recommend", 4)
    assert read_answers(survey, answered).ticks == {"goal": 1, "recommend": 4}
    assert read_answers(survey, answered).responded
    twice = tick(answered, "goal", 2)
    answers = read_answers(survey, twice)
    assert answers.ticks["goal"] == UNCLEAR and answers.unclear() == ("goal",)
    assert read_answers(survey, answered.replace("- [x]", "- [X]")).ticks["recommend"] == 4


def test_a_broken_survey_template_is_a_validation_error(tmp_path: Path) -> None:
    (tmp_path / "survey_note.md.j2").write_text("{{ person.nmae }}\n", encoding="utf-8")
    text = WITH_FEEDBACK.replace("  issue_lead_days: 14\n",
                                 "  issue_lead_days: 14\n  templates: tpl\n")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "survey_note.md.j2").rename(tmp_path / "tpl" / "survey_note.md.j2")
    _, problems = validate_text(text, "p.yml", base_dir=tmp_path)
    found = [p.format() for p in problems if p.severity == "error"]
    assert len(found) == 1 and "survey_note.md.j2" in found[0] and "nmae" in found[0], found
    assert found[0].startswith(f"p.yml:{line_of(text, '- key: midpoint')}:")
