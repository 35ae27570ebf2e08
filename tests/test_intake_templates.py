"""The intake's texts come from templates a program may replace (issue 13): the choice issue, the
notes on it and the notes on requests. The words change, the tick is still read back, and an
override that would lose a tick, or not render, is refused by validate with its place. Pure: no
HTTP."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intake_samples import INTAKE, INTAKE_TEXT, intake_program, observed_from

from mentorship_bot.intake.choice_issue import REMINDED_LABEL
from mentorship_bot.intake.decide import ObservedIntake, decide_intake
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.choice_text import read_choice
from mentorship_bot.render.person_context import CHOICE_TEMPLATES
from mentorship_bot.render.templates import BUILTIN_TEMPLATE_DIR, TemplateSet

DAY = date(2026, 8, 1)
EMPTY = ObservedIntake(1, INTAKE, {}, {}, ())

# A coordinator's own wording: another greeting, the profile on one line, no department.
CHOICE = """\
Hi {{ mentee.name }}! {{ round.name }} starts soon. Pick one ({{ choose_within_days }} days):
{% if note == "no_room" %}
Sorry, {{ gone }} is full.
{% endif %}
{% for mentor in candidates %}
<!-- choice-mentor {{ mentor.username }} -->
* [ ] {{ mentor.name }}, {{ mentor.skills | join(" and ") }} ({{ mentor.bio }})
{% endfor %}
{% if candidates %}
<!-- choice-none -->
* [ ] Someone else, please
{% endif %}
"""
NOTE = """\
{% if note == "reminder" %}
Still deciding, {{ mentee.name }}? {{ choose_within_days }} days left.
{% elif note == "proposed" %}
{{ mentor }} it is: see !{{ merge_request.iid }}.
{% elif note in ("paired", "withdrawn") %}
Done in {{ round.name }}, {{ mentee.name }}{{ " with " ~ mentor if mentor else "" }}.
{% else %}
New list above.
{% endif %}
"""


def _with_templates(tmp_path: Path, files: dict[str, str]) -> tuple[str, Path]:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md.j2").write_text(text, encoding="utf-8")
    text = INTAKE_TEXT.replace("  dashboard_project:", "  templates: tpl\n  dashboard_project:")
    return text, tmp_path


def _tick(description: str, username: str) -> str:
    """The box right after ``<!-- choice-mentor USERNAME -->`` ticked, whatever its bullet."""
    lines = description.split("\n")
    at = lines.index(f"<!-- choice-mentor {username} -->") + 1
    lines[at] = lines[at].replace("[ ]", "[x]", 1)
    return "\n".join(lines)


def _program(tmp_path: Path, files: dict[str, str]) -> Program:
    text, base = _with_templates(tmp_path, files)
    program, problems = validate_text(text, "p.yml", base_dir=base)
    assert program is not None, [p.format() for p in problems]
    return program


def test_the_built_in_templates_exist_and_are_documented() -> None:
    readme = (BUILTIN_TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    for name in (*CHOICE_TEMPLATES, "request_note", "request_form"):
        assert (BUILTIN_TEMPLATE_DIR / f"{name}.md.j2").is_file()
        assert f"`{name}.md.j2`" in readme
    for variable in ("mentee", "candidates[i].username", "candidates[i].reasons",
                     "choose_within_days", "note", "gone", "mentor", "merge_request.iid",
                     "username", "why", "interests"):
        assert f"`{variable}" in readme, variable


def test_a_reworded_choice_issue_is_written_and_its_ticks_read_back(tmp_path: Path) -> None:
    program = _program(tmp_path, {"choice": CHOICE, "choice_note": NOTE})
    intake = decide_intake(program, DAY, EMPTY, users={})
    texts = {a.attribute("assignee"): a.attribute("description")
             for a in intake.actions if a.kind == "create_choice"}
    text = texts["e1"]
    assert text.startswith("Hi Eve One! Autumn 2026 starts soon. Pick one (7 days):")
    assert "* [ ] Mia One, Kubernetes and observability (Runs on-call. @\u2060all" in text
    assert "\n/close" not in text  # what a mentor wrote stays words, never a quick action
    assert read_choice(text).listed == ("m1", "m2") and read_choice(text).trusted
    # m1 ticked by e1 and e2, with room for one: e1 (first in the queue) gets m1 and e2 the
    # override's "full" wording, on the description and in the note.
    observed = observed_from({1: (_tick(texts["e1"], "m1"), "opened", DAY,
                                  ("mentor-choice",)),
                              2: (_tick(texts["e2"], "m1"), "opened", DAY,
                                  ("mentor-choice",))})
    later = decide_intake(program, DAY, observed, users={})
    assert [p.mentee for p in later.pairs] == ["e1"]
    renewed = [a for a in later.actions if a.kind == "update_choice"]
    assert len(renewed) == 1 and "Sorry, m1 is full." in renewed[0].attribute("description")
    assert renewed[0].attribute("body") == "New list above."


def test_the_reminder_note_uses_the_override(tmp_path: Path) -> None:
    program = _program(tmp_path, {"choice_note": NOTE})
    texts = {a.attribute("assignee"): a.attribute("description")
             for a in decide_intake(program, DAY, EMPTY, users={}).actions
             if a.kind == "create_choice"}
    observed = observed_from({1: (texts["e1"], "opened", DAY, ("mentor-choice",))})
    week = decide_intake(program, date(2026, 8, 8), observed, users={})
    reminder = next(a for a in week.actions if a.kind == "remind_choice")
    assert reminder.attribute("body") == "Still deciding, Eve One? 7 days left."
    assert reminder.attribute("label") == REMINDED_LABEL
    # the built-in choice text is untouched by a note override
    assert texts["e1"].startswith("Hello Eve One, you are waiting for a mentor in Autumn 2026.")


def _errors(tmp_path: Path, files: dict[str, str]) -> list[str]:
    text, base = _with_templates(tmp_path, files)
    _, problems = validate_text(text, "p.yml", base_dir=base)
    return [p.format() for p in problems if p.severity == "error"]


def test_an_override_that_would_lose_a_tick_is_refused_with_its_place(tmp_path: Path) -> None:
    line = INTAKE_TEXT.splitlines().index("  dashboard_project: acme/mentoring/dashboard") + 1
    without_lines = CHOICE.replace("<!-- choice-mentor {{ mentor.username }} -->\n", "")
    found = _errors(tmp_path, {"choice": without_lines})
    assert len(found) == 1 and found[0].startswith(f"p.yml:{line}:"), found
    assert "choice.md.j2" in found[0] and "<!-- choice-mentor USERNAME -->" in found[0]
    # the hidden line there, but the box far from it (after "None of these"' line)
    moved = CHOICE.replace("<!-- choice-none -->\n* [ ] Someone else, please\n",
                           "* [ ] Someone else, please\n<!-- choice-none -->\n")
    found = _errors(tmp_path, {"choice": moved})
    assert len(found) == 1 and '"None of these" is not read back' in found[0], found
    # "None of these" first is fine: each box is read back as what its line names
    first = CHOICE.replace("<!-- choice-none -->\n* [ ] Someone else, please\n", "").replace(
        "{% for mentor in candidates %}",
        "<!-- choice-none -->\n* [ ] Someone else, please\n{% for mentor in candidates %}")
    assert _errors(tmp_path, {"choice": first}) == []
    no_none = CHOICE.replace("<!-- choice-none -->\n", "")
    assert "<!-- choice-none -->" in _errors(tmp_path, {"choice": no_none})[0]


def test_a_broken_note_template_is_a_validation_error(tmp_path: Path) -> None:
    found = _errors(tmp_path, {"choice_note": "{{ mentee.nmae }}\n"})
    assert len(found) == 1 and "choice_note.md.j2" in found[0] and "nmae" in found[0], found


def test_a_program_whose_mentees_do_not_choose_does_not_check_them(tmp_path: Path) -> None:
    text, base = _with_templates(tmp_path, {"choice": "nothing to tick\n"})
    text = text.replace("  mode: mentee-choice\n", "  mode: coordinator\n")
    _, problems = validate_text(text, "p.yml", base_dir=base)
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]


def test_the_built_in_choice_template_passes_its_own_check() -> None:
    from mentorship_bot.render.choice_text import choice_template_problem

    program = intake_program()
    assert choice_template_problem(TemplateSet(), program, program.rounds[0], program.mentees[0],
                                   list(program.mentors)) is None


def test_the_link_and_closing_notes_use_the_override(tmp_path: Path) -> None:
    """The note linking the merge request, and the closing one, also for a mentee and a round
    the file no longer has (their name is their username and slug)."""
    from mentorship_bot.intake.decide import link_actions

    program = _program(tmp_path, {"choice_note": NOTE})
    texts = {a.attribute("assignee"): a.attribute("description")
             for a in decide_intake(program, DAY, EMPTY, users={}).actions
             if a.kind == "create_choice"}
    observed = observed_from({1: (_tick(texts["e1"], "m1"), "opened", DAY, ("mentor-choice",))})
    intake = decide_intake(program, DAY, observed, users={})
    [link] = link_actions(program, intake, observed, 5, "https://gitlab.example.com/-/5",
                          TemplateSet(tmp_path / "tpl"))
    assert link.attribute("body") == "m1 it is: see !5."
    # e1 is now paired with m1 in the file; zed, whom the file does not name, had an issue.
    text, base = _with_templates(tmp_path, {"choice_note": NOTE})
    text = text.replace("pairs: []", "pairs:\n  - {mentor: m1, mentee: e1, round: autumn-2026}")
    program, problems = validate_text(text, "p.yml", base_dir=base)
    assert program is not None, [p.format() for p in problems]
    observed = observed_from({1: (texts["e1"], "opened", DAY, ("mentor-choice",)),
                              2: (texts["e2"].replace("/e2 ", "/zed "), "opened", DAY,
                                  ("mentor-choice",))})
    closing = {a.target: a.attribute("body")
               for a in decide_intake(program, DAY, observed, users={}).actions
               if a.kind == "close_choice"}
    assert closing["intake/eng/autumn-2026/e1"] == "Done in Autumn 2026, Eve One with m1."
    assert closing["intake/eng/autumn-2026/zed"] == "Done in Autumn 2026, zed."
    # The round renamed in the file: the old round's issues close with its slug for a name.
    gone = text.replace("autumn-2026", "winter-2026").replace("Autumn 2026", "Winter 2026")
    moved, problems = validate_text(gone, "p.yml", base_dir=base)
    assert moved is not None, [p.format() for p in problems]
    closing = {a.target: a.attribute("body")
               for a in decide_intake(moved, DAY, observed, users={}).actions
               if a.kind == "close_choice"}
    assert closing["intake/eng/autumn-2026/zed"] == "Done in autumn-2026, zed."


REQUEST_NOTE = """\
{% if note == "unreadable" %}
Sorry, unreadable ({{ why }}).
{% elif note == "proposed" %}
{{ username }}: see !{{ merge_request.iid }}.
{% else %}
{{ username }} is known ({{ note }}).
{% endif %}
"""


def test_the_notes_on_requests_use_the_override(tmp_path: Path) -> None:
    """The notes on a "Request a mentor" issue: unreadable, already waiting, proposed."""
    from intake_samples import request_text

    from mentorship_bot.intake.decide import ObservedRequest, link_actions

    program = _program(tmp_path, {"request_note": REQUEST_NOTE})
    requests = (ObservedRequest(1, "f1", DAY, request_text("", (), "Go"), ()),
                ObservedRequest(2, "rosa", DAY, request_text("e1"), ()),
                ObservedRequest(3, "f2", DAY, request_text("", (), "not a tag !!!"), ()))
    observed = ObservedIntake(1, INTAKE, {}, {}, requests)
    intake = decide_intake(program, DAY, observed, users={})
    notes = {a.attribute("iid"): a.attribute("body") for a in intake.actions
             if a.kind in ("note_request", "close_request")}
    assert notes[2] == "e1 is known (in_queue)."
    assert notes[3].startswith("Sorry, unreadable (an interest is not a short tag")
    [proposed] = [a for a in link_actions(program, intake, observed, 9, "https://x/-/9",
                                          TemplateSet(tmp_path / "tpl"))
                  if a.kind == "note_request"]
    assert proposed.attribute("body") == "f1: see !9."


def test_a_broken_request_note_is_a_validation_error(tmp_path: Path) -> None:
    found = _errors(tmp_path, {"request_note": "{{ usernme }}\n"})
    assert len(found) == 1 and "request_note.md.j2" in found[0] and "usernme" in found[0], found


def test_a_note_reading_a_variable_its_case_does_not_get_is_refused(tmp_path: Path) -> None:
    """A sweep gives the reminder no merge request: a template that reads one there would fail
    on a sweep night, so validate renders each case with just what a sweep gives it."""
    note = NOTE.replace('Still deciding, {{ mentee.name }}?',
                        'See !{{ merge_request.iid }}, {{ mentee.name }}?')
    found = _errors(tmp_path, {"choice_note": note})
    assert len(found) == 1 and "choice_note.md.j2" in found[0], found
    other = tmp_path / "other"
    other.mkdir()
    upper = REQUEST_NOTE.replace("({{ why }})", "({{ username | upper }})")
    assert _errors(other, {"request_note": upper}) == []  # upper() of None is no error


FORM = """\
Wer braucht eine Mentorin?
Username: {{ "" }}

