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

Every failure is a ``TemplateError`` naming the template file and, when known, the line. What each
template receives is ``render.context``'s business.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.meta
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mentorship_bot.errors import TemplateError
from mentorship_bot.model import MilestoneOccurrence, Pair, Program
from mentorship_bot.render.context import sample_context
from mentorship_bot.render.neutralise import neutralise, oneline, quote

SUFFIX = ".md.j2"

# GitLab refuses longer descriptions (GITLAB_API.md §7); a template that writes more is broken.
MAX_OUTPUT_CHARS = 1_048_576
# Bounds for ``*`` and ``**`` in templates, so ``"x" * 10**10`` fails instead of eating memory.
MAX_REPEAT_CHARS = 100_000
MAX_POWER_EXPONENT = 1_000
MAX_POWER_BITS = 100_000


def _find_builtin_dir() -> Path:
    """The packaged templates in a wheel; the top-level ``issue_templates/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "issue_templates"
    if packaged.is_dir():
        return packaged
    return package.parent / "issue_templates"


BUILTIN_TEMPLATE_DIR = _find_builtin_dir()



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
        self._digests: dict[str, str] = {}
        self.renders = 0  # how many texts this set rendered: benchmarks and tests count them

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
        self.renders += 1
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

    def source_digest(self, name: str) -> str:
        """A short hash of ``name``'s source and of every template it includes, imports or
        extends (of every template when a name is computed): with the context, all its output
        depends on. The inputs hash of a bot-written text (``render.lazy``) starts from it."""
        digest = self._digests.get(name)
        if digest is None:
            sources: dict[str, str] = {}
            self._collect_sources(name, sources)
            canonical = "\0".join(f"{n}\0{text}" for n, text in sorted(sources.items()))
            digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
            self._digests[name] = digest
        return digest

    # -- internals

    def _collect_sources(self, name: str, sources: dict[str, str]) -> None:
        if name in sources:
            return
        path = self._path(name)
        if path is None:
            raise TemplateError(f"{name}{SUFFIX}", f"no template named {name!r}")
        sources[name] = path.read_text(encoding="utf-8")
        try:
            refs = list(jinja2.meta.find_referenced_templates(self.env.parse(sources[name])))
        except jinja2.TemplateSyntaxError as exc:
            raise self._syntax_error(name, exc) from None
        for ref in refs:
            if ref is None or not ref.endswith(SUFFIX):  # computed: it may be any of them
                for other in self.names():
                    self._collect_sources(other, sources)
                return
            self._collect_sources(ref[: -len(SUFFIX)], sources)

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
