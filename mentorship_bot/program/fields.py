"""Value kinds of the program file: each parses one YAML value or says what was expected.

A kind is a small object with ``parse(value, raw)``; ``raw`` is the original text of a plain scalar
that YAML resolved to a non-string (so ``name: No`` can still be the name "No"). Each kind also
describes itself as JSON Schema, which is how editors learn the format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from mentorship_bot.model import BIWEEKLY, MONTHLY, WEEKLY, Cadence, Due


class Invalid(Exception):
    """A value does not fit its kind; the message says what was expected and what was given."""


def describe(value: Any) -> str:
    """How a wrong value is named in a message: its YAML type, and the value when it is short."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# GitLab's rule for the path of a new group or project (lib/gitlab/regex.rb,
# oci_repository_path_regex, applied by app/validators/project_path_validator.rb and
# namespace_path_validator.rb): letters and digits, with single '.', '_' or '-' between them; and
# no '.git' or '.atom' ending (lib/gitlab/path_regex.rb).
_PATH_RE = re.compile(r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$")
_USERNAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Names and titles GitLab stores in a varchar(255) column and validates to that length
# (app/models/namespace.rb, app/models/user.rb).
MAX_NAME_LENGTH = 255


def path_problem(text: str) -> str | None:
    """Why ``text`` is not a valid GitLab path segment, or None when it is."""
    if not text:
        return "a path cannot be empty"
    if len(text) > MAX_NAME_LENGTH:
        return f"a path has at most {MAX_NAME_LENGTH} characters"
    if text.endswith((".git", ".atom")):
        return "a path cannot end in .git or .atom"
    if not _PATH_RE.match(text):
        if re.search(r"[^A-Za-z0-9_.-]", text):
            return "a path may contain only letters, digits, '_', '-' and '.'"
        if re.search(r"[_.-]{2}", text):
            return "a path cannot contain two special characters ('_', '-', '.') in a row"
        return "a path must start and end with a letter or a digit"
    return None


def _is_emoji_or_symbol(char: str) -> bool:
    return "\u00a9" <= char <= "\U0001f9ff" and not char.isspace()


def group_name_problem(text: str) -> str | None:
    """Why GitLab would refuse ``text`` as a group's name, or None (lib/gitlab/regex.rb,
    group_name_regex: letters, digits, emoji, '_', '.', dashes, spaces and parentheses, starting
    with a letter, a digit, an emoji or '_')."""
    if not text:
        return "a group name cannot be empty"
    if len(text) > MAX_NAME_LENGTH:
        return f"a group name has at most {MAX_NAME_LENGTH} characters"
    first = text[0]
    if not (first.isalnum() or first == "_" or _is_emoji_or_symbol(first)):
        return "a group name must start with a letter, a digit, an emoji or '_'"
    for char in text[1:]:
        if char.isalnum() or char in "_.() " or _is_emoji_or_symbol(char):
            continue
        if unicodedata.category(char) == "Pd":  # any dash
            continue
        return (
            f"a group name may contain only letters, digits, emoji, '_', '.', dashes, spaces and "
            f"parentheses, not {char!r}"
        )
    return None


def _name_text(value: Any, raw: str | None) -> str | None:
    """A name as written: ``2026`` or ``no`` are names too, whatever YAML made of them."""
    if raw is not None:
        return raw
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


class Kind:
    json: ClassVar[dict[str, Any]] = {}

    def parse(self, value: Any, raw: str | None) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """A single line of text, or several lines when ``multiline``."""

    multiline: bool = False
    max_length: int = 2000

    @property
    def json(self) -> dict[str, Any]:  # type: ignore[override]
        return {"type": "string", "maxLength": self.max_length}

    def parse(self, value: Any, raw: str | None) -> str:
        if raw is not None:
            value = raw  # "name: No" means the name "No", not false
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise Invalid(f"expected text, got {describe(value)}")
        text: str = value.strip() if not self.multiline else value.strip("\n").rstrip()
        if not self.multiline and "\n" in text:
            raise Invalid("expected a single line of text")
        if len(text) > self.max_length:
            raise Invalid(f"expected at most {self.max_length} characters, got {len(text)}")
        return text


@dataclass(frozen=True)
class GroupName(Text):
    """A name GitLab gives a group: a round's name names its subgroup."""

    max_length: int = 200

    def parse(self, value: Any, raw: str | None) -> str:
        text = super().parse(value, raw)
        problem = group_name_problem(text)
        if problem:
            raise Invalid(f"{text!r} cannot name a GitLab group: {problem}")
        return text


@dataclass(frozen=True)
class Username(Kind):
    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": _USERNAME_RE.pattern}

    def parse(self, value: Any, raw: str | None) -> str:
        text = _name_text(value, raw)
        if text is None:
            raise Invalid(f"expected a GitLab username, got {describe(value)}")
        text = text.strip()
        if text.startswith("@"):
            raise Invalid(f"write the username without '@': {text[1:]!r}")
        if (
            not _USERNAME_RE.match(text)
            or text.endswith((".", ".git", ".atom"))
            or len(text) > MAX_NAME_LENGTH
        ):
            raise Invalid(
                f"{text!r} is not a valid GitLab username (letters, digits, '_', '-', "
                "'.'; not starting with '-' or '.')"
            )
        return text


@dataclass(frozen=True)
class Slug(Kind):
    """One GitLab path segment, used as a group or project path."""

    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": _PATH_RE.pattern}

    def parse(self, value: Any, raw: str | None) -> str:
        text = _name_text(value, raw)
        if text is None:
            raise Invalid(f"expected a slug such as 'spring-2026', got {describe(value)}")
        problem = path_problem(text)
        if problem:
            raise Invalid(f"{text!r} is not a valid GitLab path: {problem}")
        return text


@dataclass(frozen=True)
class FullPath(Kind):
    """A full GitLab namespace path such as ``acme/people/mentoring``."""

    json: ClassVar[dict[str, Any]] = {"type": "string"}

    def parse(self, value: Any, raw: str | None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected a GitLab path such as 'acme/mentoring', got {describe(value)}")
        text = value.strip().strip("/")
        for segment in text.split("/"):
            problem = path_problem(segment)
            if problem:
                raise Invalid(
                    f"{text!r} is not a valid GitLab path: segment {segment!r}: {problem}"
                )
        return text


@dataclass(frozen=True)
class Key(Kind):
    """A milestone key: lower-case letters, digits, '-' and '_' (it becomes a label name)."""

    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": _KEY_RE.pattern}

    def parse(self, value: Any, raw: str | None) -> str:
        text = raw if raw is not None else value
        if not isinstance(text, str) or not _KEY_RE.match(text) or len(text) > 50:
            raise Invalid(
                f"expected a key of lower-case letters, digits, '-' and '_' such as "
                f"'kickoff', got {describe(value)}"
            )
        return text


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int = 0
    maximum: int = 1_000_000

    @property
    def json(self) -> dict[str, Any]:  # type: ignore[override]
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def parse(self, value: Any, raw: str | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {describe(value)}")
        if not self.minimum <= value <= self.maximum:
            raise Invalid(f"expected a number from {self.minimum} to {self.maximum}, got {value}")
        return value


class Flag(Kind):
    json: ClassVar[dict[str, Any]] = {"type": "boolean"}

    def parse(self, value: Any, raw: str | None) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {describe(value)}")
        return value


@dataclass(frozen=True)
class Fraction(Kind):
    """A share in (0, 100%]: ``80%`` or ``0.8``."""

    json: ClassVar[dict[str, Any]] = {
        "oneOf": [
            {"type": "string", "pattern": r"^\d+(\.\d+)?%$"},
            {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        ]
    }

    def parse(self, value: Any, raw: str | None) -> float:
        if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*%\s*", value):
            share = float(value.strip().rstrip("%")) / 100
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 1:
            share = float(value)
        else:
            raise Invalid(
                f"expected a percentage such as 80% (or a fraction such as 0.8), "
                f"got {describe(value)}"
            )
        if not 0 < share <= 1:
            raise Invalid(f"expected more than 0% and at most 100%, got {share * 100:g}%")
        return share


@dataclass(frozen=True)
class IsoDate(Kind):
    json: ClassVar[dict[str, Any]] = {"type": "string", "format": "date"}

    def parse(self, value: Any, raw: str | None) -> date:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise Invalid(f"expected a date such as 2026-03-01 (YYYY-MM-DD), got {describe(value)}")
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise Invalid(f"{value.strip()} is not a real date ({exc})") from None


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple[str, ...]

    @property
    def json(self) -> dict[str, Any]:  # type: ignore[override]
        return {"enum": list(self.options)}

    def parse(self, value: Any, raw: str | None) -> str:
        text = raw if raw is not None else value
        if not isinstance(text, str) or text not in self.options:
            raise Invalid(f"expected one of {', '.join(self.options)}, got {describe(value)}")
        return text


@dataclass(frozen=True)
class TextList(Kind):
    """A list of short texts; a single text is accepted as a list of one."""

    json: ClassVar[dict[str, Any]] = {"type": "array", "items": {"type": "string"}}

    def parse(self, value: Any, raw: str | None) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise Invalid(f"expected a list of texts, got {describe(value)}")
        out = []
        for item in items:
            if isinstance(item, (dict, list)) or item is None:
                raise Invalid(f"expected a list of texts, but an item is {describe(item)}")
            out.append(Text(max_length=200).parse(item, None))
        return tuple(out)


_DAYS_RE = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$")


def _days(text: str) -> int | None:
    match = _DAYS_RE.match(text)
    if not match:
        return None
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


@dataclass(frozen=True)
class CadenceKind(Kind):
    """``weekly``, ``biweekly``, ``monthly``, or ``every: 10d`` (also written ``every 10d``)."""

    json: ClassVar[dict[str, Any]] = {
        "oneOf": [
            {"enum": ["weekly", "biweekly", "monthly"]},
            {
                "type": "object",
                "properties": {"every": {"type": "string"}},
                "required": ["every"],
                "additionalProperties": False,
            },
        ]
    }
    expected = "expected weekly, biweekly, monthly or 'every: Nd' (such as every: 10d)"

    def parse(self, value: Any, raw: str | None) -> Cadence:
        named = {"weekly": WEEKLY, "biweekly": BIWEEKLY, "monthly": MONTHLY}
        if isinstance(value, str) and value.strip() in named:
            return named[value.strip()]
        every: Any = None
        if isinstance(value, dict):
            if set(value) != {"every"}:
                raise Invalid(f"{self.expected}, got a mapping with {', '.join(map(str, value))}")
            every = value["every"]
        elif isinstance(value, str) and value.strip().startswith("every"):
            every = value.strip()[len("every") :].lstrip(": ")
        days = _days(every) if isinstance(every, str) else None
        if days is None:
            raise Invalid(f"{self.expected}, got {describe(value)}")
        if not 1 <= days <= 366:
            raise Invalid(f"a cadence must be between 1 and 366 days, got {days}")
        return Cadence(days=days)


@dataclass(frozen=True)
class DueKind(Kind):
    """``14d`` / ``3w`` after the start, ``50%`` of the round, or ``-7d`` before the end."""

    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": r"^(-?\d+[dw]|\d+(\.\d+)?%)$"}

    def parse(self, value: Any, raw: str | None) -> Due:
        expected = (
            "expected an offset such as 14d or 3w (after the start), -7d (before the "
            "end) or 50% (of the round)"
        )
        if not isinstance(value, str):
            raise Invalid(f"{expected}, got {describe(value)}")
        text = value.strip()
        percent = re.fullmatch(r"(\d+(?:\.\d+)?)%", text)
        if percent:
            share = float(percent.group(1)) / 100
            if not 0 <= share <= 1:
                raise Invalid(f"a share of the round must be from 0% to 100%, got {text}")
            return Due("fraction", fraction=share)
        if text.startswith("-"):
            days = _days(text[1:])
            if days is not None:
                return Due("from_end", days=days)
        else:
            days = _days(text.lstrip("+"))
            if days is not None:
                return Due("from_start", days=days)
        raise Invalid(f"{expected}, got {describe(value)}")


@dataclass(frozen=True)
class RepeatKind(Kind):
    """A milestone's ``repeat``: ``cadence`` (the round's own) or a cadence of its own."""

    json: ClassVar[dict[str, Any]] = {"oneOf": [{"const": "cadence"}, CadenceKind.json]}

    def parse(self, value: Any, raw: str | None) -> Cadence | str:
        if isinstance(value, str) and value.strip() == "cadence":
            return "cadence"
        try:
            return CadenceKind().parse(value, raw)
        except Invalid:
            raise Invalid(
                f"expected 'cadence' (the round's own), weekly, biweekly, monthly or "
                f"'every: Nd', got {describe(value)}"
            ) from None
