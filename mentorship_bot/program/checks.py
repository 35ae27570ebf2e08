"""Checks across a program's sections: references, duplicates, dates, soft limits.

These run on the typed records of ``schema.check_shape``; each finding is located at the value it is
about. Names are compared case-insensitively, as GitLab compares usernames.
"""

from __future__ import annotations

from mentorship_bot.errors import Problem
from mentorship_bot.model import add_months, pair_slug, progress_title
from mentorship_bot.program.fields import MAX_NAME_LENGTH, path_problem
from mentorship_bot.program.schema import Record, Shape, suggest
from mentorship_bot.program.yaml_source import Document

MAX_ROUND_MONTHS = 6


def check_references(doc: Document, shape: Shape, *, strict: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    rounds = shape.sections["rounds"]
    mentors = shape.sections["mentors"]
    mentees = shape.sections["mentees"]
    pairs = shape.sections["pairs"]
    problems += _duplicates(doc, rounds, "slug", "round")
    problems += _duplicates(doc, mentors, "username", "mentor")
    problems += _duplicates(doc, mentees, "username", "mentee")
    problems += _duplicates(doc, shape.sections["milestones"], "key", "milestone")
    problems += _round_names(doc, rounds)
    problems += _round_dates(doc, rounds)

    # Names from the raw data too, so an entry that failed its own check does not also make every
    # pair that names it "unknown".
    round_slugs = declared_names(doc, "rounds", "slug")
    mentor_names = declared_names(doc, "mentors", "username")
    mentee_names = declared_names(doc, "mentees", "username")
    problems += _pair_references(doc, pairs, round_slugs, mentor_names, mentee_names)
    problems += _pair_uniqueness(doc, pairs)
    problems += _pair_dates(doc, pairs, rounds)
    # A mentor's load and two pairs of one mentee at once need the pairs' own dates: they are
    # checked on the built program (lifecycle_checks.program_checks).
    problems += _milestone_rules(doc, shape)
    raw_program = doc.data.get("program") if isinstance(doc.data, dict) else None
    if isinstance(raw_program, dict) and not raw_program.get("coordinators"):
        problems.append(
            doc.problem(
                ("program",),
                "no coordinators are named; nobody will be told about stalled pairs",
                severity="warning",
            )
        )
    if isinstance(raw_program, dict) and not raw_program.get("dashboard_project"):
        # Issue 16: the sweep tells coordinators about stalled pairs on the dashboard issue only.
        problems.append(
            doc.problem(
                ("program",),
                "no dashboard_project: stalled pairs are reported to no one (name an existing "
                "project where the bot may create the coordinators' dashboard issue)",
                severity="warning",
            )
        )
    return problems


def declared_names(doc: Document, section: str, key: str) -> dict[str, str] | None:
    """Lower-cased name -> name as written (the first, when listed twice), for every item of
    ``section`` that has ``key``; None when the section is missing or not a list (its own error,
    which references must not echo). The loader spells a pair's references from it."""
    items = doc.data.get(section) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return None
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(key), (str, int)):
            out.setdefault(str(item[key]).lower(), str(item[key]))
    return out


def _duplicates(doc: Document, records: list[Record], key: str, what: str) -> list[Problem]:
    seen: dict[str, Record] = {}
    problems = []
    for record in records:
        name = record.get(key)
        if name is None:
            continue
        first = seen.setdefault(name.lower(), record)
        if first is not record:
            line = doc.position((*first.path, key))[0]
            problems.append(
                doc.problem(
                    (*record.path, key), f"{what} {name!r} is listed twice (first on line {line})"
                )
            )
    return problems


def _round_dates(doc: Document, rounds: list[Record]) -> list[Problem]:
    problems = []
    for record in rounds:
        starts, ends = record["starts"], record.get("ends")
        if ends is None:
            continue  # a rolling round (term): lifecycle_checks
        if ends <= starts:
            problems.append(
                doc.problem(
                    (*record.path, "ends"),
                    f"the round ends ({ends}) before or on the day it starts ({starts})",
                )
            )
        elif ends > add_months(starts, MAX_ROUND_MONTHS):
            months = (ends.year - starts.year) * 12 + ends.month - starts.month
            problems.append(
                doc.problem(
                    (*record.path, "ends"),
                    f"the round lasts about {months} months; the handbooks cap a mentorship at "
                    f"{MAX_ROUND_MONTHS} months so that people rotate",
                    severity="warning",
                )
            )
    return problems


