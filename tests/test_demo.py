"""``mentorship-bot demo``: a whole round of the example program on the in-process sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorship_bot.cli import main
from mentorship_bot.demo.personas import PRIVATE_MARKER

pytestmark = pytest.mark.integration


def test_the_demo_lives_through_a_round(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    nights = summary["nights"]
    assert len(nights) >= 26  # week after week through a six-month round
    assert nights[0]["written"]["create_project"] == 11  # provisioned on the first night
    statuses = {p["status"] for p in summary["pairs"]}
    assert statuses <= {"completed", "ended", "ended-early"} and "completed" in statuses
    behaviours = {p["pair"]: p["behaviour"] for p in summary["pairs"]}
    stalled = next(p for p in summary["pairs"] if p["behaviour"] == "stalls")
    assert stalled["status"] == "ended" and not stalled["certificate"]
    assert any(n["written"].get("escalate_stalled") for n in nights)  # coordinators were told
    assert any(n["written"].get("post_nudge") for n in nights)
    assert sum(n["written"].get("issue_certificate", 0) for n in nights) == sum(
        p["certificate"] for p in summary["pairs"]) > 0
    assert "diligent" in behaviours.values()
    assert summary["private_comments"] > 0  # pairs did write private text into GitLab...
    for path in out.rglob("*"):
        if path.is_file():
            assert PRIVATE_MARKER not in path.read_text()  # the pairs' comments stay theirs
    assert (out / "report.html").is_file() and (out / "certificates").is_dir()
    # The trend: one point a night, kept in the dashboard issue, in report.json and the charts.
    assert summary["trend_points"] == len(nights)
    trend = json.loads((out / "report.json").read_text())["trend"]
    assert [t["day"] for t in trend] == [n["day"] for n in nights]
    assert [t["by_status"] for t in trend][-1]["completed"] == sum(
        p["status"] == "completed" for p in summary["pairs"])
    assert trend[-1]["average_completion_percent"] > trend[0]["average_completion_percent"]
    html = (out / "report.html").read_text()
    assert html.count('<circle class="point"') == len(nights)


def test_the_demo_ends_one_pair_early_and_rematches_another(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    story, rows = summary["story"], {p["pair"]: p for p in summary["pairs"]}
    goal_met, not_a_fit, rematch = rows[story["goal_met"]], rows[story["not_a_fit"]], rows[
        story["rematch"]]
    # The goal-met pair ends early on its day, at or above the threshold: completed, certified.
    assert (goal_met["ended_reason"], goal_met["ends"]) == ("goal-met", "2026-04-27")
    assert goal_met["status"] == "completed" and goal_met["certificate"]
    # The pair that was not a fit ends early below it; its mentee gets a new mentor a week later.
    assert (not_a_fit["ended_reason"], not_a_fit["ends"]) == ("not-a-fit", "2026-03-02")
    assert not_a_fit["status"] == "ended-early" and not not_a_fit["certificate"]
    assert rematch["mentee"] == not_a_fit["mentee"] and rematch["mentor"] != not_a_fit["mentor"]
    assert (rematch["starts"], rematch["ends"]) == ("2026-03-09", "2026-06-30")
    assert rematch["ended_reason"] is None and rematch["status"] == "completed"
    # One closing note each, read back from GitLab, and no issue opened after the end.
    ended = {story["goal_met"], story["not_a_fit"]}
    assert summary["closing_notes"] == {slug: 1 for slug in ended}
    assert summary["opened_after_end"] == {slug: 0 for slug in ended}
    assert sum(n["written"].get("post_closing_note", 0) for n in summary["nights"]) == 2
    first = {n["day"]: n["written"] for n in summary["nights"]}["2026-03-02"]
    assert first.get("create_project") == 1  # the rematch's project, the night it is recorded
    # The rematch is neither overdue nor stalled on its first nights; it is absent before.
    seen = [(n["day"], n["statuses"].get(story["rematch"])) for n in summary["nights"]]
    assert [s for day, s in seen if day < "2026-03-02"] == [None] * 8
    assert {s for day, s in seen if "2026-03-02" <= day <= "2026-03-30"} <= {
        "not-started", "on-track"}
    # Before its day the ended pair is still running; from it on, it stays ended.
    assert "ended-early" not in {n["statuses"][story["not_a_fit"]] for n in summary["nights"]
                                 if n["day"] < "2026-03-02"}
    assert {n["statuses"][story["not_a_fit"]] for n in summary["nights"]
            if n["day"] >= "2026-03-02"} == {"ended-early"}
    assert {n["statuses"][story["goal_met"]] for n in summary["nights"]
            if n["day"] >= "2026-04-27"} == {"completed"}
    # Both pairs of the rematched mentee are in every report, each with its own dates.
    report = json.loads((out / "report.json").read_text())
    lived = next(r for r in report["rounds"] if r["slug"] == summary["round"])
    both = {p["pair"]: (p["starts"], p["ends"], p["status"]) for p in lived["pairs"]
            if p["mentee"] == rematch["mentee"]}
    assert both == {story["not_a_fit"]: ("2026-01-05", "2026-03-02", "ended-early"),
                    story["rematch"]: ("2026-03-09", "2026-06-30", "completed")}
    csv_rows = [line.split(",") for line in (out / "pairs.csv").read_text().splitlines()]
    assert sorted((r[1], r[10], r[11]) for r in csv_rows
                  if r[0] == summary["round"] and r[2] == rematch["mentee"]) == sorted(
        [(story["not_a_fit"], "2026-01-05", "2026-03-02"),
         (story["rematch"], "2026-03-09", "2026-06-30")])
    html = (out / "report.html").read_text()
    for pair, dates in ((not_a_fit, "2026-01-05 to 2026-03-02"),
                        (rematch, "2026-03-09 to 2026-06-30")):
        assert f"<td>{pair['mentee']}</td><td>{pair['mentor']}</td><td>{dates}</td>" in html


def test_the_demo_shows_survey_results_and_the_trend(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    surveys = {s["survey"]: s for s in summary["surveys"]}
    assert surveys == {"midpoint": {"survey": "midpoint", "asked": 10, "responded": 8},
                       "end": {"survey": "end", "asked": 12, "responded": 10}}
    assert summary["survey_answers"] == 18  # the people's ticks, each with their own token
    feedback = json.loads((out / "report.json").read_text())["feedback"]
    for survey in feedback["surveys"]:
        for question in survey["questions"]:  # >= min_responses (5) answered: shown
            assert question["answered"] >= 5
            assert sum(question["distribution"].values()) == question["answered"]
    assert feedback["goal_reached"][summary["round"]]["answered"] > 0
    assert "too few answers to show" not in (out / "report.html").read_text()
    assert "Mean" in (out / "report.md").read_text()
    # The trend carries the answer counts night by night, growing as people answer.
    trend = json.loads((out / "report.json").read_text())["trend"]
    assert trend[-1]["responses"] == {f"{summary['round']}/end": 10,
                                      f"{summary['round']}/midpoint": 8}
    assert not trend[0].get("responses")
    # Free answers went into GitLab as comments, and reached no report file.
    assert summary["survey_comments"] > 0
    for path in out.rglob("*"):
        if path.is_file():
            assert PRIVATE_MARKER not in path.read_text()


def test_the_demo_text_tells_the_story(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--report-dir", str(tmp_path), "--step-days",
                                       "14"])
    assert result.exit_code == 0, result.output
    assert "Sandbox GitLab started" in result.output
    assert "Spring 2026 is over. Pairs:" in result.output
    assert str(tmp_path / "report.html") in result.output
    assert "Trend: 15 nights from 2026-01-05 to 2026-07-15, kept in the dashboard issue" in (
        result.output)
    assert "Ended early: hiro-bashir on 2026-03-02 (not-a-fit), ended-early; 1 closing note, " \
           "0 issues opened after." in result.output
    assert "Ended early: gita-alice on 2026-04-27 (goal-met), completed;" in result.output
    assert "Rematched: hiro with emeka from 2026-03-09 (hiro-emeka), completed." in result.output
    assert "Survey midpoint: 8 of 10 answered" in result.output
    assert "Survey end: 10 of 12 answered" in result.output
