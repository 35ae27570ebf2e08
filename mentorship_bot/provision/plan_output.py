"""A plan as people and machines read it: text grouped by round and pair, JSON, and Markdown.

Text stays readable for 10,000 pairs: by default one line per pair says what it gets; ``verbose``
lists every action. JSON carries every action with its attributes (minus rendered texts, which are
replaced by their length and hash so a plan file stays small and reviewable).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from mentorship_bot.model import Program
from mentorship_bot.provision.plan import Action, Plan

_VERBS = {
    "create_group": "+ group",
    "create_label": "+ label",
    "create_milestone": "+ milestone",
    "update_milestone": "~ milestone",
    "create_project": "+ project",
    "update_project": "~ project",
    "archive_project": "~ archive project",
    "add_member": "+ member",
    "commit_files": "+ commit",
    "create_issue": "+ issue",
    "update_issue": "~ issue",
    "keep_edited": "= kept (edited by a person)",
    "template_changed": "! template changed",
    "orphan_project": "! not in the program file",
    "archived_project": "! archived: left alone",
    "close_duplicate": "~ close duplicate issue",
    "progress_unmanaged": "! managed block removed by a person",
    "update_progress": "~ progress",
    "post_nudge": "+ nudge",
    "issue_certificate": "+ certificates",
    "create_dashboard": "+ dashboard issue",
    "update_dashboard": "~ dashboard issue",
    "escalate_stalled": "+ stalled pairs note",
    "create_survey": "+ survey issue",
    "ask_survey_fix": "+ survey note (unclear answer)",
    "remind_survey": "+ survey reminder",
    "close_survey": "~ close survey",
}
_NOUNS = {
    "create_group": ("group", "groups"),
    "create_label": ("label", "labels"),
    "create_milestone": ("milestone", "milestones"),
    "update_milestone": ("milestone update", "milestone updates"),
    "create_project": ("project", "projects"),
    "update_project": ("project update", "project updates"),
    "archive_project": ("archived project", "archived projects"),
    "add_member": ("member", "members"),
    "commit_files": ("commit", "commits"),
    "create_issue": ("issue", "issues"),
    "update_issue": ("issue update", "issue updates"),
    "keep_edited": ("edited object kept", "edited objects kept"),
    "template_changed": ("template change waiting", "template changes waiting"),
    "orphan_project": ("project not in the file", "projects not in the file"),
    "archived_project": ("archived project left alone", "archived projects left alone"),
    "close_duplicate": ("duplicate closed", "duplicates closed"),
    "progress_unmanaged": ("unmanaged block", "unmanaged blocks"),
    "update_progress": ("progress update", "progress updates"),
    "post_nudge": ("nudge", "nudges"),
    "issue_certificate": ("pair certified", "pairs certified"),
    "create_dashboard": ("dashboard created", "dashboards created"),
    "update_dashboard": ("dashboard update", "dashboard updates"),
    "escalate_stalled": ("stall escalation", "stall escalations"),
    "create_survey": ("survey opened", "surveys opened"),
    "ask_survey_fix": ("unclear answer asked about", "unclear answers asked about"),
    "remind_survey": ("survey reminder", "survey reminders"),
    "close_survey": ("survey closed", "surveys closed"),
}
_LONG_TEXT = ("description", "contents")


def summary_line(plan: Plan) -> str:
    counts = plan.counts()
    if not counts:
        return "Nothing to do: GitLab already matches the program."
    parts = [f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts.items()]
    writes = len(plan.writes())
    return f"{writes} write{'s' * (writes != 1)}: " + ", ".join(parts)


# What a coordinator must hear about after a run, not only in a plan: someone's change undone, a
# project archived, a duplicate closed, a pair left behind by the file.
NOTICE_KINDS = ("update_project", "archive_project", "close_duplicate", "orphan_project")


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
    if action.kind == "create_project":
        return f"{action.target} ({attrs['visibility']})"
    detail = f" ({action.reason})" if action.reason else ""
    return f"{action.target}{detail}"


def _level(level: int) -> str:
    return {10: "Guest", 20: "Reporter", 30: "Developer", 40: "Maintainer", 50: "Owner"}.get(
        level, str(level)
    )


def _grouped(plan: Plan) -> dict[str | None, dict[str | None, list[Action]]]:
    out: dict[str | None, dict[str | None, list[Action]]] = defaultdict(lambda: defaultdict(list))
    for action in plan.actions:
        out[action.round][action.pair].append(action)
    return out


def _pair_summary(actions: list[Action]) -> str:
    counts = Counter(a.kind for a in actions)
    return ", ".join(f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts.items())


def format_text(plan: Plan, program: Program, today: date, *, verbose: bool = False) -> str:
    lines = [
        f"Plan for {program.name} ({program.group}) on {today}, against {plan.source}.",
        summary_line(plan),
    ]
    grouped = _grouped(plan)
    rounds = {r.slug: r for r in program.rounds}
    for round_slug in sorted(grouped, key=lambda r: (r is not None, r or "")):
        pairs = grouped[round_slug]
        if round_slug is None:
            lines.append("")
            lines.append(f"Program group {program.group}")
        else:
            r = rounds.get(round_slug)
            when = f" ({r.name}, {r.starts} to {r.ends})" if r else ""
            lines.append("")
            lines.append(f"Round {round_slug}{when}")
        for pair_slug in sorted(pairs, key=lambda p: (p is not None, p or "")):
            actions = pairs[pair_slug]
            indent = "  "
            if pair_slug is not None:
                if not verbose:
                    lines.append(f"  {pair_slug}: {_pair_summary(actions)}")
                    lines.extend(
                        f"    {_VERBS[a.kind]} {_describe(a)}"
                        for a in actions
                        if not a.writes or a.kind in ("update_project", "update_issue")
                    )
                    continue
                lines.append(f"  Pair {pair_slug}")
                indent = "    "
            if not verbose and pair_slug is None and len(actions) > 6:
                by_kind = Counter(a.kind for a in actions)
                for kind, n in by_kind.items():
                    sample = [_describe(a) for a in actions if a.kind == kind][:3]
                    more = f", and {n - 3} more" if n > 3 else ""
                    lines.append(f"{indent}{_VERBS[kind]}: {'; '.join(sample)}{more}")
                continue
            lines.extend(f"{indent}{_VERBS[a.kind]} {_describe(a)}" for a in actions)
    return "\n".join(lines) + "\n"


def _digest(text: str) -> dict[str, Any]:
    return {"chars": len(text), "hash": hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]}


def _compact(action: Action) -> dict[str, Any]:
    data = action.as_dict()
    for key in _LONG_TEXT:
        value = data["attributes"].get(key)
        if isinstance(value, str):
            data["attributes"][key] = _digest(value)
        elif isinstance(value, list):
            data["attributes"][key] = [_digest(v) for v in value]
    return data


def plan_document(plan: Plan, program: Program, today: date) -> dict[str, Any]:
    return {
        "program": program.slug,
        "group": program.group,
        "today": today.isoformat(),
        "against": plan.source,
        "summary": {"writes": len(plan.writes()), "by_kind": plan.counts()},
        "actions": [_compact(a) for a in plan.actions],
    }


def format_json(plan: Plan, program: Program, today: date) -> str:
    return json.dumps(plan_document(plan, program, today), indent=2, ensure_ascii=False) + "\n"


def format_markdown(plan: Plan, program: Program, today: date) -> str:
    """For a merge request note: a summary table, then one collapsible section per round."""
    lines = [
        f"### mentorship-bot plan for {program.name}",
        "",
        f"Planned on {today} against {plan.source}. {summary_line(plan)}",
        "",
    ]
    counts = plan.counts()
    if counts:
        lines += ["| what | count |", "|---|---:|"]
        lines += [f"| {_NOUNS[kind][1]} | {n} |" for kind, n in counts.items()]
        lines.append("")
    grouped = _grouped(plan)
    for round_slug in sorted(grouped, key=lambda r: (r is not None, r or "")):
        title = f"Round `{round_slug}`" if round_slug else "Program group"
        actions = [a for pairs in grouped[round_slug].values() for a in pairs]
        lines += [f"<details><summary>{title}: {_pair_summary(actions)}</summary>", ""]
        for pair_slug, pair_actions in sorted(
            grouped[round_slug].items(), key=lambda p: (p[0] is not None, p[0] or "")
        ):
            if pair_slug is not None:
                lines.append(f"- **{pair_slug}**: {_pair_summary(pair_actions)}")
                lines += [
                    f"  - {_VERBS[a.kind]} {_describe(a)}"
                    for a in pair_actions
                    if not a.writes or a.kind in ("update_project", "update_issue")
                ]
            else:
                lines += [f"- {_VERBS[a.kind]} {_describe(a)}" for a in pair_actions]
        lines += ["", "</details>", ""]
    return "\n".join(lines)