def _pair_dates(doc: Document, pairs: list[Record], rounds: list[Record]) -> list[Problem]:
    """A pair's own start lies within its round: on or after its start, before its end."""
    by_slug = {r["slug"].lower(): r for r in rounds}
    problems = []
    for record in pairs:
        starts, round_ = record.get("starts"), by_slug.get(str(record.get("round", "")).lower())
        if starts is None or round_ is None or round_.get("starts") is None:
            continue
        if starts < round_["starts"]:
            message = f"the pair starts ({starts}) before its round starts ({round_['starts']})"
        elif round_.get("ends") is not None and starts >= round_["ends"]:
            message = f"the pair starts ({starts}) on or after its round ends ({round_['ends']})"
        else:
            continue
        problems.append(doc.problem((*record.path, "starts"), message))
    return problems


def _reference(
    doc: Document, record: Record, key: str, known: dict[str, str] | None, what: str
) -> Problem | None:
    name = record.get(key)
    # known is None when the whole section is missing: that is one error already, and every pair
    # naming someone in it would be a follow-on (issue 16: a misspelt `mentees:` gave 13 errors).
    if name is None or known is None or name.lower() in known:
        return None
    hint = suggest(name, sorted(known.values()))
    return doc.problem((*record.path, key), f"{name!r} is not {what}{hint}")


def _pair_references(
    doc: Document,
    pairs: list[Record],
    rounds: dict[str, str] | None,
    mentors: dict[str, str] | None,
    mentees: dict[str, str] | None,
) -> list[Problem]:
    problems = []
    for record in pairs:
        for key, known, what in (
            ("mentor", mentors, "a mentor"),
            ("mentee", mentees, "a mentee"),
            ("round", rounds, "a round"),
        ):
            found = _reference(doc, record, key, known, what)
            if found:
                problems.append(found)
        if record["mentor"].lower() == record["mentee"].lower():
            problems.append(
                doc.problem(
                    (*record.path, "mentee"), f"{record['mentee']!r} cannot mentor themselves"
                )
            )
    return problems


def _round_names(doc: Document, rounds: list[Record]) -> list[Problem]:
    """Each round names a subgroup of the program group, and GitLab refuses two sibling groups
    with one name (app/models/namespace.rb validates the name's uniqueness per parent)."""
    problems = []
    seen: dict[str, Record] = {}
    for record in rounds:
        name = record.get("name")
        if name is None:
            continue
        first = seen.setdefault(name.casefold(), record)
        if first is not record:
            line = doc.position((*first.path, "name"))[0]
            problems.append(
                doc.problem(
                    (*record.path, "name"),
                    f"round name {name!r} is used by the round on line {line}; each round names "
                    "a GitLab group, and sibling groups need distinct names",
                )
            )
    return problems


def _pair_uniqueness(doc: Document, pairs: list[Record]) -> list[Problem]:
    problems = []
    by_slug: dict[tuple[str, str], Record] = {}
    for record in pairs:
        round_slug = record["round"].lower()
        slug = pair_slug(record["mentee"], record["mentor"])
        problem = path_problem(slug)
        if problem:
            problems.append(
                doc.problem(record.path, f"this pair's project path {slug!r} is not valid: "
                            f"{problem}")
            )
            continue
        title = progress_title(record["mentee"], record["mentor"])
        if len(title) > MAX_NAME_LENGTH:
            problems.append(
                doc.problem(record.path, f"this pair's Progress issue title would have "
                            f"{len(title)} characters; GitLab allows {MAX_NAME_LENGTH}")
            )
        other = by_slug.setdefault((round_slug, slug), record)
        if other is not record and other["mentee"].lower() == record["mentee"].lower() and (
            other["mentor"].lower() == record["mentor"].lower()
        ):
            # A pair's project path comes from the two usernames (pair_slug): the same two people
            # paired again in one round would share the first pair's project and history.
            line = doc.position(other.path)[0]
            problems.append(
                doc.problem(
                    (*record.path, "mentee"),
                    f"mentee {record['mentee']!r} is paired with {record['mentor']!r} twice in "
                    f"round {record['round']!r} (first on line {line}); to go on together, "
                    "extend the first pair ('ends', and remove its 'ended'), or pair them in "
                    "another round",
                )
            )
        elif other is not record:
            line = doc.position(other.path)[0]
            problems.append(
                doc.problem(
                    record.path,
                    f"this pair's project path {slug!r} is the "
                    f"same as the pair on line {line}; rename one username",
                )
            )
    return problems


def _milestone_rules(doc: Document, shape: Shape) -> list[Problem]:
    problems = []
    for record in shape.sections["milestones"]:
        has_due, has_repeat = "due" in record.given, "repeat" in record.given
        if has_due == has_repeat:
            problems.append(
                doc.problem(
                    record.path,
                    "a milestone needs exactly one of 'due' (a "
                    "one-off) or 'repeat' (such as repeat: cadence)",
                )
            )
    return problems
