"""The intake's room and queue over each pair's own dates (follow-up of issue 13): a pair of an
overlapping round takes a mentor's place in the choice issues and at the tick, an early ending
gives it back, and a request for someone the queue leaves out gets one note. Pure: no HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from intake_samples import INTAKE_TEXT, intake_program, mentors_listed, request_text, tick_mentor
from test_intake import EMPTY, night

from mentorship_bot.intake.decide import REQUEST_KNOWN_LABEL, ObservedRequest, decide_intake
from mentorship_bot.model import Program

DAY = date(2026, 8, 1)
# A summer round runs into autumn's first weeks; m1 (capacity 1) mentors e0 in it.
SUMMER = INTAKE_TEXT.replace(
    "rounds:\n",
    "rounds:\n  - {slug: summer-2026, name: Summer 2026, starts: 2026-06-01, ends: 2026-09-30}\n",
).replace(
    "mentees:\n", "mentees:\n  - {username: e0, name: Eda Zero}\n",
).replace("pairs: []\n", "pairs:\n  - {mentor: m1, mentee: e0, round: summer-2026}\n")


def summer(ending: str = "") -> Program:
    return intake_program(SUMMER.replace(
        "round: summer-2026}", f"round: summer-2026, ended: {{on: 2026-08-20, reason: {ending}}}}}"
        if ending else "round: summer-2026}"))


def listed(program: Program) -> dict[str, list[str]]:
    intake = decide_intake(program, DAY, EMPTY, users={})
    return {a.attribute("assignee"): mentors_listed(a.attribute("description"))
            for a in intake.actions if a.kind == "create_choice"}


def test_a_pair_of_an_overlapping_round_fills_the_mentor_in_the_choice_issues() -> None:
    assert listed(intake_program())["e1"] == ["m1", "m2"]
    # m1's summer pair runs to 2026-09-30, past autumn's first day: m1 has no room in autumn.
    assert listed(summer()) == {"e1": ["m2", "m3"], "e2": ["m2", "m3"], "e3": ["m3", "m2"]}


def test_an_early_ending_before_the_round_gives_the_place_back() -> None:
    assert listed(summer("goal-met"))["e1"] == ["m1", "m2"]
    # e0 met their goal: not in the queue. Ended as not a fit: e0 waits, never again with m1.
    assert "e0" not in listed(summer("goal-met"))
    rematch = listed(summer("not-a-fit"))
    assert rematch["e0"] and "m1" not in rematch["e0"]


def test_a_tick_on_a_mentor_an_overlapping_pair_fills_gets_fresh_candidates() -> None:
    texts = listed_texts(intake_program())
    texts["e1"] = tick_mentor(texts["e1"], "m1")  # ticked before the summer pair was added
    intake = night(texts, DAY, program=summer())
    assert intake.pairs == ()
    [update] = [a for a in intake.actions if a.kind == "update_choice"]
    assert "`m1` has no room left now" in update.attribute("description")
    assert [p.mentor for p in night(texts, DAY, program=summer("left")).pairs] == ["m1"]


def listed_texts(program: Program) -> dict[str, str]:
    intake = decide_intake(program, DAY, EMPTY, users={})
    return {a.attribute("assignee"): a.attribute("description")
            for a in intake.actions if a.kind == "create_choice"}


def test_a_request_for_someone_in_the_file_who_does_not_wait_is_noted_once() -> None:
    request = ObservedRequest(21, "e0", date(2026, 7, 30), request_text(""), ())
    intake = decide_intake(summer(), DAY, replace(EMPTY, requests=(request,)), users={})
    [note] = [a for a in intake.actions if a.attribute("iid") == 21]
    assert note.kind == "note_request" and note.attribute("label") == REQUEST_KNOWN_LABEL
    assert "not in the queue" in note.attribute("body") and intake.mentees == ()
    noted = replace(request, labels=(REQUEST_KNOWN_LABEL,))
    again = decide_intake(summer(), DAY, replace(EMPTY, requests=(noted,)), users={})
    assert [a for a in again.actions if a.attribute("iid") == 21] == []
    # Once they wait (here: their pair ended as not a fit), the request closes.
    waits = decide_intake(summer("not-a-fit"), DAY, replace(EMPTY, requests=(noted,)), users={})
    assert [a.kind for a in waits.actions if a.attribute("iid") == 21] == ["close_request"]
