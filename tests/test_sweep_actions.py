"""The sweep's writes, decided without HTTP: what changes is written, once; what didn't, isn't."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from program_samples import small_program
from test_diff import observed_from

from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.observed_state import ObservedDashboard, ObservedIssue, ObservedState
from mentorship_bot.provision.plan import Action
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.actions import sweep_actions
from mentorship_bot.sweep.progress import program_progress

PROGRAM = small_program()
TEMPLATES = TemplateSet()
KICKOFF = "eng/spring-2026/carol-alice/kickoff"
GOAL = "eng/spring-2026/carol-alice/goal"


def gitlab_on(day: date) -> ObservedState:
    return observed_from(desired_state(PROGRAM, day, TEMPLATES))


def actions(observed: ObservedState, day: date,
            dashboard: ObservedDashboard | None = None) -> list[Action]:
    progress = program_progress(PROGRAM, observed.issues, day, "mentorship-bot")
    return [a for a in sweep_actions(PROGRAM, progress, observed, TEMPLATES, dashboard)
            if a.writes]


def after(observed: ObservedState, done: list[Action]) -> ObservedState:
    """GitLab once ``done`` went through: labels and descriptions as the sweep wrote them."""
    issues = dict(observed.issues)
    for action in done:
        if action.kind == "update_progress":
            issue = issues[action.target]
            labels = [lb for lb in issue.labels if lb not in action.attribute("remove_labels", ())]
            labels += list(action.attribute("add_labels", ()))
            issues[action.target] = replace(issue, labels=tuple(labels),
                                            description=action.attribute("description",
                                                                         issue.description))
        if action.kind == "post_nudge":
            target = action.target.removesuffix("/nudge")
            issue = issues[target]
            issues[target] = replace(issue, labels=(*issue.labels, "nudge::sent"),
                                     user_notes=issue.user_notes + 1)
    return replace(observed, issues=issues)


def test_one_nudge_for_the_newest_overdue_milestone_then_none() -> None:
    day = date(2026, 1, 20)  # kickoff (01-12) and goal (01-19) are both overdue
    first = actions(gitlab_on(day), day)
    nudges = [a.target for a in first if a.kind == "post_nudge"]
    assert nudges == ["eng/spring-2026/carol-alice/goal/nudge",
                      "eng/spring-2026/dave-bob/goal/nudge"]
    body = next(a for a in first if a.kind == "post_nudge").attribute("body")
    assert "@carol" in body and "@alice" in body and '/label ~"nudge::sent"' in body
    assert actions(after(gitlab_on(day), first), day) == []  # the same night again


def test_the_progress_issue_gets_its_status_and_block_once() -> None:
    day = date(2026, 1, 13)
    observed = gitlab_on(day)
    first = actions(observed, day)
    update = next(a for a in first if a.target == "eng/spring-2026/carol-alice/progress")
    assert update.attribute("add_labels") == ("status::at-risk",)
    assert update.attribute("remove_labels") == ("status::on-track",)
    assert "⚠️ overdue" in update.attribute("description")
    assert actions(after(observed, first), day) == []


def test_a_person_text_outside_the_block_is_kept() -> None:
    day = date(2026, 1, 13)
    observed = gitlab_on(day)
    progress_id = "eng/spring-2026/carol-alice/progress"
    mine = observed.issues[progress_id].description.replace(
        "## Our notes", "## Our notes\n\nSECRET plans of ours")
    observed = replace(observed, issues={**observed.issues,
                                         progress_id: replace(observed.issues[progress_id],
                                                              description=mine)})
    update = next(a for a in actions(observed, day) if a.target == progress_id)
    assert "SECRET plans of ours" in update.attribute("description")


def test_certificates_only_after_the_round_and_only_at_the_threshold() -> None:
    day = date(2026, 3, 30)
    observed = gitlab_on(day)
    closed = datetime(2026, 3, 1, tzinfo=timezone.utc)
    issues: dict[str, ObservedIssue] = dict(observed.issues)
    for key in ("kickoff", "goal", "meeting-01", "meeting-02", "midpoint"):
        marker = f"eng/spring-2026/carol-alice/{key}"
        issues[marker] = replace(issues[marker], state="closed", closed_at=closed,
                                 closed_by="carol", updated_at=closed)
    observed = replace(observed, issues=issues)
    certificates = [a for a in actions(observed, day) if a.kind == "issue_certificate"]
    assert [a.pair for a in certificates] == ["carol-alice"]  # 5/6; dave-bob did nothing
    files = dict(certificates[0].attribute("files"))
    assert sorted(files) == ["certificates/alice.md", "certificates/carol.md"]
    assert "83%" in files["certificates/carol.md"]
    assert not [a for a in actions(observed, date(2026, 3, 29)) if a.kind == "issue_certificate"]


def test_the_dashboard_is_created_then_updated_only_when_numbers_change() -> None:
    day = date(2026, 1, 6)
    observed = gitlab_on(day)
    empty = ObservedDashboard(99, "acme/dashboard")
    [create] = [a for a in actions(observed, day, empty) if a.kind == "create_dashboard"]
    description = create.attribute("description")
    assert "carol" not in description  # nobody needs attention yet, and no pair text ever
    made = replace(empty, iid=1, description=description)
    assert not [a for a in actions(observed, day, made) if "dashboard" in a.kind]
