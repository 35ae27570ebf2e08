"""The desired state: golden for a small program, order-independent, meetings just in time."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from program_samples import SMALL, small_program

from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.render.calendar import calendar_is_edited
from mentorship_bot.render.markers import content_hash, is_edited, parse_marker
from mentorship_bot.render.templates import TemplateSet

GOLDEN = Path(__file__).parent / "golden" / "desired"
TEMPLATES = TemplateSet()


def summary(state: DesiredState) -> dict[str, Any]:
    """The desired state as reviewable JSON: rendered texts appear as their length and hash."""
    return {
        "groups": [[g.full_path, g.name, g.visibility] for g in state.groups],
        "labels": [[label.name, label.color] for label in state.labels],
        "milestones": [[m.group_path, m.title, m.due_date.isoformat()] for m in state.milestones],
        "projects": [
            {"path": p.full_path, "name": p.name, "visibility": p.visibility,
             "members": [list(m) for m in p.members],
             "files": {path: content_hash(content) for path, content in p.files}}
            for p in state.projects
        ],
        "issues": [
            {"id": i.marker_id, "title": i.title, "labels": list(i.labels),
             "milestone": i.milestone_title,
             "due": i.due_date.isoformat() if i.due_date else None,
             "description": content_hash(i.description)}
            for i in state.issues
        ],
    }


def test_golden_desired_state() -> None:
    state = desired_state(small_program(), date(2026, 2, 1), TEMPLATES)
    path = GOLDEN / "small-2026-02-01.json"
    text = json.dumps(summary(state), indent=1, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "regenerate with UPDATE_GOLDEN=1 and review"


def test_every_project_and_group_is_private() -> None:
    state = desired_state(small_program(), date(2026, 2, 1), TEMPLATES)
    assert {p.visibility for p in state.projects} | {g.visibility for g in state.groups} == {
        "private"}


def test_every_written_text_carries_its_own_untouched_marker() -> None:
    state = desired_state(small_program(), date(2026, 2, 1), TEMPLATES)
    for issue in state.issues:
        marker = parse_marker(issue.description)
        assert marker is not None and marker.id == issue.marker_id
        assert not is_edited(issue.description)
    for project in state.projects:
        for path, content in project.files:
            # calendar.ics carries its marker as an iCalendar property (render/calendar.py).
            assert not (calendar_is_edited if path == "calendar.ics" else is_edited)(content)


def meeting_ids(state: DesiredState, pair: str) -> list[str]:
    return [i.marker_id.rsplit("/", 1)[1] for i in state.issues
            if i.pair == pair and "/meeting-" in i.marker_id]


def test_meetings_appear_just_in_time() -> None:
    program = small_program()
    # Monthly cadence from 2026-01-05: meetings due 02-05 and 03-05, created 14 days before.
    assert meeting_ids(desired_state(program, date(2026, 1, 21), TEMPLATES), "carol-alice") == []
    assert meeting_ids(desired_state(program, date(2026, 1, 22), TEMPLATES), "carol-alice") == [
        "meeting-01"]
    assert meeting_ids(desired_state(program, date(2026, 3, 29), TEMPLATES), "carol-alice") == [
        "meeting-01", "meeting-02"]


def test_one_off_milestones_and_progress_exist_from_the_start() -> None:
    state = desired_state(small_program(), date(2025, 12, 1), TEMPLATES)
    ids = sorted(i.marker_id for i in state.issues if i.pair == "carol-alice")
    assert ids == [f"eng/spring-2026/carol-alice/{key}" for key in
                   ("final", "goal", "kickoff", "midpoint", "progress")]


def test_labels_and_milestones_are_per_group_not_per_pair() -> None:
    state = desired_state(small_program(), date(2026, 2, 1), TEMPLATES)
    assert {label.group_path for label in state.labels} == {"acme/mentoring"}
    assert len(state.labels) == 17  # 5 milestone keys, 2 kinds, 7 statuses, nudged, ended, cert.
    spring = [m for m in state.milestones if m.group_path == "acme/mentoring/spring-2026"]
    assert [m.title for m in spring] == ["Kickoff and ground rules", "Goal and purpose",
                                         "Meeting 1", "Midpoint check", "Meeting 2",
                                         "Final meeting"]


permutation = st.randoms(use_true_random=False)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(permutation)
def test_the_order_of_lists_in_the_file_does_not_matter(rng: Any) -> None:
    data = yaml.safe_load(SMALL)
    for key in ("rounds", "mentors", "mentees", "pairs"):
        rng.shuffle(data[key])
    rng.shuffle(data["program"]["coordinators"])
    shuffled, problems = validate_text(yaml.safe_dump(data), "shuffled.yml")
    assert shuffled is not None, problems
    today = date(2026, 2, 1)
    assert desired_state(shuffled, today, TEMPLATES) == desired_state(small_program(), today,
                                                                      TEMPLATES)


def _scope(label: str) -> str | None:
    """What comes before the last ``::`` of a scoped label (doc/user/project/labels.md)."""
    return label.rsplit("::", 1)[0] if "::" in label else None


def test_no_issue_gets_two_labels_of_one_scope() -> None:
    """On Premium a second label of a scope removes the first: every issue's labels, the sweep's
    nudge and certificate labels included, must have one label per scope."""
    from mentorship_bot.provision.desired_state import (
        CERTIFIED_LABEL,
        NUDGED_LABEL,
    )

    state = desired_state(small_program(), date(2026, 6, 30), TEMPLATES)
    for issue in state.issues:
        # What the sweep adds later: a nudge and a certificate on a milestone issue (it sets the
        # Progress issue's status by replacing the one before).
        later = (NUDGED_LABEL, CERTIFIED_LABEL) if "progress" not in issue.marker_id else ()
        scopes = [_scope(label) for label in (*issue.labels, *later) if _scope(label)]
        assert len(scopes) == len(set(scopes)), (issue.marker_id, issue.labels, later)


def test_the_projects_alone_are_the_pairs_projects() -> None:
    state = desired_state(small_program(), date(2026, 2, 1), TemplateSet())
    assert list(state.project_walk()) == [pair.project for pair in state.pairs()]
