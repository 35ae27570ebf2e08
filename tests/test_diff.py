"""The diff, case by case: each kind of difference plans exactly its action, and nothing else."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from program_samples import SMALL, small_program

from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.observed_state import (
    ObservedGroup,
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedProject,
    ObservedState,
    TextPacker,
    kept_text,
)
from mentorship_bot.provision.plan import WRITE_KINDS, Plan
from mentorship_bot.render.markers import body_of, parse_marker, read_marker, with_marker
from mentorship_bot.render.templates import TemplateSet

TODAY = date(2026, 2, 1)
TEMPLATES = TemplateSet()


def without_text(issue: ObservedIssue, packer: TextPacker | None = None) -> ObservedIssue:
    """``issue`` as ``observe`` keeps it (``kept_text``): its marker instead of its text when
    it is exactly as the bot wrote it."""
    fields = kept_text(issue.description, read_marker(issue.description), issue.marker_id,
                       issue.state, packer)
    return replace(issue, **fields) if "kept_marker" in fields else issue


def desired(text: str = SMALL, today: date = TODAY) -> DesiredState:
    return desired_state(small_program(text), today, TEMPLATES)


def observed_from(state: DesiredState) -> ObservedState:
    """What GitLab holds right after a perfect apply of ``state``."""
    return ObservedState(
        groups={g.full_path: ObservedGroup(i, g.full_path) for i, g in enumerate(state.groups)},
        labels={lb.name: ObservedLabel(lb.name, lb.color, lb.description) for lb in state.labels},
        milestones={(m.group_path, m.title): ObservedMilestone(i, m.group_path, m.title,
                                                                m.due_date)
                    for i, m in enumerate(state.milestones)},
        projects={p.full_path: ObservedProject(i, p.full_path, "private",
                                               members={u.lower(): lvl for u, lvl in p.members},
                                               files=dict(p.files))
                  for i, p in enumerate(state.projects)},
        issues={i.marker_id: ObservedIssue(i.project_path, n + 1, i.marker_id, i.title,
                                           i.description, i.labels, i.milestone_title, i.due_date,
                                           assignees=tuple(u.lower() for u in i.assignees))
                for n, i in enumerate(state.issues)},
        source="the test GitLab",
    )


def kinds(plan: Plan) -> list[str]:
    return [a.kind for a in plan.actions]


def test_empty_gitlab_plans_every_object_in_dependency_order() -> None:
    state = desired()
    plan = diff(state, ObservedState.empty())
    order = [WRITE_KINDS.index(k) for k in kinds(plan)]
    assert order == sorted(order)
    assert plan.counts() == {
        "create_group": 2, "create_label": 17, "create_board": 1, "create_board_list": 7,
        "create_milestone": len(state.milestones),
        "create_project": 3, "add_member": 6, "commit_files": 3,
        "create_issue": len(state.issues)}


def test_gitlab_matching_the_program_plans_nothing() -> None:
    state = desired()
    assert diff(state, observed_from(state)).actions == ()


def test_a_moved_round_date_updates_milestones_and_issue_due_dates() -> None:
    before = desired()
    after = desired(SMALL.replace("ends: 2026-03-29", "ends: 2026-03-22"))
    plan = diff(after, observed_from(before))
    # The pairs' calendar.ics follow the new dates (provision/calendar_diff.py).
    assert set(kinds(plan)) == {"update_milestone", "update_issue", "template_changed",
                                "commit_calendar"}
    final = next(a for a in plan.actions if a.kind == "update_milestone"
                 and a.target.endswith(":Final meeting"))
    assert final.attribute("due_date") == date(2026, 3, 22)
    issue = next(a for a in plan.actions if a.target == "eng/spring-2026/carol-alice/final"
                 and a.kind == "update_issue")
    assert dict(issue.attributes)["due_date"] == date(2026, 3, 22)
    assert "description" not in dict(issue.attributes)  # texts only with --update-templates


def test_a_new_pair_plans_only_its_own_objects() -> None:
    before = desired()
    after = desired(SMALL + "  - {mentor: bob, mentee: carol, round: autumn-2026}\n")
    plan = diff(after, observed_from(before))
    assert {a.pair for a in plan.actions} == {"carol-bob"}
    assert set(kinds(plan)) == {"create_project", "add_member", "commit_files", "create_issue"}


def test_a_new_milestone_plans_its_label_milestones_and_issues() -> None:
    extra = ("milestones:\n"
             "  - {key: kickoff, title: Kickoff and ground rules, template: kickoff, due: 7d}\n"
             "  - {key: goal, title: Goal and purpose, template: goal, due: 2w}\n"
             "  - {key: meeting, title: Meeting, template: meeting, repeat: cadence}\n"
             "  - {key: midpoint, title: Midpoint check, template: midpoint, due: 50%}\n"
             "  - {key: final, title: Final meeting, template: final, due: -0d}\n")
    before = desired(SMALL + extra)
    assert diff(before, observed_from(desired())).is_empty()  # the same as the default plan
    retro = "  - {key: retro, title: Retro, template: midpoint, due: 75%}\n"
    after = desired(SMALL + extra + retro)
    plan = diff(after, observed_from(before))
    writes = {k: n for k, n in plan.counts().items() if k in WRITE_KINDS}
    assert writes == {"create_label": 1, "create_milestone": 2, "create_issue": 3,
                      "commit_calendar": 3}  # the retro joins each pair's calendar.ics
    # Texts that list the whole plan (the README, some issues) changed: reported, not written.
    assert set(plan.counts()) - set(writes) == {"template_changed"}


def test_a_person_edited_issue_is_never_overwritten() -> None:
    state = desired()
    observed = observed_from(state)
    kickoff = "eng/spring-2026/carol-alice/kickoff"
    issue = observed.issues[kickoff]
    edited = replace(issue, description=issue.description.replace("- [ ]", "- [x]", 1))
    observed = replace(observed, issues={**observed.issues, kickoff: edited})
    changed = desired(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    for update_templates in (False, True):
        plan = diff(changed, observed, update_templates=update_templates)
        kept = [a for a in plan.actions if a.target == kickoff]
        assert [a.kind for a in kept] == ["keep_edited"]


def test_a_changed_template_waits_for_update_templates() -> None:
    before = desired()
    after = desired(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    plan = diff(after, observed_from(before))
    assert "update_issue" not in kinds(plan) and "template_changed" in kinds(plan)
    plan = diff(after, observed_from(before), update_templates=True)
    updates = [a for a in plan.actions if a.kind == "update_issue"]
    assert updates and all("Carol Díaz" in body_of(a.attribute("description")) for a in updates
                           if "description" in dict(a.attributes))


def test_the_progress_issue_is_left_to_the_sweep() -> None:
    before = desired()
    after = desired(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    plan = diff(after, observed_from(before), update_templates=True)
    assert not [a for a in plan.actions if a.target.endswith("/progress")]


def test_a_public_project_is_made_private_again_and_reported() -> None:
    state = desired()
    observed = observed_from(state)
    path = "acme/mentoring/spring-2026/carol-alice"
    observed = replace(observed, projects={**observed.projects,
                                           path: replace(observed.projects[path],
                                                         visibility="public")})
    plan = diff(state, observed)
    assert [(a.kind, a.target, a.attribute("visibility")) for a in plan.actions] == [
        ("update_project", path, "private")]
    assert "made public" in plan.actions[0].reason


def test_a_missing_member_is_added_and_unread_members_are_left_alone() -> None:
    state = desired()
    observed = observed_from(state)
    path = "acme/mentoring/spring-2026/carol-alice"
    for members, expected in (({"carol": 30}, ["add_member"]), (None, []),
                              ({"carol": 30, "alice": 40}, []), ({"carol": 30, "alice": 20},
                                                                 ["add_member"])):
        project = replace(observed.projects[path], members=members)
        plan = diff(state, replace(observed, projects={**observed.projects, path: project}))
        assert kinds(plan) == expected


def test_a_project_no_pair_owns_is_reported_and_archived_only_with_prune() -> None:
    before = desired()
    after = desired(SMALL.replace("  - {mentor: bob, mentee: dave, round: spring-2026}\n", ""))
    observed = observed_from(before)
    plan = diff(after, observed)
    assert kinds(plan) == ["orphan_project"]
    assert plan.is_empty()
    pruned = diff(after, observed, prune=True)
    assert kinds(pruned) == ["archive_project"]
    assert pruned.actions[0].target == "acme/mentoring/spring-2026/dave-bob"


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2026, 3, 1), date(2026, 12, 1)])
def test_apply_then_plan_again_is_empty_on_any_day(today: date) -> None:
    state = desired(today=today)
    assert diff(state, observed_from(state)).is_empty()


def test_an_archived_project_the_program_wants_is_reported_and_left_alone() -> None:
    state = desired(today=date(2026, 3, 1))  # new meeting issues would be due
    observed = observed_from(desired())
    path = "acme/mentoring/spring-2026/carol-alice"
    observed = replace(observed, projects={**observed.projects,
                                           path: replace(observed.projects[path], archived=True)})
    plan = diff(state, observed)
    assert [a.kind for a in plan.actions if a.pair == "carol-alice"] == ["archived_project"]
    assert [a for a in plan.writes() if a.pair == "dave-bob"]  # other pairs go on


def test_ticked_tasks_are_use_not_edits() -> None:
    state = desired()
    observed = observed_from(state)
    goal = next(i for i in observed.issues.values() if i.marker_id.endswith("carol-alice/goal"))
    assert "- [ ]" in goal.description
    ticked = replace(goal, description=re.sub(r"(?m)^- \[ \]", "- [x]", goal.description))
    issues = {**observed.issues, goal.marker_id: ticked}
    assert diff(state, replace(observed, issues=issues)).actions == ()
    # ...but ticks and a changed template: the pair's ticks are kept, the change is reported.
    changed = desired(SMALL.replace("name: Carol Diaz", "name: Carol Díaz"))
    plan = diff(changed, replace(observed, issues=issues), update_templates=True)
    kept = [a for a in plan.actions if a.target == goal.marker_id]
    assert [a.kind for a in kept] == ["keep_edited"]


# Who drives (issue 12): milestones[].assignee, set on creation, changed only where the bot's
# own assignment still stands.
ASSIGNED = SMALL + """\
milestones:
  - {key: kickoff, title: Kickoff and ground rules, template: kickoff, due: 7d}
  - {key: goal, title: Goal and purpose, template: goal, due: 14d, assignee: ASSIGNEE}
