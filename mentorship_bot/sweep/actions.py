"""What the nightly sweep writes, as Actions: a pure function of the program, its progress and
what GitLab holds. The sweep executes them; ``report`` and ``plan`` never do.

Every write is found again on the next night, so a second sweep on the same day writes nothing:
the status label and managed block of the Progress issue compare equal; a nudge or certificate
note leaves a label on its issue (GitLab applies the ``/label`` quick action the note ends with, in
the same request); the dashboard's block compares equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from mentorship_bot.model import MilestoneOccurrence, Pair, Program, pair_plans
from mentorship_bot.provision.desired_state import (
    CERTIFIED_LABEL,
    CLOSED_LABEL,
    NUDGED_LABEL,
    STATUSES,
    pair_marker,
    status_label,
)
from mentorship_bot.provision.observed_state import ObservedDashboard, ObservedState
from mentorship_bot.provision.plan import Action, attrs
from mentorship_bot.render.context import certificate_context, template_context
from mentorship_bot.render.ledger import Ledger
from mentorship_bot.render.managed_block import (
    managed_block,
    normalise_block,
    render_managed_block,
    replace_managed_block,
)
from mentorship_bot.render.markers import with_marker
from mentorship_bot.render.progress_block import figures_digest, render_progress_block
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.certificates import Certificate, certificates_for, earns_certificates
from mentorship_bot.sweep.dashboard import (
    DASHBOARD_LABEL,
    dashboard_block,
    dashboard_intro,
    dashboard_marker,
    dashboard_trend,
    escalation_note,
)
from mentorship_bot.sweep.progress import PairProgress, ProgramProgress


def sweep_actions(
    program: Program,
    progress: ProgramProgress,
    observed: ObservedState,
    templates: TemplateSet,
    dashboard: ObservedDashboard | None = None,
    dashboard_extra: str = "",
    responses: Mapping[str, int] | None = None,
) -> tuple[Action, ...]:
    """The night's writes: Progress issues, nudges, certificates, the dashboard.

    ``dashboard_extra`` is Markdown appended to the dashboard's block (the surveys' aggregates,
    made by ``feedback``, which the sweep does not import); ``responses``, the surveys' answer
    counts tonight's trend point records."""
    pairs = {(p.round, p.slug): p for p in program.pairs}
    plans = pair_plans(program, program.pairs)  # pairs on the same dates share one plan
    by_plan: dict[int, dict[str, MilestoneOccurrence]] = {}
    actions: list[Action] = []
    # GitLab refuses every write in an archived project (app/models/concerns/
    # readonly_abilities.rb); the plan reports such a pair, and the night leaves it alone.
    archived = {path for path, project in observed.projects.items() if project.archived}
    for round_progress in progress.rounds:
        for pair_progress in round_progress.pairs:
            if pair_progress.project_path in archived:
                continue
            pair = pairs[(pair_progress.round, pair_progress.pair)]
            actions.extend(
                _progress_update(program, pair, pair_progress, observed, templates, progress.today)
            )
            if round_progress.phase == "running" and pair_progress.status in ("on-track",
                                                                              "at-risk"):
                plan = plans[(pair.round, pair.slug)]
                occurrences = by_plan.setdefault(id(plan), {occ.id: occ for occ in plan})
                actions.extend(_nudge(program, pair, pair_progress, occurrences, templates,
                                      progress.today))
            actions.extend(_closing_note(program, pair, pair_progress))
            if earns_certificates(pair_progress, pair_progress.ends or round_progress.ends,
                                  progress.today, program.certificates):
                actions.extend(_certificate(program, pair, pair_progress, progress, templates))
    if dashboard is not None:
        actions.extend(_dashboard(program, progress, dashboard, dashboard_extra, responses))
    return tuple(actions)


