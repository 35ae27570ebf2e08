"""A plan as people and machines read it: text grouped by round and pair, JSON, and Markdown.

The words for each action and the JSON form of one action are here; ``plan_writers`` writes the
three formats as the plan is produced.

Text stays readable for 10,000 pairs: by default one line per pair says what it gets; ``verbose``
lists every action. JSON carries every action with its attributes, minus the long texts, so a plan
file stays small and reviewable: a text the bot renders from a template is shown as what it is
rendered from, ``{"template": NAME, "inputs": HASH}`` (the inputs hash its marker will record, so
nothing is rendered to plan it, issue 18); a text already made (a calendar, a marker's new record)
as ``{"chars": N, "hash": HASH}``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from mentorship_bot.model import Program
from mentorship_bot.provision.calendar_file import LazyCalendar
from mentorship_bot.provision.plan import Action, Plan, jsonable
from mentorship_bot.render.lazy import LazyText

_VERBS = {
    "create_group": "+ group",
    "create_label": "+ label",
    "create_board": "+ board",
    "create_board_list": "+ board list",
    "create_milestone": "+ milestone",
    "update_milestone": "~ milestone",
    "create_project": "+ project",
    "update_project": "~ project",
    "archive_project": "~ archive project",
    "add_member": "+ member",
    "commit_files": "+ commit",
    "commit_calendar": "~ calendar",
    "record_calendar": "~ calendar record",
    "create_issue": "+ issue",
    "update_issue": "~ issue",
    "keep_edited": "= kept (edited by a person)",
    "template_changed": "! template changed",
    "orphan_project": "! not in the program file",
    "archived_project": "! archived: left alone",
    "close_duplicate": "~ close duplicate issue",
    "progress_unmanaged": "! managed block removed by a person",
    "history_reset": "! dashboard history damaged: partly or wholly restarted",
    "update_progress": "~ progress",
    "post_nudge": "+ nudge",
    "post_closing_note": "+ closing note",
    "issue_certificate": "+ certificates",
    "create_dashboard": "+ dashboard issue",
    "update_dashboard": "~ dashboard issue",
    "escalate_stalled": "+ stalled pairs note",
    "create_survey": "+ survey issue",
    "ask_survey_fix": "+ survey note (unclear answer)",
    "remind_survey": "+ survey reminder",
    "close_survey": "~ close survey",
    "commit_template": "+ request template",
    "create_choice": "+ choice issue",
    "update_choice": "~ choice issue (fresh candidates)",
    "remind_choice": "+ choice reminder",
    "link_choice": "+ choice note (proposed)",
    "close_choice": "~ close choice issue",
    "protect_request": "~ request made confidential",
    "note_request": "+ request note",
    "close_request": "~ close request",
    "propose_pairs": "~ merge request of proposed pairs",
}
_NOUNS = {
    "create_group": ("group", "groups"),
    "create_label": ("label", "labels"),
    "create_board": ("board", "boards"),
    "create_board_list": ("board list", "board lists"),
    "create_milestone": ("milestone", "milestones"),
    "update_milestone": ("milestone update", "milestone updates"),
    "create_project": ("project", "projects"),
    "update_project": ("project update", "project updates"),
    "archive_project": ("archived project", "archived projects"),
    "add_member": ("member", "members"),
    "commit_files": ("commit", "commits"),
    "commit_calendar": ("calendar commit", "calendar commits"),
    "record_calendar": ("calendar record", "calendar records"),
    "create_issue": ("issue", "issues"),
    "update_issue": ("issue update", "issue updates"),
    "keep_edited": ("edited object kept", "edited objects kept"),
    "template_changed": ("template change waiting", "template changes waiting"),
    "orphan_project": ("project not in the file", "projects not in the file"),
    "archived_project": ("archived project left alone", "archived projects left alone"),
    "close_duplicate": ("duplicate closed", "duplicates closed"),
    "progress_unmanaged": ("unmanaged block", "unmanaged blocks"),
    "history_reset": ("damaged history", "damaged histories"),
    "update_progress": ("progress update", "progress updates"),
    "post_nudge": ("nudge", "nudges"),
    "post_closing_note": ("closing note", "closing notes"),
    "issue_certificate": ("pair certified", "pairs certified"),
    "create_dashboard": ("dashboard created", "dashboards created"),
    "update_dashboard": ("dashboard update", "dashboard updates"),
    "escalate_stalled": ("stall escalation", "stall escalations"),
    "create_survey": ("survey opened", "surveys opened"),
    "ask_survey_fix": ("unclear answer asked about", "unclear answers asked about"),
    "remind_survey": ("survey reminder", "survey reminders"),
    "close_survey": ("survey closed", "surveys closed"),
    "commit_template": ("request template committed", "request templates committed"),
    "create_choice": ("choice issue opened", "choice issues opened"),
    "update_choice": ("choice issue given fresh candidates",
                      "choice issues given fresh candidates"),
    "remind_choice": ("choice reminder", "choice reminders"),
    "link_choice": ("choice linked to the merge request", "choices linked to the merge request"),
    "close_choice": ("choice issue closed", "choice issues closed"),
    "protect_request": ("request made confidential", "requests made confidential"),
    "note_request": ("request note", "request notes"),
    "close_request": ("request closed", "requests closed"),
    "propose_pairs": ("merge request of pairs proposed", "merge requests of pairs proposed"),
}
_LONG_TEXT = ("description", "contents")


def summary_line(plan: Plan) -> str:
    return _summary(plan.counts(), len(plan.writes()))


def _summary(counts: dict[str, int], writes: int) -> str:
    if not counts:
        return "Nothing to do: GitLab already matches the program."
    parts = [f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts.items()]
    return f"{writes} write{'s' * (writes != 1)}: " + ", ".join(parts)


# What a coordinator must hear about after a run, not only in a plan: someone's change undone, a
# project archived, a duplicate closed, a pair left behind by the file.
NOTICE_KINDS = ("update_project", "archive_project", "close_duplicate", "orphan_project",
                "history_reset")


def notices(plan: Plan) -> list[dict[str, str]]:
    """The plan's actions a run reports by name, with why (JSON-ready)."""
    return [{"kind": a.kind, "target": a.target, "reason": a.reason}
            for a in plan.actions if a.kind in NOTICE_KINDS]


