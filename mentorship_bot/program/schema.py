"""The program file's format, declared once: sections, their fields, kinds and defaults.

``check_shape`` walks a ``Document`` against this declaration and returns typed records (plain dicts
of parsed values, with the path each came from) plus every located problem: unknown keys (with a
suggestion), missing required keys, wrong types. Cross-references are ``checks``' job.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from mentorship_bot.errors import Problem
from mentorship_bot.model import ASSIGNEES, DEFAULT_ASSIGNEE, DEFAULT_CERTIFICATE_GRACE_DAYS
from mentorship_bot.program import fields as k
from mentorship_bot.program import lifecycle_fields as life
from mentorship_bot.program.feedback_schema import FEEDBACK
from mentorship_bot.program.profile_sections import MATCHING, MENTEE, MENTOR
from mentorship_bot.program.sections import Field, Items, Section
from mentorship_bot.program.yaml_source import Document, Path

SUPPORTED_VERSIONS = (1,)
FORMATS = ("sync", "async", "mixed")


PROGRAM = Section(
    "program",
    (
        Field("slug", k.Slug(), required=True, doc="Short id of the program, used in markers."),
        Field(
            "name",
            k.Text(max_length=200),
            required=True,
            doc="The program's name, as people say it.",
        ),
        Field(
            "group",
            k.FullPath(),
            required=True,
            doc="The existing GitLab group the bot works under; it must already exist.",
        ),
        Field(
            "coordinators",
            k.TextList(),
            default=(),
            doc="GitLab usernames of the people who run the program.",
        ),
        Field(
            "completion_threshold",
            k.Fraction(),
            default=0.8,
            doc="Share of milestones done that earns a certificate: 80% or 0.8.",
        ),
        Field(
            "certificates",
            k.Flag(),
            default=True,
            doc="Whether pairs at or above the threshold get certificates of completion.",
        ),
        Field(
            "certificate_grace_days",
            k.Integer(0, 366),
            default=DEFAULT_CERTIFICATE_GRACE_DAYS,
            doc="Milestones closed up to this many days after a pair's end still count "
            "towards its certificate; later ones never do.",
        ),
        Field(
            "max_mentees_per_mentor",
            k.Integer(1, 100),
            default=2,
            doc="Soft limit of mentees per mentor and round; more is a warning.",
        ),
        Field(
            "stall_after_days",
            k.Integer(1, 365),
            default=21,
            doc="Days without activity by the pair after which a pair counts as stalled.",
        ),
        Field(
            "issue_lead_days",
            k.Integer(0, 366),
            default=14,
            doc="Meeting issues are created this many days before they are due.",
        ),
        Field(
            "dashboard_project",
            k.FullPath(),
            doc="Optional project (full path) whose issue carries the program dashboard.",
        ),
        Field(
            "templates",
            k.Text(max_length=500),
            doc="Optional directory, relative to this file, whose templates replace built-in ones.",
        ),
    ),
    doc="What the program is and where it lives in GitLab.",
)

ROUND = Section(
    "rounds",
    (
        Field("slug", k.Slug(), required=True, doc="Path of the round's GitLab subgroup."),
        Field("name", k.GroupName(), required=True, doc="Name of the round's GitLab subgroup."),
        Field("starts", k.IsoDate(), required=True, doc="First day, YYYY-MM-DD."),
        Field("ends", k.IsoDate(), doc="Last day, YYYY-MM-DD (give ends or term, not both)."),
        Field(
            "cadence",
            k.CadenceKind(),
            default="biweekly",
            doc="How often pairs meet: weekly, biweekly, monthly, or every: Nd.",
        ),
        Field(
            "meeting_minutes",
            life.MinutesKind(),
            default=30,
            doc="About how long a meeting lasts: 45, or a range such as 30-45.",
        ),
        Field(
            "format",
            k.Choice(FORMATS),
            default="mixed",
            doc="sync meetings, async in an issue, or mixed.",
        ),
        Field(
            "term",
            life.TermKind(),
            doc="A rolling round: no fixed end; each pair needs its own starts and lasts this "
            "long ('6 months', '26 weeks', '90 days').",
        ),
    ),
    doc="A round of the program: a period in which pairs meet.",
    is_list=True,
)

# Profiles (issue 13): what `mentorship-bot match` compares. Tags are compared case- and
# spelling-normalised (model.normalise_tag); a tag listed twice is an error.
PAIR = Section(
    "pairs",
    (
        Field("mentor", k.Username(), required=True),
        Field("mentee", k.Username(), required=True),
        Field("round", k.Slug(), required=True),
        Field("goal", k.Text(multiline=True, max_length=5000), default=""),
        Field("purpose", k.Text(multiline=True, max_length=5000), default=""),
        Field("format", k.Choice(FORMATS), doc="Overrides the round's format for this pair."),
        Field(
            "starts",
            k.IsoDate(),
            doc="The pair's first day, YYYY-MM-DD, within its round (default: the round's "
            "start; required in a rolling round); its due dates count from it and nothing is "
            "due before it.",
        ),
        Field(
            "ends",
            k.IsoDate(),
            doc="The pair's last day, YYYY-MM-DD (default: the round's end, or a term after "
            "its start in a rolling round).",
        ),
        Field("cadence", k.CadenceKind(), doc="Overrides the round's cadence for this pair."),
        Field(
            "meeting_minutes",
            life.MinutesKind(),
            doc="Overrides the round's meeting length: 45, or a range such as 30-45.",
        ),
        Field(
            "ended",
            life.EndedKind(),
            doc="The pair ended early: {on: YYYY-MM-DD, reason: goal-met | not-a-fit | left | "
            "other}. From that day the bot opens no issue and sends no reminder; the project "
            "stays as it is.",
        ),
    ),
    is_list=True,
)

MILESTONE = Section(
    "milestones",
    (
        Field("key", k.Key(), required=True, doc="Stable id; becomes the label milestone::KEY."),
        Field("title", k.Text(max_length=200), required=True),
        Field("template", k.Key(), required=True, doc="Template name, e.g. kickoff, meeting."),
        Field("due", k.DueKind(), doc="14d / 3w after the start, -7d before the end, or 50%."),
        Field(
            "repeat",
            k.RepeatKind(),
            doc="'cadence' (the round's), or weekly / biweekly / monthly / every Nd.",
        ),
        Field("description", k.Text(multiline=True, max_length=2000), default=""),
        Field(
            "assignee",
            k.Choice(ASSIGNEES),
            default=DEFAULT_ASSIGNEE,
            doc="Who drives it: its issues are assigned to the mentee, the mentor or both "
            "(on GitLab Free, which allows one assignee, 'both' assigns the mentee).",
        ),
    ),
    is_list=True,
)

TOP_LEVEL = ("version", "program", "rounds", "mentors", "mentees", "pairs", "milestones",
             "matching", "feedback")
REQUIRED_TOP_LEVEL = ("version", "program", "rounds", "mentors", "mentees", "pairs")
SECTIONS = {s.name: s for s in (PROGRAM, ROUND, MENTOR, MENTEE, PAIR, MILESTONE)}


def suggest(name: str, options: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else an empty string."""
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    if not match and name.lower() in {o.lower() for o in options}:
        match = [o for o in options if o.lower() == name.lower()]
    return f" (did you mean {match[0]!r}?)" if match else ""