def progress_block(
    program: Program, pair: Pair, pair_progress: PairProgress, templates: TemplateSet,
    today: date,
) -> tuple[str, Ledger]:
    """The Progress issue's managed block and the ledger it records.

    The "updated" date and the data digest change only when the figures do, so a quiet pair's
    block (and so its issue) stays byte for byte the same night after night.
    """
    rows = [
        {"id": m.id, "title": m.title, "due": m.due, "done": m.done, "overdue": m.overdue}
        for m in pair_progress.milestones
    ]
    data_hash = figures_digest(rows, pair_progress.completion_percent, pair_progress.status)
    previous = pair_progress.ledger
    updated = previous.data_updated if previous.data_hash == data_hash else today
    ledger = Ledger(previous.activity_signature, previous.last_activity, updated, data_hash)
    block = render_progress_block(program, pair, rows, pair_progress.completion_percent,
                                  pair_progress.status, ledger, templates, updated or today)
    return block, ledger


def _progress_update(
    program: Program, pair: Pair, pair_progress: PairProgress, observed: ObservedState,
    templates: TemplateSet, today: date,
) -> Iterable[Action]:
    if pair_progress.progress_iid is None:
        return  # provisioning creates it; the next sweep keeps it up to date
    marker_id = f"{pair_marker(program, pair)}/progress"
    issue = observed.issues[marker_id]
    where = {"round": pair.round, "pair": pair.slug}
    wanted = status_label(pair_progress.status)
    stale = tuple(
        label for label in issue.labels
        if label.startswith("status::") and label != wanted and label[8:] in STATUSES
    )
    fields: dict[str, Any] = {}
    if wanted not in issue.labels:
        fields["add_labels"] = (wanted,)
    if stale:
        fields["remove_labels"] = stale
    block, _ = progress_block(program, pair, pair_progress, templates, today)
    current = managed_block(issue.description)
    if current is None:
        yield Action("progress_unmanaged", marker_id, (), **where,
                     reason="a person removed the managed block's markers; the status label "
                            "is still kept up to date")
    elif current != block:
        fields["description"] = replace_managed_block(issue.description, block)
    if fields:
        changed = ", ".join(sorted(k.replace("_labels", " label") for k in fields))
        yield Action("update_progress", marker_id,
                     attrs(project=pair_progress.project_path, iid=issue.iid, **fields),
                     **where, reason=f"{pair_progress.status}: {changed}")


def _nudge(
    program: Program, pair: Pair, pair_progress: PairProgress,
    occurrences: dict[str, MilestoneOccurrence], templates: TemplateSet, today: date,
) -> Iterable[Action]:
    """A nudge for the milestone that fell overdue most recently, once, and only that one.

    Older overdue milestones are not nudged after it: a pair back from a break is not greeted by
    five reminders, and a re-run the same night finds the newest one nudged and stops, with no
    memory of what it did earlier. A stalled pair gets none (the coordinators hear of it
    instead), nor does a milestone overdue longer than ``stall_after_days``.
    """
    overdue = [m for m in pair_progress.milestones if m.overdue and m.iid]
    if not overdue:
        return
    milestone = max(overdue, key=lambda m: (m.due, m.id))
    if milestone.nudged or (today - milestone.due).days > program.stall_after_days:
        return
    occurrence = occurrences[milestone.id]
    context = template_context(program, pair, occurrence)
    context["overdue_days"] = (today - milestone.due).days
    marker_id = f"{pair_marker(program, pair)}/{milestone.id}/nudge"
    body = with_marker(
        templates.render("nudge", context) + f'\n\n/label ~"{NUDGED_LABEL}"', marker_id
    )
    yield Action("post_nudge", marker_id,
                 attrs(project=pair_progress.project_path, iid=milestone.iid, body=body),
                 round=pair.round, pair=pair.slug,
                 reason=f"{milestone.title} is {context['overdue_days']} days overdue")


ENDED_WORDS = {
    "goal-met": "it reached its goal",
    "not-a-fit": "the pair was not a good fit",
    "left": "one of the pair left the program",
    "other": "the coordinators ended it",
}