"""
GOAL = "eng/spring-2026/carol-alice/goal"


def assigned(assignee: str) -> DesiredState:
    return desired(ASSIGNED.replace("ASSIGNEE", assignee))


def carols(plan: Plan) -> tuple:
    """The plan's actions on Carol's goal issue (every pair's goal changes alike)."""
    return tuple(a for a in plan.actions if a.target.startswith(GOAL))


def held_by(observed: ObservedState, marker_id: str, *people: str, **changes: object
            ) -> ObservedState:
    """``observed`` with one issue's assignees (and other fields) as a person left them."""
    issues = dict(observed.issues)
    issues[marker_id] = replace(issues[marker_id], assignees=people, **changes)
    return replace(observed, issues=issues)


@pytest.mark.parametrize(("assignee", "people"), [
    ("mentee", ("carol",)), ("mentor", ("alice",)), ("both", ("carol", "alice"))])
def test_new_milestone_issues_are_assigned_to_who_drives(assignee: str, people: tuple) -> None:
    plan = diff(assigned(assignee), ObservedState.empty())
    creates = {a.target: a.attribute("assignees") for a in plan.actions
               if a.kind == "create_issue" and "carol-alice" in a.target}
    assert creates[GOAL] == people
    assert creates["eng/spring-2026/carol-alice/kickoff"] == ("carol",)  # the default
    assert creates["eng/spring-2026/carol-alice/progress"] is None


def test_a_changed_assignee_updates_only_the_assignees_and_the_markers_record() -> None:
    before = held_by(observed_from(assigned("mentee")), GOAL, "carol")
    [action] = carols(diff(assigned("mentor"), before))
    assert (action.kind, action.target) == ("update_issue", GOAL)
    assert action.attribute("assignees") == ("alice",)
    old, new = before.issues[GOAL].description, action.attribute("description")
    assert body_of(new) == body_of(old) and parse_marker(new).assigned == "mentor"
    assert parse_marker(new).hash == parse_marker(old).hash
    after = held_by(before, GOAL, "alice", description=new)
    assert carols(diff(assigned("mentor"), after)) == ()  # applied: nothing more to do


def test_an_assignee_a_person_changed_is_never_overwritten() -> None:
    before = held_by(observed_from(assigned("mentee")), GOAL, "alice")  # reassigned by hand
    assert carols(diff(assigned("mentee"), before)) == ()  # the program did not change
    [action] = carols(diff(assigned("both"), before))
    assert (action.kind, action.target) == ("keep_edited", f"{GOAL}:assignees")
    nobody = held_by(before, GOAL)  # unassigned by hand
    assert [a.kind for a in carols(diff(assigned("mentor"), nobody))] == ["keep_edited"]


def test_both_on_gitlab_free_is_the_mentee_alone_and_not_a_change() -> None:
    free = held_by(observed_from(assigned("both")), GOAL, "carol")  # Free kept the first
    assert carols(diff(assigned("both"), free)) == ()
    [action] = carols(diff(assigned("mentor"), free))
    assert action.attribute("assignees") == ("alice",)


def test_an_open_issue_kept_compressed_is_reassigned_with_its_whole_text() -> None:
    """``observe`` keeps an open issue exactly as the bot wrote it compressed (issue 18: 49,000
    open texts at 10,000 pairs); a reassignment still rewrites its whole text."""
    before = held_by(observed_from(assigned("mentee")), GOAL, "carol")
    whole = before.issues[GOAL]
    packer = TextPacker(size=2)
    others = [without_text(i, packer) for i in before.issues.values() if i is not whole]
    kept = without_text(whole, packer)
    packer.close()  # sealed: held compressed with the other open texts of its batch
    assert (kept.description, kept.full_description()) == ("", whole.description)
    assert all(o.full_description() == before.issues[o.marker_id].description for o in others)
    compact = replace(before, issues={**before.issues, GOAL: kept})
    assert carols(diff(assigned("mentor"), compact)) == carols(diff(assigned("mentor"), before))
    assert carols(diff(assigned("mentee"), compact)) == ()
    ticked = replace(whole, description=whole.description.replace("- [ ]", "- [x]", 1))
    assert without_text(ticked) is ticked  # a ticked text is not as written: kept whole


def test_closed_issues_are_not_reassigned() -> None:
    closed = held_by(observed_from(assigned("mentee")), GOAL, "carol", state="closed")
    assert carols(diff(assigned("mentor"), closed)) == ()


def test_an_ended_pairs_open_issues_keep_their_assignees() -> None:
    """Issue 12: an ended pair keeps every issue as it is; a later change of who drives must
    not reassign (and mail) the partner it no longer has."""
    ended = ASSIGNED.replace('goal: "Ship one CI improvement"}',
                             'goal: "Ship one CI improvement", '
                             'ended: {on: 2026-01-20, reason: not-a-fit}}')
    before = held_by(observed_from(desired(ended.replace("ASSIGNEE", "mentee"))), GOAL, "carol")
    assert carols(diff(desired(ended.replace("ASSIGNEE", "mentor")), before)) == ()
    running = [a for a in diff(desired(ended.replace("ASSIGNEE", "mentor")), before).actions
               if a.target == "eng/spring-2026/dave-bob/goal"]
    assert [a.kind for a in running] == ["update_issue"]  # a running pair's still changes


def test_issues_from_before_assignees_get_one_and_an_edited_text_stays() -> None:
    old = observed_from(assigned("mentee"))
    text = old.issues[GOAL].description.replace(" assigned=mentee", "")
    edited = text.replace("\n\n<!--", "\n\nOur own note.\n\n<!--")
    assert parse_marker(edited).assigned is None
    legacy = held_by(old, GOAL, description=edited)  # nobody assigned, text edited by the pair
    [update, keep] = carols(diff(assigned("mentee"), legacy))
    assert (keep.kind, keep.target) == ("keep_edited", GOAL)
    assert update.attribute("assignees") == ("carol",)
    assert "Our own note." in update.attribute("description")
    assert parse_marker(update.attribute("description")).assigned == "mentee"


def test_a_template_update_keeps_recording_what_the_bot_assigned() -> None:
    by_hand = held_by(observed_from(assigned("mentee")), GOAL, "alice",
                      description=with_marker("old template text", GOAL, "mentee"))
    actions = carols(diff(assigned("mentor"), by_hand, update_templates=True))
    assert [a.kind for a in actions] == ["update_issue", "keep_edited"]
    update = actions[0]
    assert update.attribute("assignees") is None
    assert parse_marker(update.attribute("description")).assigned == "mentee"


@pytest.mark.parametrize("update_templates", [False, True])
@pytest.mark.parametrize("program", ["same", "renamed", "edited", "older"])
def test_a_closed_text_as_the_bot_wrote_it_is_planned_from_its_marker_alone(
        program: str, update_templates: bool) -> None:
    """observe keeps a closed, unedited issue's marker and not its text (issue 18): every plan
    is the plan made with the whole text."""
    now = observed_from(desired())
    issues = {k: replace(i, state="closed") for k, i in now.issues.items()}
    kickoff = next(k for k in issues if k.endswith("/kickoff"))
    if program == "edited":  # a person's edit keeps the text
        issues[kickoff] = replace(issues[kickoff], description=issues[kickoff].description
                                  .replace("\n\n<!--", "\n\nOurs.\n\n<!--"))
    if program == "older":  # markers without inputs: texts compared by rendering
        issues = {k: replace(i, description=re.sub(r" inputs=[0-9a-f]{12}", "", i.description))
                  for k, i in issues.items()}
    whole = replace(now, issues=issues)
    lean = replace(now, issues={k: without_text(i) for k, i in issues.items()})
    dropped = [i for i in lean.issues.values() if not i.text_kept]
    assert dropped and all(i.description == "" for i in dropped)
    assert all(i.text_kept for i in lean.issues.values() if i.marker_id.endswith("/progress"))
    assert lean.issues[kickoff].text_kept is (program == "edited")
    text = SMALL.replace("name: Carol Diaz", "name: Carol Díaz") if program != "same" else SMALL
    state = desired(text)
    assert diff(state, lean, update_templates=update_templates) == diff(
        state, whole, update_templates=update_templates)
    if program == "renamed":
        assert diff(state, lean).counts().get("template_changed")


def test_texts_packed_together_come_back_whole() -> None:
    texts = ["a", "Carol Díaz ✓", "", "z" * 5000, "ü\n"]
    packer = TextPacker(size=3)
    places = [packer.keep(text) for text in texts]
    assert places[0][0] is places[2][0] and places[3][0] is not places[0][0]
    assert [batch.text(index) for batch, index in places] == texts  # the last batch unsealed
    packer.close()
    assert [batch.text(index) for batch, index in places] == texts