def _misspelt(data: dict[Any, Any], known: list[str] | tuple[str, ...]) -> set[str]:
    """Known keys that an unknown key of ``data`` was suggested for: the unknown-key error says
    "did you mean", so "missing the required key" for the same key would be a follow-on."""
    return {match for key in data if isinstance(key, str) and key not in known
            for match in difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)}


@dataclass
class Record:
    """One checked mapping: parsed values by field name, and its path in the document."""

    path: Path
    values: dict[str, Any]
    given: frozenset[str] = frozenset()  # field names present in the file, valid or not

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Shape:
    """The typed content of a program file after the shape check (absent parts are empty)."""

    version: int | None = None
    program: Record | None = None
    matching: Record | None = None
    sections: dict[str, list[Record]] = field(default_factory=dict)
    milestones_given: bool = False
    feedback: Record | None = None


def check_shape(doc: Document) -> tuple[Shape, list[Problem]]:
    problems: list[Problem] = []
    shape = Shape(
        sections={name: [] for name in ("rounds", "mentors", "mentees", "pairs", "milestones")}
    )
    data = doc.data
    if not isinstance(data, dict):
        problems.append(
            doc.problem(
                (),
                f"expected a mapping with the keys {', '.join(TOP_LEVEL)}, got {k.describe(data)}",
            )
        )
        return shape, problems
    for key in data:
        if key not in TOP_LEVEL:
            problems.append(
                doc.problem(
                    (key,),
                    f"unknown top-level key{suggest(key, TOP_LEVEL)}; "
                    f"expected {', '.join(TOP_LEVEL)}",
                    at_key=True,
                )
            )
    for key in REQUIRED_TOP_LEVEL:
        if key not in data and key not in _misspelt(data, TOP_LEVEL):
            problems.append(doc.problem((), f"missing the required key {key!r}"))

    if "version" in data:
        version = data["version"]
        if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
            problems.append(
                doc.problem(
                    ("version",),
                    f"unsupported version {k.describe(version)}; "
                    f"this bot reads version {SUPPORTED_VERSIONS[-1]}",
                )
            )
        else:
            shape.version = version
    if "program" in data:
        shape.program = _record(doc, PROGRAM, ("program",), data["program"], problems)
    if data.get("matching") is not None:
        shape.matching = _record(doc, MATCHING, ("matching",), data["matching"], problems)
    if data.get("feedback") is not None:
        shape.feedback = _record(doc, FEEDBACK, ("feedback",), data["feedback"], problems)
    for name in ("rounds", "mentors", "mentees", "pairs", "milestones"):
        if name not in data:
            continue
        shape.milestones_given |= name == "milestones"
        items = data[name]
        if items is None:
            items = []
        if not isinstance(items, list):
            problems.append(
                doc.problem(
                    (name,), f"expected a list (items starting with '- '), got {k.describe(items)}"
                )
            )
            continue
        for index, item in enumerate(items):
            record = _record(doc, SECTIONS[name], (name, index), item, problems)
            if record is not None:
                shape.sections[name].append(record)
    return shape, problems


