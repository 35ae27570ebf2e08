"""Checks of the profiles matching reads (issue 13): repeated tags, managers, and the
``matching`` block's mode.

Each finding is located at the value it is about. Usernames compare case-insensitively, as GitLab
compares them; tags compare as ``model.normalise_tag`` spells them. Whether a manager is a
GitLab user is checked where GitLab is read: ``Program.usernames`` names every manager, so plan,
apply and sweep refuse an unknown one, located at its ``manager`` key (commands/users.py).
"""

from __future__ import annotations

from mentorship_bot.errors import Problem
from mentorship_bot.program.profiles import duplicate_tags
from mentorship_bot.program.schema import Shape
from mentorship_bot.program.yaml_source import Document

TAG_FIELDS = {"mentors": ("skills", "topics", "languages"),
              "mentees": ("interests", "languages")}


def check_profiles(doc: Document, shape: Shape, *, strict: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    for section, names in TAG_FIELDS.items():
        for record in shape.sections[section]:
            for name in names:
                for index, tag, first in duplicate_tags(record.get(name, ())):
                    same = "" if tag == first else f" (as {first!r})"
                    problems.append(doc.problem(
                        (*record.path, name, index), f"{tag!r} is listed twice{same}; tags are "
                        "compared ignoring case, '-', '_' and spaces"))
    problems += check_matching(doc, shape)
    people = _people(doc)
    for record in shape.sections["mentees"]:
        manager, username = record.get("manager"), record["username"]
        if manager is None:
            continue
        if manager.lower() == username.lower():
            problems.append(doc.problem((*record.path, "manager"),
                                        f"{username!r} cannot be their own manager"))
        elif people is not None and manager.lower() not in people:
            problems.append(doc.problem(
                (*record.path, "manager"),
                f"the manager {manager!r} is not a coordinator, mentor or mentee of this file; "
                "check the spelling (plan and apply check that GitLab knows them)",
                severity="error" if strict else "warning"))
    return problems


def _people(doc: Document) -> set[str] | None:
    """Every username the file gives a role (lower-cased); None when the file has no lists."""
    data = doc.data if isinstance(doc.data, dict) else {}
    program = data.get("program")
    names = {str(name).lower() for name in (program or {}).get("coordinators") or []
             if isinstance(name, (str, int))} if isinstance(program, dict) else set()
    for section in ("mentors", "mentees"):
        items = data.get(section)
        if not isinstance(items, list):
            return None  # the missing section is an error of its own; no follow-ons
        names |= {str(item["username"]).lower() for item in items
                  if isinstance(item, dict) and isinstance(item.get("username"), (str, int))}
    return names


def check_matching(doc: Document, shape: Shape) -> list[Problem]:
    """``mentee-choice`` needs the intake project, either mode the program repository; the
    intake project is not the dashboard's (its Guests would read the dashboard)."""
    record = shape.matching
    if record is None:
        return []
    problems: list[Problem] = []
    mode = record.get("mode")
    if mode == "mentee-choice" and not record.get("intake_project"):
        problems.append(doc.problem((*record.path, "mode"), "mode mentee-choice needs "
                                    "matching.intake_project: the project where each waiting "
                                    "mentee chooses a mentor"))
    if mode is not None and not record.get("program_project"):
        problems.append(doc.problem((*record.path, "mode"), f"mode {mode} needs "
                                    "matching.program_project: the project holding this file, "
                                    "where the sweep proposes the pairs by merge request"))
    intake = record.get("intake_project")
    dashboard = shape.program.get("dashboard_project") if shape.program else None
    if intake and intake == dashboard:
        problems.append(doc.problem((*record.path, "intake_project"),
                                    "the intake project must not be the dashboard project: "
                                    "its Guests would read the dashboard"))
    return problems
