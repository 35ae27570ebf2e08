"""The diff: desired state minus observed state, as a Plan. A pure function.

Actions come in dependency order (groups, labels, milestones, projects, members, files, issues);
what each action kind means is in ``plan``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mentorship_bot.provision.board import board_actions
from mentorship_bot.provision.calendar_diff import pair_calendar_actions
from mentorship_bot.provision.calendar_file import CALENDAR_PATH, LazyCalendar
from mentorship_bot.provision.desired_state import (
    DesiredGroup,
    DesiredIssue,
    DesiredPair,
    DesiredProject,
    DesiredState,
)
from mentorship_bot.provision.member_actions import member_actions
from mentorship_bot.provision.observed_state import ObservedIssue, ObservedProject, ObservedState
from mentorship_bot.provision.plan import RANK, Action, Plan, attrs
from mentorship_bot.render.lazy import LazyText, text_differs
from mentorship_bot.render.markers import is_edited, parse_marker, with_assigned


@dataclass(frozen=True)
class PlanChunk:
    """The actions of one pair (``pair`` set), of one round's own objects (``pair`` None) or of
    the program group (both None), in plan order."""

    round: str | None
    pair: str | None
    actions: tuple[Action, ...]


def diff(
    desired: DesiredState,
    observed: ObservedState,
    *,
    update_templates: bool = False,
    prune: bool = False,
) -> Plan:
    """The actions that bring ``observed`` to ``desired`` without losing anyone's work.

    New texts stay unrendered (``LazyText``): ``apply`` renders each as it writes it
    (``Action.attribute``), the JSON plan shows what each is rendered from (issue 18)."""
    chunks = diff_chunks(desired, observed, update_templates=update_templates, prune=prune)
    actions = [action for chunk in chunks for action in chunk.actions]
    actions.sort(key=_order)
    return Plan(tuple(actions), observed.source)


def diff_chunks(
    desired: DesiredState,
    observed: ObservedState,
    *,
    update_templates: bool = False,
    prune: bool = False,
    share: tuple[int, int] = (0, 1),
) -> Iterator[PlanChunk]:
    """``diff``, pair by pair: the program group's chunk, then each round's own chunk followed
    by its pairs', in the order the plan outputs list them. Only one pair is held at a time, and
    new texts stay unrendered (``LazyText``) until something reads them.

    ``share=(k, n)``: the k-th of n runs of consecutive pairs, the others not built; the program
    group's and rounds' chunks come with the first. The n shares' chunks, share after share,
    hold every action, each kind's in the order of the whole (``plan_parts``)."""
    part, parts = share
    # GitLab refuses writes to an archived project, and someone archived it on purpose (perhaps
    # with --prune): report it and leave the pair alone until a person unarchives it.
    archived = {path for path in desired.project_paths
                if (seen := observed.projects.get(path)) is not None and seen.archived}
    dups = _duplicates(desired, observed, archived)
    head: list[Action] = []
    for label in desired.labels:
        # Labels a coordinator recoloured stay as they are: only missing ones are created.
        if label.name not in observed.labels:
            head.append(Action("create_label", label.name, attrs(
                group=label.group_path, color=label.color, description=label.description)))
    head.extend(board_actions(desired, observed))
    head.extend(dups.pop((None, None), ()))
    head.extend(_orphans(desired, observed, prune))
    if part == 0:
        yield PlanChunk(None, None, tuple(sorted(head, key=_order)))
    count = len(desired.project_paths)  # one project per pair
    pairs = desired.pairs() if parts == 1 else desired.pairs(
        only=range(count * part // parts, count * (part + 1) // parts))
    pair = next(pairs, None)
    for group in desired.groups:
        if part == 0:
            yield PlanChunk(group.round, None, tuple(sorted(_round_actions(
                group, desired, observed), key=_order)))
        while pair is not None and pair.project.round == group.round:
            yield PlanChunk(group.round, pair.project.pair, tuple(sorted(_pair_actions(
                pair, observed, update_templates, desired.program_group, archived,
                dups.get((group.round, pair.project.pair), ())), key=_order)))
            pair = next(pairs, None)
    if pair is not None:
        raise ValueError(f"pair {pair.project.full_path} is in no round group of the program")


def with_members_checked(plan: Plan, desired: DesiredState, observed: ObservedState,
                         read_after: Collection[str]) -> Plan:
    """``plan``, made of ``observed`` before the members of the projects in ``read_after`` were
    read, with what their members call for: the plan ``diff`` makes of ``observed`` now that it
    holds them (the sweep diffs the rest while GitLab answers the members' queries)."""
    if not read_after:
        return plan
    added = [action for project in desired.memberships if project.full_path in read_after
             and (found := observed.projects.get(project.full_path)) is not None
             and found.members is not None and not found.archived
             for action in member_actions(project, found.members)]
    return Plan(tuple(sorted((*plan.actions, *added), key=_order)), plan.source)


def _round_actions(group: DesiredGroup, desired: DesiredState,
                   observed: ObservedState) -> Iterator[Action]:
    if group.full_path not in observed.groups:
        yield Action("create_group", group.full_path, attrs(
            name=group.name, path=group.path, parent=group.parent_path,
            visibility=group.visibility, description=group.description), round=group.round)
    for milestone in desired.milestones:
        if milestone.round != group.round:
            continue
        found = observed.milestones.get((milestone.group_path, milestone.title))
        target = f"{milestone.group_path}:{milestone.title}"
        if found is None:
            yield Action("create_milestone", target, attrs(
                group=milestone.group_path, title=milestone.title, due_date=milestone.due_date,
                description=milestone.description), round=milestone.round)
        elif found.due_date != milestone.due_date:
            yield Action(
                "update_milestone", target, attrs(id=found.id, due_date=milestone.due_date),
                round=milestone.round,
                reason=f"due date moved from {found.due_date} to {milestone.due_date}")


def _pair_actions(pair: DesiredPair, observed: ObservedState, update_templates: bool,
                  program_group: str, archived: set[str],
                  duplicates: Iterable[Action]) -> Iterator[Action]:
    project = pair.project
    if project.full_path in archived:
        yield Action(
            "archived_project", project.full_path, (), round=project.round,
            pair=project.pair, reason="the program wants this pair but its project is "
            "archived; unarchive it in GitLab to let the bot resume")
        return
    yield from _project_actions(project, observed.projects.get(project.full_path),
                                update_templates, _inherited(observed, project, program_group))
    for issue in pair.issues:
        yield from _issue_actions(issue, observed.issues.get(issue.marker_id), update_templates)
    yield from pair_calendar_actions(pair, observed)
    yield from duplicates


def _order(action: Action) -> tuple[Any, ...]:
    """Dependency rank first; within a round or pair, dated things in date order."""
    due = action.attribute("due_date")
    return (
        RANK[action.kind],
        action.round or "",
        action.pair or "",
        due.isoformat() if due else "",
        action.target,
    )


def _inherited(
    observed: ObservedState, project: DesiredProject, program_group: str
) -> Mapping[str, int]:
    """Who a new project will inherit: its group's members, or the program group's while its
    round group does not exist yet; nobody when that was not read (the offline plan)."""
    members = observed.group_members
    return members.get(project.namespace_path) or members.get(program_group) or {}


def _project_actions(
    project: DesiredProject, found: ObservedProject | None, update_templates: bool,
    inherited: Mapping[str, int],
) -> Iterable[Action]:
    where = {"round": project.round, "pair": project.pair}
    if found is None:
        yield Action(
            "create_project",
            project.full_path,
            attrs(
                name=project.name,
                path=project.path,
                namespace=project.namespace_path,
                visibility=project.visibility,
                description=project.description,
            ),
            **where,
        )
        members: Mapping[str, int] | None = inherited
        files: dict[str, str] | None = {}
    else:
        if found.visibility != project.visibility:
            yield Action(
                "update_project",
                project.full_path,
                attrs(visibility="private"),
                reason=f"the project was made {found.visibility}; pair projects stay private",
                **where,
            )
        members = found.members
        files = dict(found.files) if found.files is not None else None
    if members is not None:
        yield from member_actions(project, members)
    if files is not None:
        changes: list[tuple[str, str, LazyText | LazyCalendar]] = []
        if project.calendar is not None and CALENDAR_PATH not in files:
            # kept up to date afterwards by pair_calendar_actions (provision/calendar_diff.py)
            changes.append(("create", CALENDAR_PATH, project.calendar))
        for path, lazy in project.lazy_files:
            current = files.get(path)
            if current is None:
                changes.append(("create", path, lazy))
            elif text_differs(current, lazy, update_templates):
                if is_edited(current) or parse_marker(current) is None:
                    yield Action(
                        "keep_edited",
                        f"{project.full_path}:{path}",
                        (),
                        **where,
                        reason="a person edited this file; it is left as it is",
                    )
                elif update_templates:
                    changes.append(("update", path, lazy))
                else:
                    yield Action(
                        "template_changed",
                        f"{project.full_path}:{path}",
                        (),
                        **where,
                        reason="its template changed; run with --update-templates",
                    )
        if changes:
            changes.sort(key=lambda change: change[1])
            yield Action(
                "commit_files",
                project.full_path,
                attrs(
                    files=tuple((verb, path) for verb, path, _ in changes),
                    contents=tuple(content for _, _, content in changes),
                ),
                **where,
            )


def _issue_actions(
    issue: DesiredIssue, found: ObservedIssue | None, update_templates: bool
) -> Iterable[Action]:
    where = {"round": issue.round, "pair": issue.pair}
    if found is None and not issue.opens:
        return  # a pair that ended early gets no new issue (issue 12)
    if found is None:
        yield Action(
            "create_issue",
            issue.marker_id,
            attrs(
                project=issue.project_path,
                title=issue.title,
                description=issue.lazy,
                labels=issue.labels,
                milestone=issue.milestone_title,
                due_date=issue.due_date,
                **({"assignees": issue.assignees} if issue.assignees else {}),
            ),
            **where,
        )
        return
    if issue.kind == "progress":
        return  # its managed block is the sweep's; the rest belongs to the pair
    fields: dict[str, Any] = {}
    if found.due_date != issue.due_date:
        fields["due_date"] = issue.due_date
    if found.milestone_title != issue.milestone_title:
        fields["milestone"] = issue.milestone_title
    missing = tuple(label for label in issue.labels if label not in found.labels)
    if missing:
        fields["add_labels"] = missing
    # Ticking a task is how a pair uses an issue, not an edit of its text: a ticked issue
    # whose template did not change plans nothing.
    text_changed = (not found.has_title(issue.title)
                    or found.differs_from(issue.lazy, update_templates))
    if text_changed:
        if found.is_edited():
            yield Action(
                "keep_edited",
                issue.marker_id,
                (),
                **where,
                reason="a person edited this issue; its text is left as it is",
            )
        elif update_templates:
            fields["title"] = issue.title
            fields["description"] = issue.description
        else:
            yield Action(
                "template_changed",
                issue.marker_id,
                (),
                **where,
                reason="its template or title changed; run with --update-templates",
            )
    reassign = _reassignment(issue, found)
    if reassign == "edited":
        yield Action("keep_edited", f"{issue.marker_id}:assignees", (), **where,
                     reason="a person changed who is assigned; left as it is")
    marker = found.marker
    if reassign == "update":
        fields["assignees"] = issue.assignees
        # The marker records what the bot assigned; the rest of the text stays as it is.
        fields.setdefault("description", with_assigned(found.full_description(),
                                                       issue.assignee))
    elif "description" in fields and marker is not None:
        # A new text keeps recording what the bot assigned before, not what it did not do.
        fields["description"] = with_assigned(issue.description, marker.assigned)
    if fields:
        yield Action(
            "update_issue",
            issue.marker_id,
            attrs(project=issue.project_path, iid=found.iid, **fields),
            **where,
            reason=", ".join(sorted(fields)) + " changed",
        )


def bot_assignments(pair_people: tuple[str, str], assigned: str | None
                    ) -> tuple[frozenset[str], ...]:
    """The assignee sets an issue holds when the bot assigned it ``assigned`` and nobody
    changed it since: ``both`` is one person on GitLab Free, which keeps the first (the mentee)."""
    mentee, mentor = (name.lower() for name in pair_people)
    return {
        None: (frozenset(),),
        "mentee": (frozenset({mentee}),),
        "mentor": (frozenset({mentor}),),
        "both": (frozenset({mentee, mentor}), frozenset({mentee})),
    }[assigned]


def _reassignment(issue: DesiredIssue, found: ObservedIssue) -> str | None:
    """``"update"`` when the program now wants other assignees and the issue still holds what
    the bot assigned; ``"edited"`` when a person changed its assignees (never overwritten);
    None when there is nothing to do. Closed issues are left alone: done work needs no owner,
    and reassigning it would only mail people; so are an ended pair's (``opens`` false): it
    keeps every issue as it was (issue 12)."""
    marker = found.marker
    if issue.kind != "milestone" or marker is None or found.state != "opened" or not issue.opens:
        return None
    if marker.assigned == issue.assignee or issue.assignee is None:
        return None
    if frozenset(found.assignees) in bot_assignments(issue.people, marker.assigned):
        return "update"
    return "edited"


def _duplicates(desired: DesiredState, observed: ObservedState, archived: set[str]
                ) -> dict[tuple[str | None, str | None], list[Action]]:
    """Issues two racing runs both created: the newer is closed with a note pointing at the
    older one, which is the one the bot keeps using. Nothing is deleted. By the (round, pair)
    whose issue it copies; (None, None) for a copy of an issue no pair wants any more."""
    out: dict[tuple[str | None, str | None], list[Action]] = {}
    if not observed.duplicates:
        return out  # the usual case: no pass over the pairs to learn their issues
    wanted = {issue.marker_id: (issue.round, issue.pair)
              for pair in desired.pairs() for issue in pair.issues}
    for dup in observed.duplicates:
        kept = observed.issues.get(dup.marker_id)
        if dup.state != "opened" or kept is None or dup.project_path in archived:
            continue
        round_, pair = wanted.get(dup.marker_id, (None, None))
        out.setdefault((round_, pair), []).append(Action(
            "close_duplicate",
            f"{dup.marker_id}#{dup.iid}",
            attrs(project=dup.project_path, iid=dup.iid, original_iid=kept.iid),
            round=round_,
            pair=pair,
            reason=f"a second copy of #{kept.iid}, made by two runs at once",
        ))
    return out


def _orphans(desired: DesiredState, observed: ObservedState, prune: bool) -> Iterable[Action]:
    """Projects in the round groups that no pair of the program file owns any more.

    Only the program's round groups count: the bulk read also lists the program group itself and
    any other subgroup, whose projects (a dashboard, another team's tools) are not pair projects.
    """
    wanted = desired.project_paths
    round_groups = {g.full_path for g in desired.groups}
    for path, project in sorted(observed.projects.items()):
        if path in wanted or path.rsplit("/", 1)[0] not in round_groups:
            continue
        if prune and not project.archived:
            yield Action(
                "archive_project",
                path,
                attrs(id=project.id),
                reason="no pair of the program file owns it (--prune)",
            )
        else:
            yield Action(
                "orphan_project",
                path,
                (),
                reason="no pair of the program file owns "
                "it; --prune archives it (nothing is ever deleted)",
            )
