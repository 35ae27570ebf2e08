"""Render the issues, README and certificates a pair works with, from Jinja templates.

Templates are Markdown files named ``<name>.md.j2``: the built-in ones ship in the package
(``issue_templates/`` at the top of the repository), and a program may name a directory whose files
replace them one by one. Templates come from a repository many people can change, and the values
they print come from a YAML file, so rendering is locked down:

- Jinja's immutable sandbox: no attribute starting with ``_``, no mutating calls, bounded ranges;
- ``StrictUndefined``: a misspelt variable is an error at validation, not an empty string in 10,000
  issues;
- every printed value goes through ``neutralise`` (quick actions, mentions, raw HTML);
- output is capped at GitLab's description limit, so a runaway loop stops early.

Every failure is a ``TemplateError`` naming the template file and, when known, the line.

Templates receive plain dicts, lists, strings and ints built by ``template_context`` (documented in
``issue_templates/README.md``), so a template never calls into the model.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mentorship_bot.errors import TemplateError
from mentorship_bot.model import (
    Mentee,
    Mentor,
    MilestoneOccurrence,
    Pair,
    Program,
    Round,
    expand_milestones,
)
from mentorship_bot.render.neutralise import neutralise, oneline, quote

SUFFIX = ".md.j2"

# Templates rendered once per milestone occurrence (the default plan names them).
MILESTONE_TEMPLATES = ("kickoff", "goal", "meeting", "midpoint", "final")
# Templates rendered once per pair, with no milestone.
PAIR_TEMPLATES = ("progress", "pair_readme", "certificate")
# Included by ``progress`` and re-rendered alone by the progress sweep.
PROGRESS_BLOCK = "progress_block"
# Notes the sweep posts: the reminder on an overdue milestone, the certificate announcement.
NOTE_TEMPLATES = ("nudge", "certificate_note")
TEMPLATE_NAMES = (*MILESTONE_TEMPLATES, *PAIR_TEMPLATES, PROGRESS_BLOCK, *NOTE_TEMPLATES)

# The Progress issue's managed block sits between these two exact lines; only it is rewritten.
MANAGED_START = "<!-- mentorship-bot:managed:start -->"
MANAGED_END = "<!-- mentorship-bot:managed:end -->"

# GitLab refuses longer descriptions (GITLAB_API.md §7); a template that writes more is broken.
MAX_OUTPUT_CHARS = 1_048_576
# Bounds for ``*`` and ``**`` in templates, so ``"x" * 10**10`` fails instead of eating memory.
MAX_REPEAT_CHARS = 100_000
MAX_POWER_EXPONENT = 1_000
MAX_POWER_BITS = 100_000

FORMAT_TEXT = {
    "sync": "on a call or in person",
    "async": "asynchronously, in the meeting's issue",
    "mixed": "on a call, in person or asynchronously in the meeting's issue, as suits you",
}

# Titles for ``generic_milestone`` when the program's plan does not use the template.
GENERIC_TITLES = {
    "kickoff": "Kickoff and ground rules",
    "goal": "Goal and purpose",
    "meeting": "Meeting",
    "midpoint": "Midpoint check",
    "final": "Final meeting",
}


def _find_builtin_dir() -> Path:
    """The packaged templates in a wheel; the top-level ``issue_templates/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "issue_templates"
    if packaged.is_dir():
        return packaged
    return package.parent / "issue_templates"


BUILTIN_TEMPLATE_DIR = _find_builtin_dir()


# --- the context contract ------------------------------------------------------------------------


def _round_dict(round_: Round) -> dict[str, Any]:
    return {
        "slug": round_.slug,
        "name": round_.name,
        "starts": round_.starts.isoformat(),
        "ends": round_.ends.isoformat(),
        "cadence": round_.cadence.label,
        "meeting_minutes": round_.meeting_minutes,
        "format": round_.format,
        "weeks": (round_.ends - round_.starts).days // 7,
    }


