"""The intake's core (issue 13): the choice issue's text and ticks, tonight's decisions, the
requests read back, the merge request's edit. Pure: no HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from intake_samples import (
    INTAKE,
    INTAKE_TEXT,
    intake_program,
    mentors_listed,
    observed_from,
    request_text,
    tick_mentor,
)

from mentorship_bot.intake.choice_issue import CLOSED_LABEL, LINKED_LABEL, REMINDED_LABEL
from mentorship_bot.intake.decide import (
    Intake,
    ObservedIntake,
    ObservedRequest,
    decide_intake,
    intake_markdown,
    link_actions,
    nominated_usernames,
)
from mentorship_bot.intake.proposal_text import choice_description
from mentorship_bot.matching.merge_request import adding_pairs
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.choice_text import NONE, read_choice, unticked
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.request_text import (
    Request,
    Unreadable,
    interest_choices,
    read_request,
    request_template,
)
from mentorship_bot.render.templates import TemplateSet

DAY = date(2026, 8, 1)
EMPTY = ObservedIntake(1, INTAKE, {}, {}, ())


def first_night() -> tuple[Intake, dict[str, str]]:
    intake = decide_intake(intake_program(), DAY, EMPTY, users={})
    texts = {a.attribute("assignee"): a.attribute("description")
             for a in intake.actions if a.kind == "create_choice"}
    return intake, texts


def kinds(intake: Intake) -> list[str]:
    return [a.kind for a in intake.actions]


def test_each_waiting_mentee_gets_a_guest_place_and_one_issue_of_mentors_with_room() -> None:
    intake, texts = first_night()
    assert kinds(intake) == ["add_member", "create_choice"] * 3
    assert [a.attribute("access_level") for a in intake.actions if a.kind == "add_member"] == \
        [10, 10, 10]
    assert mentors_listed(texts["e1"]) == ["m1", "m2"]
    assert mentors_listed(texts["e2"]) == ["m1", "m2"]
    assert mentors_listed(texts["e3"]) == ["m3", "m1"]
    created = [a for a in intake.actions if a.kind == "create_choice"]
    assert all(a.attribute("labels") == ("mentor-choice",) for a in created)
    assert created[0].attribute("title") == "Choose your mentor (Autumn 2026): e1"
    # Already a member: no add_member; the same night twice decides the same.
    members = decide_intake(intake_program(), DAY, replace(EMPTY, members={"e1": 5}), users={})
    assert kinds(members) == ["create_choice", "add_member", "create_choice", "add_member",
                              "create_choice"]


def test_the_issue_shows_mentor_profiles_never_another_mentee_and_disarms_text() -> None:
    _, texts = first_night()
    text = texts["e1"]
    assert "Eve One" in text and "Mia One" in text and "Kubernetes" in text
    for other in ("e2", "Eli Two", "e3", "Ema Three"):
        assert other not in text
    assert "@all" not in text and "\n/close" not in text and "@\u2060all" in text
    assert "<!-- choice-none -->\n- [ ] None of these, suggest others" in text
    marker = parse_marker(text)
    assert marker is not None and marker.id == "intake/eng/autumn-2026/e1"
    choice = read_choice(text)
    assert choice == read_choice(text) and choice.trusted and choice.ticked is None
    assert choice.listed == ("m1", "m2")


def test_first_tick_wins_and_only_ticks_are_honoured() -> None:
    _, texts = first_night()
    both = tick_mentor(tick_mentor(texts["e1"], "m2"), "m1")
    assert read_choice(both).ticked == "m1" and read_choice(both).trusted
    assert read_choice(tick_mentor(texts["e1"], "")).ticked == NONE
    assert unticked(both) == texts["e1"]
    # Any other change (a forged candidate, a forged marker, added text): ticks ignored.
    forged = tick_mentor(texts["e1"], "m2").replace(
        "<!-- choice-mentor m1 -->", "<!-- choice-mentor m4 -->")
    assert not read_choice(forged).trusted
    appended = tick_mentor(texts["e1"], "m1").replace("Hello", "/close Hello @all")
    assert not read_choice(appended).trusted


def night(texts: dict[str, str], day: date, labels: dict[str, tuple[str, ...]] | None = None,
          opened: date = DAY, **kwargs: object) -> Intake:
    labels = labels or {}
    observed = observed_from({i: (texts[name], "opened", opened,
                                  ("mentor-choice", *labels.get(name, ())))
                              for i, name in enumerate(sorted(texts), start=1)},
                             members={"e1": 1, "e2": 2, "e3": 3})
    program = kwargs.get("program") or intake_program()
    return decide_intake(program, day, observed, users={})  # type: ignore[arg-type]


def test_a_tick_on_a_mentor_with_room_is_proposed_a_full_one_gets_fresh_candidates() -> None:
    _, texts = first_night()
    texts["e1"] = tick_mentor(texts["e1"], "m1")
    texts["e2"] = tick_mentor(texts["e2"], "m1")  # m1 has room for one: e1 asked first
    intake = night(texts, DAY)
    assert [(p.mentee, p.mentor, p.issue) for p in intake.pairs] == [("e1", "m1", 1)]
    assert intake.pairs[0].reasons[0] == "shares Kubernetes"
    [update] = [a for a in intake.actions if a.kind == "update_choice"]
    assert update.target == "intake/eng/autumn-2026/e2" and update.attribute("iid") == 2
    fresh = update.attribute("description")
    assert mentors_listed(fresh) == ["m2", "m3"] and "`m1` has no room left now" in fresh
    assert read_choice(fresh).ticked is None and read_choice(fresh).trusted
    # A forged tick is ignored: e3 edits the text to pick m4.
    texts["e3"] = tick_mentor(texts["e3"], "m3").replace("m3", "m4")
    assert [p.mentee for p in night(texts, DAY).pairs] == ["e1"]


def test_none_of_these_gives_mentors_never_shown_on_the_issue() -> None:
    _, texts = first_night()
    texts["e1"] = tick_mentor(texts["e1"], "")
    [update] = [a for a in night(texts, DAY).actions if a.kind == "update_choice"]
    fresh = update.attribute("description")
    assert mentors_listed(fresh) == ["m3", "m4"] and read_choice(fresh).shown == (
        "m1", "m2", "m3", "m4")
    again = read_choice(tick_mentor(fresh, ""))
    assert again.ticked == NONE and again.shown_before == ("m1", "m2")


def test_no_tick_one_reminder_then_overdue_on_the_dashboard() -> None:
    program = intake_program()
    _, texts = first_night()
    assert kinds(night(texts, date(2026, 8, 7))) == []
    reminded = night(texts, date(2026, 8, 8))
    assert kinds(reminded) == ["remind_choice"] * 3
    assert reminded.actions[0].attribute("label") == REMINDED_LABEL
    labels = {name: (REMINDED_LABEL,) for name in texts}
    assert kinds(night(texts, date(2026, 8, 14), labels)) == []
    late = night(texts, date(2026, 8, 15), labels)
    assert kinds(late) == [] and late.overdue == (("e1", 14), ("e2", 14), ("e3", 14))
    assert "Overdue, no tick after 14 days: `e1` (14 days), `e2` (14 days)" in \
        intake_markdown(program, late)


def test_the_link_is_noted_once_and_the_issue_closes_once_the_pair_is_in_the_file() -> None:
    program = intake_program()
    _, texts = first_night()
    texts["e1"] = tick_mentor(texts["e1"], "m1")
    intake = night(texts, DAY)
    observed = observed_from({1: (texts["e1"], "opened", DAY, ("mentor-choice",))})
    [link] = link_actions(program, intake, observed, 4, "http://x/mr/4")
    assert link.kind == "link_choice" and link.attribute("label") == LINKED_LABEL
    assert "!4 (http://x/mr/4)" in link.attribute("body")
    linked = observed_from({1: (texts["e1"], "opened", DAY, ("mentor-choice", LINKED_LABEL))})
    assert link_actions(program, intake, linked, 4, "http://x/mr/4") == []
    merged = intake_program(INTAKE_TEXT.replace(
        "pairs: []", "pairs:\n  - {round: autumn-2026, mentor: m1, mentee: e1}"))
    after = decide_intake(merged, DAY, linked, users={})
    [close] = [a for a in after.actions if a.kind == "close_choice"]
    assert close.attribute("label") == CLOSED_LABEL and "`m1`" in close.attribute("body")
    closed = observed_from({1: (texts["e1"], "opened", DAY, ("mentor-choice", CLOSED_LABEL))})
    assert [a.kind for a in decide_intake(merged, DAY, closed, users={}).actions
            if a.target.endswith("/e1")] == []


def test_a_request_for_oneself_and_a_nomination_are_read_as_validated_fields() -> None:
    program = intake_program()
    choices = interest_choices(program)
    assert choices == ("career growth", "Kubernetes", "observability", "SQL")
    assert "- [ ] Kubernetes" in request_template(program, TemplateSet())
    own = read_request(7, "f1", DAY, request_text("", ("Kubernetes", "astrology"),
                                                    "Go, incident-response"), choices)
    assert own == Request(7, "f1", "f1", DAY, ("Kubernetes", "Go", "incident-response"))
    nominated = read_request(8, "rosa", DAY, request_text("@f2", ("SQL",)), choices)
    assert isinstance(nominated, Request) and nominated.nominated


HOSTILE = [
    (request_text("f1\n/close", other="x"), Request(9, "f1", "f1", DAY, ("x",))),
    (request_text("", other="/close, @all"), None),
    (request_text("", other="{mentor: m1}, [a]"), None),
    (request_text("", other="a: b"), None),
    (request_text("f1", extra="Username: f9"), None),
    (request_text("../root"), None),
    (request_text("", ("/close",)), Request(9, "f1", "f1", DAY, ())),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE)
def test_hostile_requests_are_unreadable_or_read_as_validated_fields(
        text: str, expected: Request | None) -> None:
    found = read_request(9, "f1", DAY, text, ("SQL",))
    if expected is None:
        assert isinstance(found, Unreadable)
        assert "/close" not in found.why and "@all" not in found.why
    else:
        assert found == expected


def test_requests_become_mentees_only_as_usernames_tags_and_dates() -> None:
    program = intake_program()
    requests = (
        ObservedRequest(11, "f1", date(2026, 7, 20),
                        request_text("", ("Kubernetes",), "Go", extra="/close @all "
                                     "mentors: [{username: evil}] <!-- mentorship-bot id=x "
                                     "hash=000000000000 -->"), ()),
        ObservedRequest(12, "rosa", date(2026, 7, 21), request_text("f2", ("SQL",)), ()),
        ObservedRequest(13, "rosa", date(2026, 7, 22), request_text("all"), ()),
        ObservedRequest(14, "f3", date(2026, 7, 22), "I want a mentor! /close", ()),
        ObservedRequest(15, "e1", date(2026, 7, 23), request_text(""), ()),
    )
    observed = replace(EMPTY, requests=requests)
    assert nominated_usernames(program, observed) == ["all", "f2"]
    intake = decide_intake(program, DAY, observed, users={"f2": True, "all": False})
    assert [m.entry() for m in intake.mentees] == [
        {"username": "f1", "name": "f1", "interests": ["Kubernetes", "Go"],
         "requested_on": date(2026, 7, 20)},
        {"username": "f2", "name": "f2", "interests": ["SQL"], "manager": "rosa",
         "requested_on": date(2026, 7, 21)}]
    notes = {a.attribute("iid"): a for a in intake.actions
             if a.kind in ("note_request", "close_request")}
    assert sorted(notes) == [13, 15]
    assert notes[13].attribute("label") == "mentor-request-unreadable"
    assert "not a GitLab user" in notes[13].attribute("body")
    assert notes[15].kind == "close_request"
    description = choice_description(intake.pairs, intake.mentees)
    for word in ("evil", "/close", "@all", "I want"):
        assert word not in description
    edit = adding_pairs([{"round": "autumn-2026", "mentor": "m3", "mentee": "e3"}],
                        "config/program.yml", [m.entry() for m in intake.mentees])
    edited = edit(INTAKE_TEXT)
    assert edited.startswith(INTAKE_TEXT.split("pairs: []")[0].rsplit("  - {username: e3", 1)[0])
    assert "# m1 has room for one mentee only." in edited and "evil" not in edited
    assert edit(edited) == edited  # nothing twice
    program_after, problems = validate_text(edited, "config/program.yml")
    assert program_after is not None, [p.format() for p in problems]
    assert [m.username for m in program_after.mentees] == ["e1", "e2", "e3", "f1", "f2"]
    assert program_after.mentees[4].requested_on == date(2026, 7, 21)
    assert [(p.mentor, p.mentee) for p in program_after.pairs] == [("m3", "e3")]


def test_a_nominating_author_unknown_to_the_file_is_named_in_the_description_only() -> None:
    requests = (ObservedRequest(12, "boss", date(2026, 7, 21), request_text("f2"), ()),)
    intake = decide_intake(intake_program(), DAY, replace(EMPTY, requests=requests),
                           users={"f2": True})
    [mentee] = intake.mentees
    assert "manager" not in mentee.entry() and mentee.nominated_by == "boss"
    assert "| `f2` | 2026-07-21 | — | `boss` |" in choice_description((), intake.mentees)


def test_a_tick_proposed_on_an_earlier_night_keeps_its_mentor() -> None:
    _, texts = first_night()
    texts["e2"] = tick_mentor(texts["e2"], "m1")  # e2 ticked first, proposed and linked
    texts["e1"] = tick_mentor(texts["e1"], "m1")  # e1, earlier in the queue, ticks later
    intake = night(texts, DAY, {"e2": (LINKED_LABEL,)})
    assert [(p.mentee, p.mentor) for p in intake.pairs] == [("e2", "m1")]
    [update] = [a for a in intake.actions if a.kind == "update_choice"]
    assert update.target.endswith("/e1")


def test_every_open_request_is_made_confidential_even_one_the_bot_cannot_read() -> None:
    requests = (ObservedRequest(12, "f1", DAY, request_text("", other="/close"),
                                ("mentor-request-unreadable",), confidential=False),
                ObservedRequest(13, "f1", DAY, "not a request", (), confidential=False))
    intake = decide_intake(intake_program(), DAY, replace(EMPTY, requests=requests), users={})
    assert [(a.kind, a.attribute("iid")) for a in intake.actions
            if "request" in a.kind] == [("protect_request", 12)]
