"""The snapshot of a program's issues (issue 18): its file reads back what was written, anything
else in it is no snapshot, and whatever an update list cannot show asks for a whole read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from test_diff import desired, observed_from

from mentorship_bot.provision.issue_facts import NameTable, fact_line
from mentorship_bot.provision.issue_snapshot import (
    KEEP_FOR,
    MARGIN,
    IssueSnapshot,
    decode_snapshot,
    encode_snapshot,
    is_due,
    take_snapshot,
    why_full,
)
from mentorship_bot.provision.observed_state import (
    ObservedLabel,
    ObservedProject,
    ObservedState,
)

AS_OF = datetime(2026, 2, 1, 23, tzinfo=timezone.utc)
TONIGHT = AS_OF + timedelta(days=1)


def observed() -> ObservedState:
    state = observed_from(desired())
    labels = {n: replace(lb, id=i + 100) for i, (n, lb) in enumerate(state.labels.items())}
    projects = {path: replace(p, created_on=date(2026, 1, 5))
                for path, p in state.projects.items()}
    return replace(state, labels=labels, projects=projects)


def snapshot(state: ObservedState | None = None) -> IssueSnapshot:
    state = state or observed()
    return take_snapshot(state.issues, state.duplicates, state.projects, state.labels.values(),
                         state.milestones.values(), AS_OF, AS_OF - timedelta(days=2),
                         state.projects.keys())


def full_reason(state: ObservedState, known: IssueSnapshot | None = None,
                now: datetime | None = TONIGHT) -> str | None:
    return why_full(snapshot() if known is None else known, now, state.labels.values(),
                    state.milestones.values(), state.projects.values())


def test_the_file_reads_back_what_was_written() -> None:
    state = observed()
    kept = snapshot(state)
    back = decode_snapshot(encode_snapshot(kept))
    assert back is not None
    assert (back.as_of, back.full_read, back.labels, back.milestones) == (
        kept.as_of, kept.full_read, kept.labels, kept.milestones)
    assert back.projects.keys() == kept.projects.keys() == {p.id for p in state.projects.values()}
    for project_id, known in kept.projects.items():
        again = back.projects[project_id]
        assert (again.path, again.archived, again.progress_iid) == (
            known.path, known.archived, known.progress_iid)
        names = NameTable()
        assert [fact_line(i, "", names) for i in again.issues] == [
            fact_line(i, "", names) for i in known.issues]
    milestone_issues = [i for k, i in state.issues.items() if not k.endswith("/progress")]
    assert sorted(i.marker_id for i in back.issues(state.projects.values())) == sorted(
        i.marker_id for i in milestone_issues)
    assert encode_snapshot(back) == encode_snapshot(kept)  # written again byte for byte


@pytest.mark.parametrize("text", [
    None, "", "not json", '{"version": 2}\n', '{"version": 1}\n',
    encode_snapshot(IssueSnapshot(AS_OF, AS_OF)).replace("+00:00", ""),  # a time without zone
    encode_snapshot(IssueSnapshot(AS_OF, AS_OF)) + "P 1 0 - a/ a/b\n1 m\n",  # a line cut short
    encode_snapshot(IssueSnapshot(AS_OF, AS_OF)) + "1 m x\n",  # an issue before its project
])
def test_anything_else_in_the_file_is_no_snapshot(text: str | None) -> None:
    assert decode_snapshot(text) is None


def test_a_snapshot_and_its_updates_do_when_nothing_else_changed() -> None:
    assert full_reason(observed()) is None


def test_without_a_snapshot_or_gitlabs_time_the_read_is_whole() -> None:
    state = observed()
    assert why_full(None, TONIGHT, (), (), ()) == "no snapshot of the issues it can read"
    assert full_reason(state, now=None) == (
        "GitLab's answers carry no Date: the time of updates is unknown")


def test_a_week_after_the_last_whole_read_the_read_is_whole() -> None:
    state = observed()
    known = snapshot(state)
    assert full_reason(state, known, known.full_read + timedelta(days=7) - timedelta(seconds=1)
                       ) is None
    reason = full_reason(state, known, known.full_read + timedelta(days=7))
    assert reason is not None and reason.startswith("the weekly whole read")


def test_a_renamed_or_deleted_label_or_milestone_makes_the_read_whole() -> None:
    state = observed()
    name, label = next(iter(state.labels.items()))
    renamed = {**state.labels, name: replace(label, name="kind::renamed")}
    assert full_reason(replace(state, labels=renamed)) == "a label was renamed or deleted"
    deleted = {k: v for k, v in state.labels.items() if k != name}
    assert full_reason(replace(state, labels=deleted)) == "a label was renamed or deleted"
    added = {**state.labels, "new": ObservedLabel("new", "#fff", id=999)}
    assert full_reason(replace(state, labels=added)) is None  # no issue can carry it yet
    key, milestone = next(iter(state.milestones.items()))
    retitled = {**state.milestones, key: replace(milestone, title="Renamed")}
    assert full_reason(replace(state, milestones=retitled)) == (
        "a milestone was renamed or deleted")
    closed = {**state.milestones, key: replace(milestone, state="closed")}
    assert full_reason(replace(state, milestones=closed)) is None


def test_projects_an_update_list_cannot_vouch_for_make_the_read_whole() -> None:
    state = observed()
    path, project = next(iter(state.projects.items()))
    since = AS_OF - MARGIN

    def with_project(found: ObservedProject) -> ObservedState:
        return replace(state, projects={**state.projects, found.full_path: found})

    # Created after the snapshot's time: every issue it has is listed as updated since.
    fresh = ObservedProject(5000, "acme/mentoring/spring-2026/new", "private",
                            created_at=since)
    assert full_reason(with_project(fresh)) is None
    # Replaced at its path by an older project, or brought in from elsewhere.
    older = replace(fresh, created_at=since - timedelta(seconds=1))
    assert full_reason(with_project(older)) == (
        "acme/mentoring/spring-2026/new is not in the snapshot and may have older issues")
    # Archived then: its issues were left out; unarchived now, they would be missed.
    archived = snapshot(replace(state, projects={**state.projects,
                                                 path: replace(project, archived=True)}))
    assert full_reason(state, archived) == f"{path} was unarchived"
    # Renamed: the same project, read at its new path.
    moved = replace(project, full_path=path + "-renamed")
    state_moved = replace(state, projects={**{p: v for p, v in state.projects.items()
                                              if p != path}, moved.full_path: moved})
    assert full_reason(state_moved) is None
    issues = snapshot(state).issues([moved])
    assert issues and {i.project_path for i in issues} == {moved.full_path}


def test_an_archived_projects_issues_are_left_out_as_gitlabs_list_leaves_them_out() -> None:
    state = observed()
    project = next(iter(state.projects.values()))
    assert snapshot(state).issues([project])
    assert snapshot(state).issues([replace(project, archived=True)]) == []


def test_a_progress_issue_the_read_did_not_find_is_named() -> None:
    state = observed()
    known = snapshot(state)
    assert known.missing_progress(state.projects.values(), state.issues) == []
    progress = next(k for k in state.issues if k.endswith("/progress"))
    gone = {k: v for k, v in state.issues.items() if k != progress}
    assert known.missing_progress(state.projects.values(), gone) == [
        state.issues[progress].project_path]


@pytest.mark.parametrize(("whole", "wrote", "age", "due"), [
    (True, False, timedelta(0), True),  # after a whole read
    (False, True, timedelta(0), True),  # after other writes
    (False, False, KEEP_FOR, True),  # getting old
    (False, False, KEEP_FOR - timedelta(seconds=1), False),  # a same-night re-run
])
def test_when_a_run_writes_its_snapshot(whole: bool, wrote: bool, age: timedelta,
                                        due: bool) -> None:
    assert is_due(AS_OF, AS_OF + age, whole=whole, wrote=wrote) is due
    assert is_due(None, AS_OF, whole=False, wrote=False)


def test_a_milestone_keeps_its_title_by_id() -> None:
    state = observed()
    kept = snapshot(state)
    assert kept.milestones == {m.id: m.title for m in state.milestones.values()}
    assert len(kept.milestones) == len(state.milestones) > 0


def test_only_the_pairs_projects_issues_are_kept() -> None:
    """Another project of the group (the feedback project's confidential surveys, the intake's
    choices) is known by id only: a hash of a few ticks could be guessed."""
    state = observed()
    path, other = next(iter(state.projects.items()))
    kept = take_snapshot(state.issues, state.duplicates, state.projects, state.labels.values(),
                         state.milestones.values(), AS_OF, AS_OF,
                         set(state.projects) - {path})
    assert kept.projects[other.id].issues == () and kept.projects[other.id].progress_iid is None
    assert all(known.issues for i, known in kept.projects.items() if i != other.id)
    assert why_full(kept, TONIGHT, state.labels.values(), state.milestones.values(),
                    state.projects.values()) is None