def _mentor_dict(mentor: Mentor) -> dict[str, Any]:
    return {
        "username": mentor.username,
        "name": mentor.name,
        "department": mentor.department,
        "skills": list(mentor.skills),
    }


def _mentee_dict(mentee: Mentee) -> dict[str, Any]:
    return {
        "username": mentee.username,
        "name": mentee.name,
        "department": mentee.department,
        "interests": list(mentee.interests),
        "manager": mentee.manager or "",
    }


def milestone_dict(occurrence: MilestoneOccurrence) -> dict[str, Any]:
    """One milestone occurrence as templates see it (``due`` as ``YYYY-MM-DD``)."""
    return {
        "id": occurrence.id,
        "key": occurrence.key,
        "title": occurrence.title,
        "template": occurrence.template,
        "due": occurrence.due.isoformat(),
        "repeated": occurrence.repeated,
        "occurrence": occurrence.occurrence,
        "occurrences": occurrence.occurrences,
    }


class _ProgramIndex:
    """Per-program lookups and dicts built once: 10,000 pairs must not scan 10,000 mentees each."""

    def __init__(self, program: Program) -> None:
        self.program = {
            "slug": program.slug,
            "name": program.name,
            "group": program.group,
            "coordinators": list(program.coordinators),
            "completion_threshold_percent": round(program.completion_threshold * 100),
            "max_mentees_per_mentor": program.max_mentees_per_mentor,
            "stall_after_days": program.stall_after_days,
        }
        self.rounds = {r.slug: (r, _round_dict(r)) for r in program.rounds}
        self.mentors = {m.username: _mentor_dict(m) for m in program.mentors}
        self.mentees = {m.username: _mentee_dict(m) for m in program.mentees}
        self.milestones = {
            r.slug: [milestone_dict(o) for o in expand_milestones(program, r)]
            for r in program.rounds
        }


_last_index: tuple[weakref.ref[Program], _ProgramIndex] | None = None


def _index(program: Program) -> _ProgramIndex:
    """The index of ``program``, cached for the last program seen (a run works on one)."""
    global _last_index
    if _last_index is not None and _last_index[0]() is program:
        return _last_index[1]
    index = _ProgramIndex(program)
    _last_index = (weakref.ref(program), index)
    return index