def _describe(action: Action) -> str:
    attrs = dict(action.attributes)
    if action.kind == "create_issue":
        due = f", due {attrs['due_date']}" if attrs.get("due_date") else ""
        return f"{attrs['title']}{due}"
    if action.kind == "create_milestone":
        return f"{attrs['title']} (due {attrs['due_date']})"
    if action.kind == "add_member":
        return f"{attrs['username']} ({_level(attrs['access_level'])})"
    if action.kind == "commit_files":
        return ", ".join(path for _, path in attrs["files"])
    if action.kind == "commit_calendar":
        return f"{attrs['path']} ({attrs['verb']}: {action.reason})"
    if action.kind == "create_board":
        return f"{attrs['name']} on {attrs['group']}"
    if action.kind == "create_board_list":
        return f"{attrs['label']} on {attrs['board']}"
    if action.kind == "create_project":
        return f"{action.target} ({attrs['visibility']})"
    detail = f" ({action.reason})" if action.reason else ""
    return f"{action.target}{detail}"


def _level(level: int) -> str:
    return {10: "Guest", 20: "Reporter", 30: "Developer", 40: "Maintainer", 50: "Owner"}.get(
        level, str(level)
    )


def _pair_summary(actions: Iterable[Action]) -> str:
    counts = Counter(a.kind for a in actions)
    return ", ".join(f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts.items())


def _digest(text: str | LazyText | LazyCalendar) -> dict[str, Any]:
    """A long text in the JSON plan: what it is rendered from, unrendered, or its size and hash."""
    if isinstance(text, LazyText):
        return {"template": text.template, "inputs": text.inputs}
    if isinstance(text, LazyCalendar):
        return {"calendar": "calendar.ics", "inputs": text.inputs}
    return {"chars": len(text), "hash": hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]}


def _compact(action: Action) -> dict[str, Any]:
    """``action.as_dict()`` with its long texts as digests, none of them rendered."""
    return action.as_dict(_compact_value)


def _compact_value(key: str, value: Any) -> Any:
    if key in _LONG_TEXT:
        if isinstance(value, (str, LazyText, LazyCalendar)):
            return _digest(value)
        if isinstance(value, tuple):
            return [_digest(v) for v in value]
    return jsonable(value)


def plan_document(plan: Plan, program: Program, today: date) -> dict[str, Any]:
    """The JSON plan as one value (tests; ``format_json`` writes the same, streamed)."""
    return {
        "program": program.slug,
        "group": program.group,
        "today": today.isoformat(),
        "against": plan.source,
        "summary": {"writes": len(plan.writes()), "by_kind": plan.counts()},
        "actions": [_compact(a) for a in plan.actions],
    }