def _closing_note(program: Program, pair: Pair, pair_progress: PairProgress) -> Iterable[Action]:
    """One note on the Progress issue of a pair that ended early (issue 12), found again by the
    label its quick action leaves: the project and every issue stay as they are."""
    reason = pair_progress.ended_reason
    if reason is None or pair_progress.closing_noted or pair_progress.progress_iid is None:
        return
    marker_id = f"{pair_marker(program, pair)}/closing"
    body = (
        f"This mentorship ended on {pair_progress.ends}: {ENDED_WORDS.get(reason, reason)}. "
        "Thank you both. The project and its issues stay as they are, for you to keep; "
        "mentorship-bot opens no new issue here and sends no more reminders."
        f'\n\n/label ~"{CLOSED_LABEL}"'
    )
    yield Action("post_closing_note", marker_id,
                 attrs(project=pair_progress.project_path, iid=pair_progress.progress_iid,
                        body=with_marker(body, marker_id)),
                 round=pair.round, pair=pair.slug, reason=f"ended early ({reason})")


def _certificate(
    program: Program, pair: Pair, pair_progress: PairProgress, progress: ProgramProgress,
    templates: TemplateSet,
) -> Iterable[Action]:
    if pair_progress.certified or pair_progress.progress_iid is None:
        return
    certificates = certificates_for(pair_progress, program, progress)
    files = tuple(
        (cert.repository_path, _certificate_markdown(program, pair, cert, templates))
        for cert in certificates
    )
    final = [m for m in pair_progress.milestones if m.iid is not None]
    note_iid = final[-1].iid if final else pair_progress.progress_iid
    context = template_context(program, pair)
    context["completion_percent"] = pair_progress.completion_percent
    context["certificates"] = [
        {**_certificate_dict(cert), "path": cert.repository_path} for cert in certificates
    ]
    marker_id = f"{pair_marker(program, pair)}/certificate"
    note = with_marker(
        templates.render("certificate_note", context) + f'\n\n/label ~"{CERTIFIED_LABEL}"',
        marker_id,
    )
    yield Action("issue_certificate", marker_id,
                 attrs(project=pair_progress.project_path, files=files, iid=note_iid,
                        body=note),
                 round=pair.round, pair=pair.slug,
                 reason=f"{pair_progress.completion_percent}% done")


def _certificate_dict(cert: Certificate) -> dict[str, Any]:
    person = {"username": cert.username, "name": cert.name}
    context = certificate_context(cert.role, person, cert.completion_percent,
                                  cert.verification_id, cert.issued_on)
    certificate: dict[str, Any] = context["certificate"]
    return certificate


def _certificate_markdown(
    program: Program, pair: Pair, cert: Certificate, templates: TemplateSet
) -> str:
    context = template_context(program, pair)
    context["certificate"] = _certificate_dict(cert)
    marker_id = f"{pair_marker(program, pair)}/file/{cert.repository_path}"
    return with_marker(templates.render("certificate", context), marker_id)


def _dashboard(
    program: Program, progress: ProgramProgress, dashboard: ObservedDashboard, extra: str = "",
    responses: Mapping[str, int] | None = None,
) -> Iterable[Action]:
    marker_id = dashboard_marker(program.slug)
    trend = dashboard_trend(dashboard, progress, responses)
    if trend.warning:
        yield Action("history_reset", marker_id, (), reason=trend.warning)
    block = normalise_block(dashboard_block(progress, trend.points, extra))
    where = {"project": dashboard.project_path}
    if dashboard.iid is None:
        body = dashboard_intro(progress) + "\n" + render_managed_block(block)
        yield Action("create_dashboard", marker_id,
                     attrs(**where, title=f"Dashboard: {progress.name}",
                            description=with_marker(body, marker_id),
                            labels=(DASHBOARD_LABEL,)),
                     reason="the program's dashboard issue")
    else:
        current = managed_block(dashboard.description)
        if current is None:
            yield Action("progress_unmanaged", marker_id, (),
                         reason="a person removed the dashboard's managed block markers")
        elif current != block:
            yield Action("update_dashboard", marker_id,
                         attrs(**where, iid=dashboard.iid,
                                description=replace_managed_block(dashboard.description, block)),
                         reason="the numbers changed")
    stalled = [p for p in progress.pairs
               if p.status == "stalled" and p.observed_status not in (None, "stalled")]
    if stalled:
        yield Action("escalate_stalled", f"{marker_id}/stalled/{progress.today.isoformat()}",
                     attrs(**where, iid=dashboard.iid,
                            body=escalation_note(progress, stalled)),
                     reason=f"{len(stalled)} pair(s) stalled since the last sweep")