def template_context(
    program: Program,
    pair: Pair,
    milestone: MilestoneOccurrence | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The variables every pair template receives; ``milestone`` only for milestone issues.

    The nested dicts and lists are shared between calls for the same program (building them once
    is what keeps 100,000 renders fast): treat them as read-only. The top-level dict is new.
    """
    index = _index(program)
    round_, round_dict = index.rounds[pair.round]
    fmt = pair.format or round_.format
    context: dict[str, Any] = {
        "program": index.program,
        "round": round_dict,
        "mentor": index.mentors[pair.mentor],
        "mentee": index.mentees[pair.mentee],
        "pair": {
            "slug": pair.slug,
            "project_path": f"{program.group}/{round_.slug}/{pair.slug}",
            "goal": pair.goal,
            "purpose": pair.purpose,
            "format": fmt,
            "format_text": FORMAT_TEXT.get(fmt, fmt),
        },
        "milestones": index.milestones[round_.slug],
    }
    if isinstance(milestone, MilestoneOccurrence):
        context["milestone"] = milestone_dict(milestone)
    elif milestone is not None:
        context["milestone"] = dict(milestone)
    return context


def generic_milestone(template_name: str, program: Program | None = None) -> dict[str, Any]:
    """A milestone with no date, for the copies in the pair repo's ``.gitlab/issue_templates/``.

    With ``program``, key and title come from the first plan entry using the template.
    """
    key, title = (
        template_name,
        GENERIC_TITLES.get(template_name, template_name.replace("_", " ").capitalize()),
    )
    if program is not None:
        plan = next((p for p in program.milestones if p.template == template_name), None)
        if plan is not None:
            key, title = plan.key, plan.title
    return {
        "id": key,
        "key": key,
        "title": title,
        "template": template_name,
        "due": "",
        "repeated": False,
        "occurrence": None,
        "occurrences": None,
    }


def progress_context(
    rows: Iterable[Mapping[str, Any]],
    completion_percent: int,
    status: str,
    updated_on: date | str,
) -> dict[str, Any]:
    """The variables of ``progress`` and ``progress_block``, added to ``template_context``.

    Each row has ``id``, ``title``, ``due``, ``done`` and ``overdue``; dates become ISO strings.
    """
    return {
        "rows": [
            {
                "id": row["id"],
                "title": row["title"],
                "due": _iso(row["due"]),
                "done": bool(row["done"]),
                "overdue": bool(row["overdue"]),
            }
            for row in rows
        ],
        "completion_percent": int(completion_percent),
        "status": status,
        "updated_on": _iso(updated_on),
    }


def certificate_context(
    role: str,
    person: Mentor | Mentee | Mapping[str, Any],
    completion_percent: int,
    verification_id: str,
    issued_on: date | str,
) -> dict[str, Any]:
    """The ``certificate`` variable of the certificate template, added to ``template_context``."""
    if role not in ("mentor", "mentee"):
        raise ValueError(f"a certificate is for a mentor or a mentee, not {role!r}")
    if isinstance(person, Mapping):
        who = {"username": person["username"], "name": person["name"]}
    else:
        who = {"username": person.username, "name": person.name}
    return {
        "certificate": {
            "role": role,
            "person": who,
            "completion_percent": int(completion_percent),
            "verification_id": verification_id,
            "issued_on": _iso(issued_on),
        }
    }


def sample_context(
    name: str,
    program: Program,
    pair: Pair,
    occurrence: MilestoneOccurrence | None = None,
) -> dict[str, Any]:
    """The context ``name`` gets in production, with made-up progress: for validation renders."""
    round_ = program.round(pair.round)
    if name == "nudge" and occurrence is None:  # a nudge is always about a dated milestone
        occurrence = next(iter(expand_milestones(program, round_)), None)
    if name in PAIR_TEMPLATES or name in (PROGRESS_BLOCK, "certificate_note"):
        context = template_context(program, pair)
    else:
        context = template_context(
            program, pair, occurrence if occurrence is not None else generic_milestone(name)
        )
    percent = round(program.completion_threshold * 100)
    if name in ("progress", PROGRESS_BLOCK):
        rows = [
            {**m, "done": i == 0, "overdue": i == 1} for i, m in enumerate(context["milestones"])
        ]
        share = 100 // len(rows) if rows else 0
        context.update(progress_context(rows, share, "at-risk", round_.starts))
    if name == "certificate":
        mentee = program.mentee(pair.mentee)
        context.update(certificate_context("mentee", mentee, percent, "0" * 16, round_.ends))
    if name == "nudge":
        context["overdue_days"] = 3
    if name == "certificate_note":
        context["completion_percent"] = percent
        context["certificates"] = [
            {
                **certificate_context(role, person, percent, "0" * 16, round_.ends)["certificate"],
                "path": f"certificates/{role}.md",
            }
            for role, person in (
                ("mentee", program.mentee(pair.mentee)),
                ("mentor", program.mentor(pair.mentor)),
            )
        ]
    return context


def _iso(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


# --- rendering -----------------------------------------------------------------------------------


def _finalize(value: Any) -> str:
    """Every ``{{ ... }}`` passes here: ``None`` prints as nothing, the rest is neutralised."""
    if type(value) is str:
        return neutralise(value)
    if value is None:
        return ""
    return neutralise(str(value))


class _StrictUndefined(jinja2.StrictUndefined):
    """Undefined is an error; a missing key of a context dict lists the keys that exist."""

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint is None and type(obj) is dict and isinstance(name, str):
            keys = sorted(str(k) for k in obj)
            close = difflib.get_close_matches(name, keys, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return f"no variable {name!r} here{hint}; there is: {', '.join(keys)}"
        return str(super()._undefined_message)


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, plus bounds on ``*`` and ``**`` (Jinja leaves them unbounded).

    The sandbox keeps templates away from Python internals and from mutating the context; it does
    not bound CPU time, and the bounds here only stop the cheapest ways to exhaust memory.
    """

    intercepted_binops = frozenset(["*", "**"])

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Contexts are plain dicts: look the key up first, which spares the failed attribute
        # lookup Jinja tries first (a third of the render time). Anything else: the sandbox rules.
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        if type(obj) is LoopContext and not attribute.startswith("_"):
            return getattr(obj, attribute)  # loop.index, loop.last: read-only, checked by name
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and (
                abs(right) > MAX_POWER_EXPONENT
                or (isinstance(left, int) and left.bit_length() * right > MAX_POWER_BITS)
            ):
                raise SecurityError(f"the power {left!r:.20} ** {right} is too large")
            return left**right
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, (str, list, tuple))
                and isinstance(times, int)
                and len(seq) * times > MAX_REPEAT_CHARS
            ):
                raise SecurityError(
                    f"repeating a sequence {times} times exceeds {MAX_REPEAT_CHARS} items"
                )
        return left * right


