"""The plan streamed pair by pair (issue 18): the same text, JSON and Markdown as the whole plan,
one valid JSON document, produced lazily, and a merge request note capped to what GitLab holds."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from program_samples import SMALL, small_program
from test_diff import observed_from

from mentorship_bot.adapter.mr_note import CappedText
from mentorship_bot.provision.desired_state import DesiredPair, DesiredState, desired_state
from mentorship_bot.provision.diff import diff, diff_chunks
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan_output import plan_document
from mentorship_bot.provision.plan_writers import (
    format_json,
    format_markdown,
    format_text,
    write_plan,
)
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet

TODAY = date(2026, 2, 1)
RENAMED = SMALL.replace("name: Carol Diaz", "name: Carol Díaz")


def desired(text: str = SMALL) -> DesiredState:
    return desired_state(small_program(text), TODAY, TemplateSet())


def scenario(name: str) -> tuple[str, ObservedState, dict[str, bool]]:
    """(program text, GitLab's state, diff options) for each kind of plan."""
    if name == "empty":
        return SMALL, ObservedState.empty(), {}
    observed = observed_from(desired())
    kickoff = next(k for k in observed.issues if k.endswith("/kickoff"))
    issue = observed.issues[kickoff]
    edited = replace(issue, description=issue.description.replace("\n\n<!--", "\n\nOurs.\n\n<!--"))
    copy = replace(issue, iid=99)
    orphan = replace(next(iter(observed.projects.values())),
                     full_path="acme/mentoring/spring-2026/zed-old")
    observed = replace(observed, issues={**observed.issues, kickoff: edited},
                       projects={**observed.projects, orphan.full_path: orphan},
                       duplicates=(copy, replace(copy, marker_id="eng/x/gone/kickoff", iid=98)))
    return RENAMED, observed, {"update_templates": name == "update", "prune": name == "update"}


def whole(fmt: str, text: str, observed: ObservedState, options: dict[str, bool],
          verbose: bool) -> str:
    plan = diff(desired(text), observed, **options)
    program = small_program(text)
    if fmt == "text":
        return format_text(plan, program, TODAY, verbose=verbose)
    return {"json": format_json, "markdown": format_markdown}[fmt](plan, program, TODAY)


def streamed(fmt: str, text: str, observed: ObservedState, options: dict[str, bool],
             verbose: bool) -> str:
    out = io.StringIO()
    write_plan(diff_chunks(desired(text), observed, **options), small_program(text), TODAY,
               observed.source, [(fmt, out)], verbose=verbose)
    return out.getvalue()


@pytest.mark.parametrize("name", ["empty", "changed", "update"])
@pytest.mark.parametrize("fmt", ["text", "verbose", "json", "markdown"])
def test_the_streamed_plan_is_the_whole_plan(name: str, fmt: str) -> None:
    text, observed, options = scenario(name)
    verbose = fmt == "verbose"
    fmt = "text" if verbose else fmt
    got = streamed(fmt, text, observed, options, verbose)
    assert got == whole(fmt, text, observed, options, verbose)
    assert got.count("\n") > 3


def test_every_kind_of_action_is_in_the_scenarios() -> None:
    kinds = {a.kind for name in ("empty", "changed", "update")
             for a in diff(desired(scenario(name)[0]), *scenario(name)[1:2],
                           **scenario(name)[2]).actions}
    assert {"create_project", "create_issue", "keep_edited", "template_changed",
            "update_issue", "close_duplicate", "orphan_project", "archive_project"} <= kinds


@pytest.mark.parametrize("name", ["empty", "update"])
def test_the_streamed_json_is_one_document_in_the_plans_order(name: str) -> None:
    text, observed, options = scenario(name)
    document = json.loads(streamed("json", text, observed, options, False))
    plan = diff(desired(text), observed, **options)
    assert document == json.loads(json.dumps(plan_document(plan, small_program(text), TODAY)))
    assert [a["kind"] for a in document["actions"]] == [a.kind for a in plan.actions]


def test_an_empty_plan_is_still_valid_json() -> None:
    observed = observed_from(desired())
    document = json.loads(streamed("json", SMALL, observed, {}, False))
    assert document["actions"] == [] and document["summary"] == {"writes": 0, "by_kind": {}}


def test_the_diff_holds_one_pair_at_a_time() -> None:
    state = desired()
    made: list[str] = []

    def pairs() -> Iterator[DesiredPair]:
        for pair in state.pairs():
            made.append(pair.project.pair)
            yield pair

    chunks = diff_chunks(replace(state, pairs=pairs), ObservedState.empty())
    first_pair = next(c for c in chunks if c.pair is not None)
    assert made == [first_pair.pair]  # the others are not made yet
    rest = [c.pair for c in chunks if c.pair is not None]
    assert made == [first_pair.pair, *rest] and len(made) == len(state.projects)


def test_the_merge_request_note_is_capped_at_a_line_end() -> None:
    note = CappedText(limit=100)
    for n in range(50):
        note.write(f"- line {n}\n")
    body = note.text()
    kept = body.split("\n\n*The plan goes on")[0]
    assert len(kept) <= 100 and kept.endswith("\n") and "- line 0\n" in kept
    assert "more characters" in body and "mentorship-bot plan --format markdown" in body
    short = CappedText(limit=100)
    short.write("- one line\n")
    assert short.text() == "- one line\n"


def test_the_json_plan_renders_nothing_and_names_what_each_text_is_made_from() -> None:
    templates = TemplateSet()
    state = desired_state(small_program(SMALL), TODAY, templates)
    out = io.StringIO()
    write_plan(diff_chunks(state, ObservedState.empty()), small_program(SMALL), TODAY,
               "an empty GitLab", [("json", out)])
    assert templates.renders == 0
    document = json.loads(out.getvalue())
    texts = {a["target"]: a["attributes"]["description"] for a in document["actions"]
             if a["kind"] == "create_issue"}
    assert len(texts) == len(state.issues)
    for issue in state.issues:  # the inputs hash the written issue's marker records
        marker = parse_marker(issue.description)
        assert marker is not None
        assert texts[issue.marker_id] == {"template": issue.lazy.template,
                                          "inputs": marker.inputs}
    files = next(a for a in document["actions"] if a["kind"] == "commit_files")
    contents = files["attributes"]["contents"]
    calendar = files["attributes"]["files"].index(["create", "calendar.ics"])
    made = next(p.calendar for p in state.projects if p.full_path == files["target"])
    assert made is not None  # the calendar too: what it is made from, the hash Progress records
    assert contents[calendar] == {"calendar": "calendar.ics", "inputs": made.inputs}
    assert all(set(c) == {"template", "inputs"} for n, c in enumerate(contents) if n != calendar)


def test_a_whole_plan_leaves_its_texts_to_the_write() -> None:
    templates = TemplateSet()
    plan = diff(desired_state(small_program(SMALL), TODAY, templates), ObservedState.empty())
    assert templates.renders == 0
    issue = next(a for a in plan.actions
                 if a.kind == "create_issue" and not a.target.endswith("/progress"))
    text = issue.attribute("description")  # what apply sends, rendered as it is written
    assert templates.renders == 1 and parse_marker(text) is not None
    assert issue.attribute("description") == text and templates.renders == 2  # not kept