def _record(
    doc: Document, section: Section, path: Path, data: Any, problems: list[Problem]
) -> Record | None:
    if not isinstance(data, dict):
        names = ", ".join(f.name for f in section.fields if f.required)
        problems.append(
            doc.problem(path, f"expected a mapping with {names}, got {k.describe(data)}")
        )
        return None
    values: dict[str, Any] = {}
    ok = True
    known = section.names
    given: set[str] = set()
    for key, value in data.items():
        spec = section.field_named(key)
        if spec is None:
            problems.append(
                doc.problem(
                    (*path, key),
                    f"unknown key{suggest(key, known)}; expected one of {', '.join(known)}",
                    at_key=True,
                )
            )
            continue
        given.add(spec.name)
        if value is None and not spec.required:
            continue  # "manager:" left empty means not given
        if isinstance(spec.kind, Items):
            items = _items(doc, spec.kind, (*path, key), value, problems)
            if items is not None:
                values[spec.name] = items
            elif spec.required:
                ok = False
            continue
        if getattr(spec.kind, "reads_item_text", False) and isinstance(value, list):
            # [yes, partly, no] are the texts a person wrote, not YAML 1.1's booleans.
            value = [doc.raw((*path, key, i)) or item for i, item in enumerate(value)]
        try:
            values[spec.name] = spec.kind.parse(value, doc.raw((*path, key)))
        except k.Invalid as exc:
            problems.append(doc.problem((*path, key), str(exc)))
            ok = ok and not spec.required
    misspelt = _misspelt(data, known) if len(given) < len(data) else set()
    for spec in section.fields:
        if spec.name in values:
            continue
        if spec.required:
            if spec.name not in data and spec.name not in misspelt:
                problems.append(doc.problem(path, f"missing the required key {spec.name!r}"))
            ok = False
        elif spec.default is not None:
            default = spec.default
            values[spec.name] = (
                spec.kind.parse(default, None)
                if isinstance(default, str) and not isinstance(spec.kind, k.Text)
                else default
            )
    return Record(path, values, frozenset(given)) if ok else None


def _items(doc: Document, kind: Items, path: Path, value: Any,
           problems: list[Problem]) -> list[Record] | None:
    """A nested list section (a survey's questions): each item checked as a record of its own."""
    if not isinstance(value, list) or len(value) < kind.min_items:
        got = k.describe(value) if not isinstance(value, list) else "an empty list"
        problems.append(doc.problem(path, f"expected a list of {kind.section.name} "
                                          f"(items starting with '- '), got {got}"))
        return None
    records = [_record(doc, kind.section, (*path, index), item, problems)
               for index, item in enumerate(value)]
    return [r for r in records if r is not None]