class TemplateSet:
    """The built-in templates, optionally replaced file by file by those in ``override_dir``."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.override_dir = Path(override_dir).resolve() if override_dir is not None else None
        if self.override_dir is not None and not self.override_dir.is_dir():
            raise TemplateError(str(self.override_dir), "no such template directory")
        dirs = [BUILTIN_TEMPLATE_DIR]
        if self.override_dir is not None:
            dirs.insert(0, self.override_dir)
        self._dirs = dirs
        self.env = _Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in dirs], encoding="utf-8"),
            undefined=_StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_finalize,
            auto_reload=False,  # no stat() per render; a TemplateSet lives for one run
            cache_size=-1,
        )
        self.env.filters["oneline"] = oneline
        self.env.filters["quote"] = quote
        self._templates: dict[str, jinja2.Template] = {}

    def names(self) -> list[str]:
        """Every template name available: built-in ones and those the override directory adds."""
        found: set[str] = set()
        for directory in self._dirs:
            if directory.is_dir():
                found.update(
                    p.name[: -len(SUFFIX)] for p in directory.glob(f"*{SUFFIX}") if p.is_file()
                )
        return sorted(found)

    def has(self, name: str) -> bool:
        return self._path(name) is not None

    def origin(self, name: str) -> str:
        """Where ``name`` comes from, as shown in messages: the override file or the built-in."""
        path = self._path(name)
        return str(path) if path is not None else f"{name}{SUFFIX}"

    def _path(self, name: str) -> Path | None:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            return None
        for directory in self._dirs:
            path = directory / f"{name}{SUFFIX}"
            if path.is_file():
                return path
        return None

    def check(self, name: str) -> None:
        """Parse and compile ``name``; a ``TemplateError`` when it is missing or broken."""
        self._get(name)

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """``name`` rendered with ``context``; every failure is a ``TemplateError``."""
        template = self._get(name)
        try:
            return self._render_capped(template, context)
        except TemplateError:
            raise
        except jinja2.TemplateSyntaxError as exc:  # in an included template
            raise self._syntax_error(name, exc) from None
        except jinja2.TemplateNotFound as exc:
            where, line = self._where(name, exc.__traceback__)
            raise TemplateError(
                where, f"includes {exc.name!r}, which does not exist", line
            ) from None
        except jinja2.UndefinedError as exc:
            where, line = self._where(name, exc.__traceback__)
            message = f"undefined variable: {exc.message}"
            if str(exc.message).endswith(" is undefined"):  # a top-level name
                message += f" (this template gets: {', '.join(sorted(context))})"
            raise TemplateError(where, message, line) from None
        except SecurityError as exc:
            where, line = self._where(name, exc.__traceback__)
            raise TemplateError(
                where, f"template tried to access an unsafe attribute or operation: {exc}", line
            ) from None
        except RecursionError as exc:
            where, line = self._where(name, exc.__traceback__)
            message = "the template includes or calls itself without end"
            raise TemplateError(where, message, line) from None
        except Exception as exc:  # a broken override must never become a traceback
            where, line = self._where(name, exc.__traceback__)
            raise TemplateError(where, f"{type(exc).__name__}: {exc}", line) from None

    def render_for(
        self,
        name: str,
        program: Program,
        pair: Pair,
        occurrence: MilestoneOccurrence | None = None,
    ) -> str:
        """A validation render: ``name`` with the context it gets in production for ``pair``.

        A milestone template is also rendered as the generic copy committed to the pair's repo
        (no date, no number), since production renders it both ways; the dated text is returned.
        """
        text = self.render(name, sample_context(name, program, pair, occurrence))
        if occurrence is not None:
            self.render(name, sample_context(name, program, pair, None))
        return text

    # -- internals

    def _get(self, name: str) -> jinja2.Template:
        template = self._templates.get(name)
        if template is not None:
            return template
        if self._path(name) is None:
            known = ", ".join(self.names())
            raise TemplateError(
                f"{name}{SUFFIX}", f"no template named {name!r} (templates: {known})"
            )
        try:
            template = self.env.get_template(f"{name}{SUFFIX}")
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(name, exc) from None
        except UnicodeDecodeError:
            raise TemplateError(self.origin(name), "the file is not UTF-8 text") from None
        except OSError as exc:
            raise TemplateError(self.origin(name), f"cannot read: {exc.strerror}") from None
        # Jinja chains the template's globals to the environment's and copies the chain on every
        # render; a plain dict of the same (fixed) globals is copied several times faster.
        template.globals = dict(template.globals)
        self._templates[name] = template
        return template

    def _render_capped(self, template: jinja2.Template, context: Mapping[str, Any]) -> str:
        # Batches keep the loop in C: most templates finish in the first batch.
        chunks = template.generate(context)
        parts: list[str] = []
        size = 0
        while batch := list(islice(chunks, 2048)):
            size += sum(map(len, batch))
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(
                    str(template.filename or template.name),
                    f"the output is longer than {MAX_OUTPUT_CHARS:,} characters, "
                    "GitLab's limit for a description",
                )
            parts.extend(batch)
        return "".join(parts)

    def _syntax_error(self, name: str, exc: jinja2.TemplateSyntaxError) -> TemplateError:
        where = exc.filename or (self.origin(exc.name[: -len(SUFFIX)]) if exc.name else None)
        return TemplateError(where or self.origin(name), f"syntax error: {exc.message}", exc.lineno)

    def _where(self, name: str, tb: TracebackType | None) -> tuple[str, int | None]:
        """The template file and line an error was raised from (the innermost template frame)."""
        files = {str(d / p.name) for d in self._dirs if d.is_dir() for p in d.glob(f"*{SUFFIX}")}
        where, line = self.origin(name), None
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename in files:
                where, line = filename, tb.tb_lineno
            tb = tb.tb_next
        return where, line


def normalise_block(block: str) -> str:
    """A block as stored between the markers: no blank lines around it, one final newline."""
    return block.strip("\n") + "\n"


def render_managed_block(block: str) -> str:
    """``block`` between the two marker lines, as the Progress issue holds it."""
    return f"{MANAGED_START}\n{normalise_block(block)}{MANAGED_END}"


def replace_managed_block(text: str, block: str) -> str | None:
    """``text`` with the managed block's content replaced by ``block``; ``None`` if no markers.

    Everything outside the markers is the pair's and comes back unchanged.
    """
    start = text.find(MANAGED_START)
    end = text.find(MANAGED_END, start + len(MANAGED_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return text[:start] + render_managed_block(block) + text[end + len(MANAGED_END) :]


def managed_block(text: str) -> str | None:
    """The content between the markers (without the marker lines), or ``None`` if absent."""
    start = text.find(MANAGED_START)
    end = text.find(MANAGED_END, start + len(MANAGED_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return normalise_block(text[start + len(MANAGED_START) : end])
