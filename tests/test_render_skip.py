"""Render only what may have changed (issue 18): the marker's inputs hash spares the renders of
texts whose template and context did not change; older markers still work and are not rewritten."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date

import pytest
from program_samples import SMALL, small_program
from test_diff import observed_from

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.render.lazy import LazyText, _plain, inputs_digest
from mentorship_bot.render.markers import parse_marker
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox

TODAY = date(2026, 2, 1)
_INPUTS = re.compile(r" inputs=[0-9a-f]{12}")


def fresh(text: str = SMALL) -> tuple[DesiredState, TemplateSet]:
    templates = TemplateSet()
    return desired_state(small_program(text), TODAY, templates), templates


def applied() -> ObservedState:
    """GitLab right after a perfect apply, written by this version (markers with inputs)."""
    return observed_from(fresh()[0])


def as_older_version_wrote(observed: ObservedState) -> ObservedState:
    """The same texts with the markers an older version wrote: no inputs hash."""
    issues = {k: replace(i, description=_INPUTS.sub("", i.description))
              for k, i in observed.issues.items()}
    projects = {k: replace(p, files={f: _INPUTS.sub("", c) for f, c in (p.files or {}).items()})
                for k, p in observed.projects.items()}
    return replace(observed, issues=issues, projects=projects)


def test_every_written_text_records_its_inputs() -> None:
    state, _ = fresh()
    # calendar.ics carries its own hash, in iCalendar's syntax (provision/calendar_diff.py)
    texts = [i.description for i in state.issues] + [
        c for p in state.projects for path, c in p.files if path != "calendar.ics"]
    markers = [parse_marker(text) for text in texts]
    assert all(m is not None and m.inputs is not None for m in markers)
    issue = state.issues[0]
    assert parse_marker(issue.description).inputs == issue.lazy.inputs  # type: ignore[union-attr]


def test_building_the_desired_state_renders_nothing() -> None:
    state, templates = fresh()
    assert len(state.issues) > 10 and len(state.projects) > 2
    assert templates.renders == 0


def test_a_no_op_diff_renders_nothing() -> None:
    observed = applied()
    state, templates = fresh()
    assert diff(state, observed).actions == ()
    assert templates.renders == 0


def test_markers_from_an_older_version_render_once_and_plan_no_rewrite() -> None:
    older = as_older_version_wrote(applied())
    assert all(parse_marker(i.description).inputs is None  # type: ignore[union-attr]
               for i in older.issues.values())
    state, templates = fresh()
    assert diff(state, older).actions == ()  # no mass rewrite on upgrade
    milestone_issues = [i for i in state.issues if i.kind == "milestone"]
    files = sum(len(p.lazy_files) for p in state.projects)
    assert templates.renders == len(milestone_issues) + files  # compared as before


def test_changed_inputs_render_only_the_texts_they_change() -> None:
    observed = applied()
    state, templates = fresh(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    plan = diff(state, observed)
    assert plan.actions and {a.kind for a in plan.actions} == {"template_changed"}
    assert all("carol" in a.target for a in plan.actions)
    carols = len([i for i in state.issues if "carol" in i.marker_id and i.kind == "milestone"])
    carols += sum(len(p.lazy_files) for p in state.projects if "carol" in p.full_path)
    assert 0 < templates.renders <= carols
    everything = len([i for i in state.issues if i.kind == "milestone"]) + sum(
        len(p.lazy_files) for p in state.projects)
    assert carols < everything


def test_update_templates_renders_every_existing_text() -> None:
    observed = applied()
    state, templates = fresh()
    assert diff(state, observed, update_templates=True).actions == ()
    assert templates.renders == len([i for i in state.issues if i.kind == "milestone"]) + sum(
        len(p.lazy_files) for p in state.projects)


@pytest.mark.parametrize("older", [False, True], ids=["inputs", "older-marker"])
def test_a_person_edit_is_kept_whether_or_not_it_is_rendered(older: bool) -> None:
    observed = as_older_version_wrote(applied()) if older else applied()
    kickoff = next(k for k in observed.issues if k.endswith("/kickoff"))
    edited = observed.issues[kickoff].description.replace("\n\n<!--", "\n\nOur own words.\n\n<!--")
    observed = replace(observed, issues={**observed.issues,
                                         kickoff: replace(observed.issues[kickoff],
                                                          description=edited)})
    state, _ = fresh(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    plan = diff(state, observed, update_templates=True)
    kept = [a for a in plan.actions if a.target == kickoff]
    assert [a.kind for a in kept] == ["keep_edited"]
    state, templates = fresh()
    kept = [a for a in diff(state, observed).actions if a.target == kickoff]
    assert [a.kind for a in kept] == ["keep_edited"]  # unchanged inputs, but a person's text
    assert (templates.renders == 0) is not older  # told by the marker's hash alone


def test_ticked_tasks_are_not_edits_without_rendering() -> None:
    observed = applied()
    issues = {k: replace(i, description=re.sub(r"(?m)^- \[ \]", "- [x]", i.description))
              for k, i in observed.issues.items()}
    state, templates = fresh()
    assert diff(state, replace(observed, issues=issues)).actions == ()
    assert templates.renders == 0


@pytest.mark.integration
def test_an_upgrade_re_run_against_gitlab_writes_nothing() -> None:
    """Issues and files an older version wrote (no inputs hash): the re-run writes nothing."""
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        conn = Connection(sandbox.url, sandbox.token)
        desired = desired_state(small_program(), TODAY, TemplateSet())
        observed = observe(conn, desired)
        assert Executor(conn, observed).run(diff(desired, observed)).failed() == ()
        for project in sandbox.store.projects.values():
            project.files = {path: _INPUTS.sub("", text) for path, text in project.files.items()}
            for issue in project.issues.values():
                issue.description = _INPUTS.sub("", issue.description or "")
        sandbox.reset_stats()
        templates = TemplateSet()
        desired = desired_state(small_program(), TODAY, templates)
        plan = diff(desired, observe(conn, desired))
        assert plan.actions == ()
        assert sandbox.stats()["writes"] == 0
        assert templates.renders > 0  # compared as before, by rendering


def _defined_digest(sources: tuple[str, ...], context: dict[str, object]) -> str:
    """The inputs hash as markers already in GitLab record it: the whole canonical JSON."""
    canonical = json.dumps([list(sources), context], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=_plain)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def test_the_inputs_hash_is_the_hash_of_the_canonical_json_markers_already_record() -> None:
    state, _ = fresh(SMALL.replace("name: Carol Diaz", "name: Carol Díaz \u2603"))
    texts = [i.lazy for i in state.issues if i.lazy is not None]
    texts += [t for p in state.projects for _, t in p.lazy_files
              if isinstance(t, LazyText)]
    assert len(texts) > 10
    for text in texts * 2:  # the second time from the kept pieces
        sources = tuple(text.templates.source_digest(n) for n in (text.template, *text.also))
        assert inputs_digest(sources, text.context) == _defined_digest(sources, dict(text.context))
    odd = {"z": [1, 2.5, None, True], "a": {"b": date(2026, 1, 2)}, "é": "\u2603", "m": "x"}
    assert inputs_digest(("s1", "s2"), odd) == _defined_digest(("s1", "s2"), odd)
