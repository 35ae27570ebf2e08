"""Templates: every built-in renders (golden files), the sandbox holds, errors are TemplateErrors.

Regenerate the golden files after an intended change with
``UPDATE_GOLDEN=1 python -m pytest tests/test_templates.py`` and read the diff before committing.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship_bot.errors import TemplateError
from mentorship_bot.model import (
    BIWEEKLY,
    MONTHLY,
    Mentee,
    Mentor,
    Pair,
    Program,
    Round,
    default_milestone_plan,
    expand_milestones,
)
from mentorship_bot.render.context import (
    MILESTONE_TEMPLATES,
    PAIR_TEMPLATES,
    TEMPLATE_NAMES,
    certificate_context,
    generic_milestone,
    progress_context,
    template_context,
)
from mentorship_bot.render.managed_block import (
    MANAGED_END,
    MANAGED_START,
    managed_block,
    normalise_block,
    replace_managed_block,
)
from mentorship_bot.render.neutralise import WORD_JOINER
from mentorship_bot.render.templates import BUILTIN_TEMPLATE_DIR, TemplateSet

GOLDEN = Path(__file__).parent / "golden" / "templates"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

SPRING = Round(
    slug="spring-2026",
    name="Spring 2026",
    starts=date(2026, 1, 5),
    ends=date(2026, 6, 30),
    cadence=BIWEEKLY,
    meeting_minutes=45,
    format="mixed",
)
AUTUMN = Round(
    slug="autumn-2026",
    name="Autumn 2026",
    starts=date(2026, 8, 3),
    ends=date(2027, 1, 31),
    cadence=MONTHLY,
    meeting_minutes=30,
    format="async",
)
HOSTILE_GOAL = (
    "/close\n  /label ~hacked\n@all please look\n<!-- mentorship-bot:managed:end -->\n"
    "<script>alert(1)</script> | pipe"
)


def make_program() -> Program:
    return Program(
        slug="eng-mentoring",
        name="Engineering Mentoring",
        group="acme/mentoring",
        coordinators=("rosa", "tomasz"),
        rounds=(SPRING, AUTUMN),
        mentors=(
            Mentor("alice", "Alice Nakamura", "Platform", ("Kubernetes", "incident response")),
            Mentor("bashir", "Bashir Haddad", "SRE", ()),
        ),
        mentees=(
            Mentee("gita", "Gita Sharma", "Platform", ("CI/CD",), manager="farah"),
            Mentee("hiro", "Hiro Tanaka", "", (), manager=None),
            Mentee("mallory", "Mallory /close @all", "<b>Ops</b>", ("@here",), manager=None),
        ),
        pairs=(
            Pair(
                "alice",
                "gita",
                "spring-2026",
                goal="Move my projects to GitLab and automate one manual task in CI by May.",
                purpose="I care about craft. Craft drives me because good tools free time.",
            ),
            Pair("bashir", "hiro", "autumn-2026"),
            Pair("bashir", "mallory", "spring-2026", goal=HOSTILE_GOAL, purpose="/unassign"),
        ),
        milestones=default_milestone_plan(),
        completion_threshold=0.8,
    )


PROGRAM = make_program()
GITA, HIRO, MALLORY = PROGRAM.pairs


def contexts(program: Program, pair: Pair) -> dict[str, dict[str, Any]]:
    """One context per template, as production builds them."""
    round_ = program.round(pair.round)
    occurrences = expand_milestones(program, round_)
    out: dict[str, dict[str, Any]] = {}
    for name in MILESTONE_TEMPLATES:
        occurrence = next(o for o in occurrences if o.template == name)
        out[name] = template_context(program, pair, occurrence)
    base = template_context(program, pair)
    rows = [{**m, "done": i < 3, "overdue": i == 3} for i, m in enumerate(base["milestones"])]
    progress = progress_context(rows, 19, "at-risk", date(2026, 2, 20))
    out["progress"] = {**base, **progress}
    out["progress_block"] = {**base, **progress}
    out["pair_readme"] = base
    mentor = program.mentor(pair.mentor)
    out["certificate"] = {
        **base,
        **certificate_context("mentor", mentor, 88, "c0ffee12deadbeef", round_.ends),
    }
    overdue = next(o for o in occurrences if o.template == "goal")
    out["nudge"] = {**template_context(program, pair, overdue), "overdue_days": 1}
    mentee = program.mentee(pair.mentee)
    out["certificate_note"] = {
        **base,
        "completion_percent": 88,
        "certificates": [
            {
                **certificate_context(role, who, 88, f"{role}-id", round_.ends)["certificate"],
                "path": f"certificates/{who.username}.md",
            }
            for role, who in (("mentee", mentee), ("mentor", mentor))
        ],
    }
    return out


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.md"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from {path}"


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet()


# --- the built-in templates -----------------------------------------------------------------------


def test_every_required_template_exists() -> None:
    ts = TemplateSet()
    for name in TEMPLATE_NAMES:
        assert (BUILTIN_TEMPLATE_DIR / f"{name}.md.j2").is_file(), name
        assert ts.has(name)
        ts.check(name)
    assert set(TEMPLATE_NAMES) <= set(ts.names())


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_golden(templates: TemplateSet, name: str) -> None:
    check_golden(name, templates.render(name, contexts(PROGRAM, GITA)[name]))


@pytest.mark.parametrize("name", ["kickoff", "meeting", "pair_readme", "certificate", "nudge"])
def test_golden_second_round(templates: TemplateSet, name: str) -> None:
    """Monthly, async, no goal, no manager, no skills: the other branches of the templates."""
    check_golden(f"{name}-autumn", templates.render(name, contexts(PROGRAM, HIRO)[name]))


@pytest.mark.parametrize("name", MILESTONE_TEMPLATES)
def test_generic_copies_render_without_date_or_number(templates: TemplateSet, name: str) -> None:
    text = templates.render(name, template_context(PROGRAM, GITA, generic_milestone(name)))
    check_golden(f"{name}-generic", text)
    assert "None" not in text
    assert "due ," not in text and "by ." not in text and "due ." not in text
    if name == "meeting":
        assert text.startswith("A meeting for Gita Sharma and Alice Nakamura.\n")


def test_golden_hostile_data(templates: TemplateSet) -> None:
    check_golden("goal-hostile", templates.render("goal", contexts(PROGRAM, MALLORY)["goal"]))


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_data_from_the_yaml_cannot_act_in_gitlab(templates: TemplateSet, name: str) -> None:
    text = templates.render(name, contexts(PROGRAM, MALLORY)[name])
    for line in text.splitlines():
        assert not line.lstrip().startswith("/"), line
        assert not re.search(r"(?<!\w)@(all|here)\b", line), line
    assert "<script" not in text and "<b>" not in text
    assert "&lt;script>" in text or name not in ("goal", "pair_readme")
    # the bot's own markers only where the template put them
    assert text.count(MANAGED_END) == (name == "progress")
    if name in ("kickoff", "nudge", "certificate_note"):  # deliberate mentions stay mentions
        assert "@mallory" in text and "@bashir" in text
    if name == "kickoff":
        assert "@" + WORD_JOINER + "here" in text


TASK_LISTS = {
    "kickoff": 15,
    "goal": 11,
    "meeting": 5,
    "midpoint": 14,
    "final": 13,
}


@pytest.mark.parametrize("name", sorted(TASK_LISTS))
def test_milestone_issues_have_task_lists(templates: TemplateSet, name: str) -> None:
    text = templates.render(name, contexts(PROGRAM, GITA)[name])
    tasks = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(tasks) == TASK_LISTS[name]
    assert tasks[-1] == "- [ ] Close this issue"


def test_goal_template_carries_the_handbook_material(templates: TemplateSet) -> None:
    text = templates.render("goal", contexts(PROGRAM, GITA)["goal"])
    for criterion in ("Time-bound", "Certain", "Specific", "Positive", "Measurable", "Personal"):
        assert f"| {criterion} |" in text and f"- [ ] {criterion}" in text
    assert (
        "I'm a mentee because I care about **VALUE**. **VALUE** drives me because **WHY**." in text
    )
    assert "move my personal projects to GitLab" in text
    assert "automate one manual task in CI" in text
    assert "> Move my projects to GitLab" in text


def test_goal_without_a_goal_asks_for_one(templates: TemplateSet) -> None:
    text = templates.render("goal", contexts(PROGRAM, HIRO)["goal"])
    assert "Write your goal here" in text and "you brought into the program" not in text


def test_meeting_says_which_of_how_many(templates: TemplateSet) -> None:
    text = templates.render("meeting", contexts(PROGRAM, GITA)["meeting"])
    assert text.startswith("Meeting 1 of 12 for Gita Sharma and Alice Nakamura, due 2026-01-19.")


def test_async_pairs_get_the_async_format_first(templates: TemplateSet) -> None:
    async_text = templates.render("meeting", contexts(PROGRAM, HIRO)["meeting"])
    mixed_text = templates.render("meeting", contexts(PROGRAM, GITA)["meeting"])
    assert "## Meeting in this issue\n" in async_text
    assert "## Meeting in this issue instead\n" in mixed_text


def test_certificate_for_each_role(templates: TemplateSet) -> None:
    base = template_context(PROGRAM, GITA)
    mentee = PROGRAM.mentee("gita")
    for_mentee = {**base, **certificate_context("mentee", mentee, 81, "abc", "2026-06-30")}
    text = templates.render("certificate", for_mentee)
    assert "**Gita Sharma** (@gita)" in text and "**mentee**, mentored by Alice Nakamura" in text
    assert "**81%**" in text and "`abc`" in text
    with pytest.raises(ValueError, match="mentor or a mentee"):
        certificate_context("coordinator", mentee, 81, "abc", "2026-06-30")


# --- the Progress issue and its managed block ----------------------------------------------------


def test_progress_holds_the_block_between_exact_marker_lines(templates: TemplateSet) -> None:
    ctx = contexts(PROGRAM, GITA)["progress"]
    text = templates.render("progress", ctx)
    lines = text.splitlines()
    assert lines.count(MANAGED_START) == 1 and lines.count(MANAGED_END) == 1
    block = templates.render("progress_block", ctx)
    assert managed_block(text) == normalise_block(block)
    assert "| Goal and purpose | 2026-01-19 | ✅ done |" in block
    assert "| Meeting 2 | 2026-02-02 | ⚠️ overdue |" in block
    assert "| Meeting 3 | 2026-02-16 | open |" in block
    assert "**Completion:** 19%" in block


def test_the_block_needs_only_its_four_variables(templates: TemplateSet) -> None:
    rows = [
        {
            "id": "kickoff",
            "title": "Kick | off",
            "due": date(2026, 1, 12),
            "done": True,
            "overdue": False,
        }
    ]
    text = templates.render(
        "progress_block", progress_context(rows, 100, "completed", "2026-02-01")
    )
    assert "| Kick \\| off | 2026-01-12 | ✅ done |" in text
    assert "**Status:** completed (" in text


def test_replacing_the_block_keeps_the_pairs_text() -> None:
    text = f"Our intro, edited.\n\n{MANAGED_START}\nold table\n{MANAGED_END}\n\nOur notes.\n"
    assert replace_managed_block(text, "new table\n") == (
        f"Our intro, edited.\n\n{MANAGED_START}\nnew table\n{MANAGED_END}\n\nOur notes.\n"
    )
    assert replace_managed_block("no markers here", "x") is None
    assert managed_block(f"{MANAGED_END} then {MANAGED_START}") is None


# --- the context contract ------------------------------------------------------------------------


def test_context_is_plain_data() -> None:
    ctx = template_context(PROGRAM, GITA, expand_milestones(PROGRAM, SPRING)[0])
    assert ctx["program"] == {
        "slug": "eng-mentoring",
        "name": "Engineering Mentoring",
        "group": "acme/mentoring",
        "coordinators": ["rosa", "tomasz"],
        "completion_threshold_percent": 80,
        "max_mentees_per_mentor": 2,
        "stall_after_days": 21,
    }
    assert ctx["round"] == {
        "slug": "spring-2026",
        "name": "Spring 2026",
        "starts": "2026-01-05",
        "ends": "2026-06-30",
        "cadence": "every other week",
        "meeting_minutes": "45",  # text: "30–45" for a range
        "format": "mixed",
        "weeks": 25,
    }
    assert ctx["mentee"]["manager"] == "farah"
    assert template_context(PROGRAM, HIRO)["mentee"]["manager"] == ""
    assert ctx["pair"]["project_path"] == "acme/mentoring/spring-2026/gita-alice"
    assert ctx["pair"]["format"] == "mixed"
    assert ctx["milestone"] == {
        "id": "kickoff",
        "key": "kickoff",
        "title": "Kickoff and ground rules",
        "template": "kickoff",
        "due": "2026-01-12",
        "repeated": False,
        "occurrence": None,
        "occurrences": None,
    }
    meeting = next(m for m in ctx["milestones"] if m["repeated"])
    assert meeting["id"] == "meeting-01" and meeting["occurrences"] == 12
    assert "milestone" not in template_context(PROGRAM, GITA)


def test_the_pair_format_wins_over_the_rounds() -> None:
    program = make_program()
    pair = Pair("alice", "gita", "spring-2026", format="sync")
    assert template_context(program, pair)["pair"]["format"] == "sync"


def test_generic_milestone_takes_its_title_from_the_plan() -> None:
    assert generic_milestone("meeting", PROGRAM)["title"] == "Meeting"
    assert generic_milestone("retro")["title"] == "Retro"
    assert (
        generic_milestone("meeting")["due"] == ""
        and generic_milestone("meeting")["occurrence"] is None
    )


# --- overrides and errors ------------------------------------------------------------------------


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_replaces_one_file_only(tmp_path: Path) -> None:
    path = write(tmp_path, "kickoff", "Our own kickoff for {{ mentee.name }}.\n")
    write(tmp_path, "retro", "A retro, due {{ milestone.due }}.\n")
    ts = TemplateSet(tmp_path)
    ctx = contexts(PROGRAM, GITA)
    assert ts.render("kickoff", ctx["kickoff"]) == "Our own kickoff for Gita Sharma.\n"
    assert ts.origin("kickoff") == str(path)
    assert ts.render("goal", ctx["goal"]) == TemplateSet().render("goal", ctx["goal"])
    assert ts.origin("goal") == str(BUILTIN_TEMPLATE_DIR / "goal.md.j2")
    assert "retro" in ts.names() and ts.has("retro")
    assert not TemplateSet().has("retro")


def test_the_built_in_progress_includes_an_overridden_block(tmp_path: Path) -> None:
    write(tmp_path, "progress_block", "Done: {{ completion_percent }}%\n")
    text = TemplateSet(tmp_path).render("progress", contexts(PROGRAM, GITA)["progress"])
    assert f"{MANAGED_START}\nDone: 19%\n{MANAGED_END}\n" in text


def test_a_missing_override_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no such template directory"):
        TemplateSet(tmp_path / "nope")


def test_a_missing_template(templates: TemplateSet) -> None:
    with pytest.raises(TemplateError) as info:
        templates.render("kickof", {})
    message = str(info.value)
    assert "no template named 'kickof' (templates: certificate, certificate_note, choice," in (
        message)
    for bad in ("", "../kickoff", ".hidden", "a/b"):
        assert not templates.has(bad)


def test_an_undefined_variable_names_it_and_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "kickoff", "Hello {{ mentee.name }}\n\nDue {{ milestone.duee }}\n")
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("kickoff", contexts(PROGRAM, GITA)["kickoff"])
    assert info.value.line == 3
    assert info.value.detail == (
        "undefined variable: no variable 'duee' here (did you mean 'due'?); there is: "
        "due, id, key, occurrence, occurrences, repeated, template, title"
    )
    assert str(info.value).startswith(f"{path}:3: undefined variable: ")


def test_a_built_in_template_without_its_variables(templates: TemplateSet) -> None:
    with pytest.raises(TemplateError) as info:
        templates.render("kickoff", template_context(PROGRAM, GITA))
    assert info.value.detail == (
        "undefined variable: 'milestone' is undefined "
        "(this template gets: mentee, mentor, milestones, pair, program, round)"
    )
    assert info.value.line is not None


def test_a_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "goal", "fine\nfine\n{% if %}\n")
    ts = TemplateSet(tmp_path)
    with pytest.raises(TemplateError) as info:
        ts.check("goal")
    assert info.value.line == 3 and info.value.template == str(path)
    assert "syntax error" in info.value.detail


def test_a_syntax_error_in_an_included_block(tmp_path: Path) -> None:
    write(tmp_path, "progress_block", "{{ status\n")
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("progress", contexts(PROGRAM, GITA)["progress"])
    assert info.value.template.endswith("progress_block.md.j2") and info.value.line == 1


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ mentee.__class__ }}",
        "{{ milestones.append(1) }}",
        "{{ mentee.update({'name': 'x'}) }}",
        "{{ 'x' * 10 ** 9 }}",
        "{{ 2 ** 100000000 }}",
        "{{ (10 ** 999) ** 999 }}",
        "{{ '{0.__class__}'.format('') }}",
        "{% for i in range(10 ** 9) %}{% endfor %}",
        "{% for m in milestones %}{{ loop.__class__ }}{% endfor %}",
        "{% for m in milestones %}{{ loop._iterable }}{% endfor %}",
        "{% set d = {'a': 1} %}{{ d.__class__ }}",
    ],
)
def test_the_sandbox_refuses_with_a_template_error(tmp_path: Path, source: str) -> None:
    write(tmp_path, "meeting", "A line\n" + source + "\n")
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("meeting", contexts(PROGRAM, GITA)["meeting"])
    assert "unsafe" in info.value.detail or "Range too big" in info.value.detail
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% include "meeting.md.j2" %}', "the template includes or calls itself without end"),
        ('{% include "nowhere.md.j2" %}', "includes 'nowhere.md.j2', which does not exist"),
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ("{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}", "longer than 1,048,576"),
    ],
)
def test_any_failure_is_a_template_error(tmp_path: Path, source: str, expected: str) -> None:
    write(tmp_path, "meeting", "A first line\n" + source)
    with pytest.raises(TemplateError, match=re.escape(expected)) as info:
        TemplateSet(tmp_path).render("meeting", contexts(PROGRAM, GITA)["meeting"])
    if "longer" not in expected:
        assert info.value.line == 2


def test_a_template_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "goal.md.j2").write_bytes(b"\xff\xfe bad")
    with pytest.raises(TemplateError, match="not UTF-8"):
        TemplateSet(tmp_path).check("goal")


def test_render_for_gives_each_template_its_production_variables(templates: TemplateSet) -> None:
    for name in TEMPLATE_NAMES:
        assert templates.render_for(name, PROGRAM, GITA).strip()
    occurrence = expand_milestones(PROGRAM, SPRING)[4]
    assert templates.render_for("meeting", PROGRAM, GITA, occurrence).startswith("Meeting 3 of 12")


def test_render_for_also_checks_the_generic_copy(tmp_path: Path) -> None:
    write(tmp_path, "meeting", "Meeting {{ milestone.occurrence + 1 }}\n")
    ts = TemplateSet(tmp_path)
    occurrence = expand_milestones(PROGRAM, SPRING)[4]
    with pytest.raises(TemplateError, match="TypeError"):
        ts.render_for("meeting", PROGRAM, GITA, occurrence)
    assert set(PAIR_TEMPLATES) <= set(TEMPLATE_NAMES)


def test_compiled_templates_are_reused(templates: TemplateSet) -> None:
    ctx = contexts(PROGRAM, GITA)["meeting"]
    templates.render("meeting", ctx)
    first = templates._templates["meeting"]
    templates.render("meeting", ctx)
    assert templates._templates["meeting"] is first
    # the round's plan is built once per program, not once per pair
    assert (
        template_context(PROGRAM, GITA)["milestones"]
        is template_context(PROGRAM, MALLORY)["milestones"]
    )


def test_the_readme_documents_every_template_and_variable() -> None:
    readme = (BUILTIN_TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    for name in TEMPLATE_NAMES:
        assert f"`{name}.md.j2`" in readme, name
    every = {**contexts(PROGRAM, GITA)["kickoff"], **contexts(PROGRAM, GITA)["certificate"]}
    every.update(contexts(PROGRAM, GITA)["progress"])
    for top, value in every.items():
        assert f"`{top}" in readme, top
        if isinstance(value, dict):
            for key in (k for k in value if not isinstance(value[k], dict)):
                assert f"`{top}.{key}`" in readme or f"`.{key}`" in readme, f"{top}.{key}"
    for key in every["rows"][0]:
        assert f"`rows[i].{key}`" in readme or f"`.{key}`" in readme, key
    for key in ("overdue_days", "completion_percent", "certificates"):
        assert f"`{key}`" in readme or f"`{key}` (" in readme, key
    assert "`certificates[i].path`" in readme
    for key in every["certificate"]["person"]:
        assert f"`certificate.person.{key}`" in readme or f"`.{key}`" in readme, key


def test_an_error_in_an_included_block_names_the_block(tmp_path: Path) -> None:
    path = write(tmp_path, "progress_block", "Status: {{ status }}\n{{ pair.goall }}\n")
    with pytest.raises(TemplateError) as info:
        TemplateSet(tmp_path).render("progress", contexts(PROGRAM, GITA)["progress"])
    assert (info.value.template, info.value.line) == (str(path), 2)


SHARED = TemplateSet()  # compiled once for the property test below

# Pieces that matter to GitLab, mixed with any characters at all.
TEXT = st.lists(
    st.one_of(
        st.sampled_from(["/", "@", "<", ">", "\n", "\r", " ", "|", "all", "close", "-->", "`"]),
        st.characters(),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(TEXT, min_size=8, max_size=8),
    skills=st.lists(TEXT, max_size=3),
    title=TEXT.filter(lambda t: t.strip() != ""),
)
def test_no_data_can_make_a_quick_action_a_mention_or_a_marker(
    names: list[str], skills: list[str], title: str
) -> None:
    program = dataclasses.replace(
        PROGRAM,
        name=names[0],
        rounds=(dataclasses.replace(SPRING, name=names[1]), AUTUMN),
        mentors=(Mentor("alice", names[2], names[3], tuple(skills)),),
        mentees=(Mentee("gita", names[4], names[5], tuple(skills), manager=None),),
        pairs=(Pair("alice", "gita", "spring-2026", goal=names[6], purpose=names[7]),),
        milestones=tuple(
            dataclasses.replace(m, title=title) if m.key == "meeting" else m
            for m in PROGRAM.milestones
        ),
    )
    for name, ctx in contexts(program, program.pairs[0]).items():
        text = SHARED.render(name, ctx).replace("\r", "")  # GitLab deletes "\r" first
        assert not re.search(r"(?m)^/", text), name
        assert not re.search(r"@(all|here)", text), name
        assert "<" not in text.replace(MANAGED_START, "").replace(MANAGED_END, ""), name
        assert text.count(MANAGED_START) == text.count(MANAGED_END) == (name == "progress")


def test_the_nudge_counts_days(templates: TemplateSet) -> None:
    ctx = contexts(PROGRAM, GITA)["nudge"]
    one = templates.render("nudge", ctx)
    assert one.startswith("@gita @alice: a friendly reminder that *Goal and purpose* was due on")
    assert ", 1 day ago," in one
    assert ", 5 days ago," in templates.render("nudge", {**ctx, "overdue_days": 5})
    assert " ago" not in templates.render("nudge", {**ctx, "overdue_days": 0})
