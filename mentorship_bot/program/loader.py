"""Load a program file: read, check shape, check references and templates, build the model.

Every problem is collected before anything is decided, so a coordinator sees all of them in one
run. Nothing here touches GitLab; that usernames exist is checked by the GitLab adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from mentorship_bot.errors import Problem, ProgramError, TemplateError
from mentorship_bot.model import (
    DEFAULT_ASSIGNEE,
    Cadence,
    Due,
    Matching,
    Mentee,
    Mentor,
    MilestonePlan,
    Pair,
    Program,
    Round,
    default_milestone_plan,
    expand_milestones,
    pair_dates,
)
from mentorship_bot.program import fields as k
from mentorship_bot.program.checks import check_references, declared_names
from mentorship_bot.program.feedback_checks import (
    build_feedback,
    check_feedback,
    check_survey_templates,
)
from mentorship_bot.program.gc_pause import cycle_collection_paused
from mentorship_bot.program.lifecycle_checks import program_checks, record_checks
from mentorship_bot.program.profile_checks import check_profiles
from mentorship_bot.program.schema import Record, Shape, check_shape
from mentorship_bot.program.yaml_source import Document, read_document

# Larger files are refused before parsing: 10,000 pairs take about 2 MB of YAML.
MAX_FILE_BYTES = 50 * 1024 * 1024


def validate_file(
    path: str | Path, *, strict: bool = False, today: date | None = None
) -> tuple[Program | None, list[Problem]]:
    """Every problem of the program file at ``path``; the Program when there is no error.

    ``today`` (the run's day) refuses a pair that ``ended`` on a later day; None skips that check.
    """
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    f"the file has {size:,} bytes; at most {MAX_FILE_BYTES:,} are read",
                )
            ]
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return None, [Problem(shown, 1, 1, "", "this is a directory, not a program file")]
    except FileNotFoundError:
        return None, [Problem(shown, 1, 1, "", "no such file")]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "", f"cannot read the file: {exc.strerror}")]
    return validate_text(data, shown, strict=strict, base_dir=Path(path).parent, today=today)


@cycle_collection_paused()
def validate_text(
    data: str | bytes,
    file: str = "<program>",
    *,
    strict: bool = False,
    base_dir: Path | None = None,
    template_set: Callable[[Path | None], Any] | None = None,
    today: date | None = None,
) -> tuple[Program | None, list[Problem]]:
    """Like ``validate_file`` for text already in memory; ``base_dir`` anchors ``templates``."""
    doc, problems = read_document(data, file)
    if doc is None:
        return None, _sorted(problems)
    shape, found = check_shape(doc)
    problems += found
    problems += check_references(doc, shape, strict=strict)
    problems += check_profiles(doc, shape, strict=strict)
    problems += record_checks(doc, shape, today)
    problems += check_feedback(doc, shape)
    problems += _independent_checks(doc, base_dir or Path())
    program = None
    if not _has_errors(problems):
        program, found = _build(doc, shape, base_dir or Path())
        problems += found
    if program is not None and not _has_errors(problems):
        problems += program_checks(doc, shape, program, strict)
    if program is not None and not _has_errors(problems):
        problems += _check_templates(doc, shape, program, template_set)
    problems = _sorted(problems)
    return (None if _has_errors(problems) else program), problems


def load_program_with_warnings(
    path: str | Path, *, strict: bool = False, today: date | None = None
) -> tuple[Program, list[Problem]]:
    """The program and its warnings; raises ``ProgramError`` when there is any error."""
    program, problems = validate_file(path, strict=strict, today=today)
    if program is None:
        raise ProgramError(problems)
    return program, problems


def load_program(path: str | Path, *, strict: bool = False, today: date | None = None
                 ) -> Program:
    return load_program_with_warnings(path, strict=strict, today=today)[0]


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))


def _build(doc: Document, shape: Shape, base_dir: Path) -> tuple[Program | None, list[Problem]]:
    problems: list[Problem] = []
    assert shape.program is not None
    prog = shape.program
    milestones = tuple(_milestone(r) for r in shape.sections["milestones"])
    if not shape.milestones_given:
        milestones = default_milestone_plan()
    elif not milestones:
        problems.append(
            doc.problem(
                ("milestones",),
                "the milestone plan is empty; leave 'milestones' out to use the default plan",
            )
        )
    templates = (base_dir / prog["templates"]).resolve() if prog.get("templates") else None
    if problems:
        return None, problems
    spelled = {  # a pair names its round and people in any case, as its references are checked
        "round": declared_names(doc, "rounds", "slug") or {},
        "mentor": declared_names(doc, "mentors", "username") or {},
        "mentee": declared_names(doc, "mentees", "username") or {},
    }
    pairs = tuple(_pair(p, spelled) for p in shape.sections["pairs"])
    program = Program(
        version=shape.version or 1,
        slug=prog["slug"],
        name=prog["name"],
        group=prog["group"],
        coordinators=tuple(prog["coordinators"]),
        completion_threshold=prog["completion_threshold"],
        certificates=prog["certificates"],
        certificate_grace_days=prog["certificate_grace_days"],
        max_mentees_per_mentor=prog["max_mentees_per_mentor"],
        stall_after_days=prog["stall_after_days"],
        issue_lead_days=prog["issue_lead_days"],
        dashboard_project=prog.get("dashboard_project"),
        templates=templates,
        matching=_matching(shape.matching),
        rounds=_rounds(shape.sections["rounds"], pairs),
        mentors=tuple(Mentor(**m.values) for m in shape.sections["mentors"]),
        mentees=tuple(Mentee(**m.values) for m in shape.sections["mentees"]),
        pairs=pairs,
        milestones=milestones,
        feedback=build_feedback(shape.feedback),
        source=doc.file,
    )
    problems += _check_due_dates(doc, shape, program)
    return program, problems


def _matching(record: Record | None) -> Matching:
    if record is None:
        return Matching()
    weights = record.get("weights") or {}
    return Matching(
        **{f"{name}_weight": weight for name, weight in weights.items()},
        different_department=record["different_department"],
        candidates=record["candidates"],
        program_project=record.get("program_project"),
        program_file=record["program_file"],
        mode=record.get("mode"),
        intake_project=record.get("intake_project"),
        choose_within_days=record["choose_within_days"],
    )


def _pair(record: Record, spelled: dict[str, dict[str, str]]) -> Pair:
    """The pair, its round and people spelt as their own entries are (``Bashir`` is the mentor
    ``bashir``: GitLab's usernames and paths ignore case), so every later lookup is exact."""
    values = dict(record.values)
    for key, declared in spelled.items():
        values[key] = declared.get(str(values[key]).lower(), values[key])
    if "meeting_minutes" in values:
        values.update(_minutes(values.pop("meeting_minutes")))
    return Pair(**values)


def _minutes(value: int | tuple[int, int]) -> dict[str, int | None]:
    """``meeting_minutes`` (45, or a range parsed to (30, 45)) as the model's two fields."""
    low, high = value if isinstance(value, tuple) else (value, value)
    return {"meeting_minutes": low, "meeting_minutes_upto": high if high != low else None}


def _rounds(records: list[Record], pairs: tuple[Pair, ...]) -> tuple[Round, ...]:
    """The rounds; a rolling round (``term``) ends on the last day of its last pair, or a term
    after its start while it has none."""
    out = []
    for record in records:
        values = dict(record.values)
        values.update(_minutes(values.pop("meeting_minutes")))
        if "ends" not in values:
            term = values["term"]
            opening = Round(**{**values, "ends": values["starts"]})
            values["ends"] = max(
                (pair_dates(p, opening)[1] for p in pairs if p.round == record["slug"]),
                default=term.last_day(values["starts"]),
            )
        out.append(Round(**values))
    return tuple(out)


def _milestone(record: Record) -> MilestonePlan:
    values = record.values
    due: Due | None = values.get("due")
    repeat = values.get("repeat")
    cadence = repeat if isinstance(repeat, Cadence) else None
    return MilestonePlan(
        key=values["key"],
        title=values["title"],
        template=values["template"],
        due=due,
        repeat=cadence,
        repeat_round_cadence=repeat == "cadence",
        description=values.get("description", ""),
        assignee=values.get("assignee", DEFAULT_ASSIGNEE),
    )


def _independent_checks(doc: Document, base_dir: Path) -> list[Problem]:
    """Checks of single values that need nothing else of the file to be valid: they run even when
    other parts have errors, so one run shows every independent problem (issue 16)."""
    raw = doc.data.get("program") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return []
    problems = []
    coordinators = raw.get("coordinators")
    for index, name in enumerate(coordinators if isinstance(coordinators, list) else []):
        try:
            k.Username().parse(name, None)
        except k.Invalid as exc:
            problems.append(doc.problem(("program", "coordinators", index), str(exc)))
    templates = raw.get("templates")
    if isinstance(templates, str) and templates and not (base_dir / templates).is_dir():
        where = (base_dir / templates).resolve()
        problems.append(doc.problem(("program", "templates"), f"no such directory: {where}"))
    return problems


def _check_due_dates(doc: Document, shape: Shape, program: Program) -> list[Problem]:
    """A one-off milestone that falls outside a round is a warning located at its ``due``."""
    problems = []
    records = {r["key"]: r for r in shape.sections["milestones"]}
    for round_ in program.rounds:
        for occurrence in expand_milestones(program, round_):
            record = records.get(occurrence.key)
            if record is None or occurrence.repeated:
                continue
            if not round_.starts <= occurrence.due <= round_.ends:
                problems.append(
                    doc.problem(
                        (*record.path, "due"),
                        f"in round {round_.slug!r} this milestone falls on {occurrence.due}, "
                        f"outside the round ({round_.starts} to {round_.ends})",
                        severity="warning",
                    )
                )
    return problems


def _check_templates(
    doc: Document, shape: Shape, program: Program, template_set: Callable[[Path | None], Any] | None
) -> list[Problem]:
    """Every template the plan names exists and renders for the first pair of each round."""
    from mentorship_bot.render.context import NOTE_TEMPLATES, PAIR_TEMPLATES
    from mentorship_bot.render.templates import TemplateSet

    make = template_set or TemplateSet
    location = ("program", "templates") if program.templates else ("program",)
    try:
        templates = make(program.templates)
    except TemplateError as exc:
        return [doc.problem(location, str(exc))]
    problems: list[Problem] = []
    records = {r["key"]: r for r in shape.sections["milestones"]}
    for plan in program.milestones:
        if not templates.has(plan.template):
            where = (*records[plan.key].path, "template") if plan.key in records else location
            known = ", ".join(templates.names())
            problems.append(
                doc.problem(where, f"no template named {plan.template!r} (templates: {known})")
            )
    for name in (*PAIR_TEMPLATES, *NOTE_TEMPLATES):
        if not templates.has(name):
            problems.append(doc.problem(location, f"the template {name!r} is missing"))
    if problems:
        return problems
    failed: set[str] = set()
    for round_ in program.rounds:
        pair = next(
            (p for p in sorted(program.pairs, key=lambda p: p.slug) if p.round == round_.slug), None
        )
        if pair is None:
            continue
        checks: list[tuple[str, Any, Any]] = [
            (name, None, None) for name in (*PAIR_TEMPLATES, *NOTE_TEMPLATES)
        ]
        for occurrence in expand_milestones(program, round_):
            checks.append((occurrence.template, occurrence, records.get(occurrence.key)))
        for name, occurrence, record in checks:
            if name in failed:
                continue
            try:
                templates.render_for(name, program, pair, occurrence)
            except TemplateError as exc:
                failed.add(name)
                where = (*record.path, "template") if record is not None else location
                problems.append(doc.problem(where, f"template {exc}"))
    return (problems + check_survey_templates(doc, program, templates)
            + _check_intake_templates(doc, program, templates, location))


def _check_intake_templates(doc: Document, program: Program, templates: Any,
                            location: tuple[str, ...]) -> list[Problem]:
    """With an intake project, a request made from ``request_form`` is read back and every
    ``request_note`` renders; where mentees choose, so does every ``choice_note``, and a tick
    on ``choice``'s list is read back. A broken override is reported here, not by a sweep that
    cannot read a request or a tick, or write a note."""
    from mentorship_bot.render.choice_text import choice_note, choice_template_problem
    from mentorship_bot.render.person_context import CHOICE_NOTES, REQUEST_NOTES, request_note
    from mentorship_bot.render.request_text import request_form_problem

    matching = program.matching
    if not matching.intake_project:
        return []
    # Each note with just the variables a sweep gives it: one that reads another fails here.
    sample: dict[str, Any] = {
        "username": "sample-user", "why": "a sample reason", "gone": "sample-mentor",
        "mentor": "sample-mentor",
        "merge_request": {"iid": 1, "url": "https://gitlab.example.com/-/merge_requests/1"}}
    problems: list[tuple[str, str]] = []  # (template, what is wrong)
    try:
        if (problem := request_form_problem(program, templates)) is not None:
            problems.append(("request_form", problem))
        for note, fields in REQUEST_NOTES.items():
            request_note(templates, program, note, **{f: sample[f] for f in fields})
        if matching.mode == "mentee-choice" and program.mentees and program.mentors:
            round_, mentee = program.rounds[0], program.mentees[0]
            if (problem := choice_template_problem(templates, program, round_, mentee,
                                                   list(program.mentors[:2]))) is not None:
                problems.append(("choice", problem))
            for note, fields in CHOICE_NOTES.items():
                choice_note(templates, program, round_.slug, mentee.username, note,
                            **{f: sample[f] for f in fields})
    except TemplateError as exc:
        return [doc.problem(location, f"template {exc}")]
    return [doc.problem(location, f"template {templates.origin(name)}: {problem}")
            for name, problem in problems]


def locate_usernames(path: str | Path, usernames: list[str], message: str) -> list[Problem]:
    """Problems at every place the file names one of ``usernames`` (for GitLab's findings)."""
    data = Path(path).read_bytes()
    doc, _ = read_document(data, str(path))
    if doc is None:
        return []
    wanted = {name.lower() for name in usernames}
    problems = []
    for where, _position in sorted(doc.value_positions.items(), key=lambda item: item[1]):
        value = _value_at(doc.data, where)
        if isinstance(value, str) and value.lower() in wanted and where and (
            where[-1] in ("username", "mentor", "mentee", "manager")
            or (len(where) == 3 and where[1] == "coordinators")
        ):
            problems.append(doc.problem(where, message.format(username=value)))
    return problems


def _value_at(data: Any, where: tuple[str | int, ...]) -> Any:
    for part in where:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