{% for tag in interests %}
* [ ] {{ tag }}
{% endfor %}
Other interests: {{ "" }}
"""


def test_a_reworded_request_form_is_what_the_intake_project_carries(tmp_path: Path) -> None:
    """The form line the bot finds requests by and the ``/confidential`` line stay the bot's;
    a request made from the reworded form is read back."""
    from mentorship_bot.render.request_text import (
        FORM_LINE,
        Request,
        read_request,
        request_template,
    )

    program = _program(tmp_path, {"request_form": FORM})
    form = request_template(program, TemplateSet(tmp_path / "tpl"))
    assert form.startswith(f"{FORM_LINE}\n\nWer braucht eine Mentorin?\nUsername: \n")
    assert form.endswith("Other interests:\n\n/confidential\n")
    filled = form.replace("Username: \n", "Username: f2\n").replace(
        "* [ ] SQL", "* [x] SQL").replace("Other interests:\n", "Other interests: Go\n")
    found = read_request(3, "rosa", DAY, filled, ("SQL",))
    assert isinstance(found, Request) and (found.mentee, found.interests) == ("f2", ("SQL", "Go"))


def test_a_request_form_that_would_lose_a_request_is_refused(tmp_path: Path) -> None:
    found = _errors(tmp_path, {"request_form": FORM.replace("Username:", "Who:")})
    assert len(found) == 1 and "request_form.md.j2" in found[0], found
    assert "a line 'Username:'" in found[0]
    other = tmp_path / "other"
    other.mkdir()
    twice = FORM + "Username: {{ \"\" }}\n"
    found = _errors(other, {"request_form": twice})
    assert len(found) == 1 and "more than one Username line" in found[0], found
