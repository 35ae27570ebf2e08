"""Value kinds of the profiles matching reads (issue 13): tags, time zones, the matching weights.

``fields`` holds the general kinds and is at its size limit; these are the ones only people's
profiles and the ``matching`` section use. ``model.normalise_tag`` is the one spelling rule:
validation finds duplicates with it and matching compares tags with it, so the two never disagree.
"""

from __future__ import annotations

import difflib
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from mentorship_bot.model import Matching, normalise_tag
from mentorship_bot.program.fields import Invalid, Kind, Text, describe

# What the matching weights are called in the file, and their defaults (model.Matching's).
WEIGHT_NAMES = ("tags", "timezone", "language")
DEFAULT_WEIGHTS = tuple(getattr(Matching(), f"{name}_weight") for name in WEIGHT_NAMES)
MAX_WEIGHT = 100


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    # The system's zone database, or the ``tzdata`` package where there is none (Windows, slim
    # containers): ``tzdata`` is a dependency for that reason.
    return frozenset(zoneinfo.available_timezones())


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA time zone this machine knows, or None when it is one."""
    if name in _zone_names():
        return None
    folded = {zone.casefold(): zone for zone in _zone_names()}
    close = folded.get(name.casefold().replace(" ", "_"))
    if close is None:
        matches = difflib.get_close_matches(name, sorted(_zone_names()), n=1, cutoff=0.75)
        close = matches[0] if matches else None
    hint = f" (did you mean {close!r}?)" if close else ""
    return f"{name!r} is not an IANA time zone such as 'Europe/Berlin' or 'UTC'{hint}"


@dataclass(frozen=True)
class TimeZone(Kind):
    """An IANA time zone name: ``Europe/Berlin``, ``America/Sao_Paulo``, ``UTC``."""

    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_+/-]*$"}

    def parse(self, value: Any, raw: str | None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected an IANA time zone such as 'Europe/Berlin', "
                          f"got {describe(value)}")
        name = value.strip()
        problem = zone_problem(name)
        if problem:
            raise Invalid(problem)
        return name


@dataclass(frozen=True)
class Tags(Kind):
    """A list of short tags (skills, topics, interests, languages); one text is a list of one.

    Two items that normalise to the same tag are an error at the second: checks.py's job, since
    a kind cannot point at one item of its list.
    """

    json: ClassVar[dict[str, Any]] = {
        "type": "array", "items": {"type": "string", "maxLength": 200}, "uniqueItems": True}

    def parse(self, value: Any, raw: str | None) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise Invalid(f"expected a list of tags such as [Kubernetes, SQL], "
                          f"got {describe(value)}")
        out = []
        for item in items:
            if isinstance(item, (dict, list, bool)) or item is None:
                raise Invalid(f"expected a list of tags, but an item is {describe(item)}")
            tag = Text(max_length=200).parse(item, None)
            if not normalise_tag(tag):
                raise Invalid("a tag cannot be empty")
            out.append(tag)
        return tuple(out)


def duplicate_tags(tags: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """``(index, tag, first spelling)`` of each tag that repeats an earlier one once normalised."""
    seen: dict[str, str] = {}
    out = []
    for index, tag in enumerate(tags):
        first = seen.setdefault(normalise_tag(tag), tag)
        if first is not tag:
            out.append((index, tag, first))
    return out


@dataclass(frozen=True)
class Weights(Kind):
    """``matching.weights``: how much each soft part of a match counts, each from 0 to 100."""

    defaults: tuple[float, ...] = DEFAULT_WEIGHTS

    @property
    def json(self) -> dict[str, Any]:  # type: ignore[override]
        return {
            "type": "object",
            "properties": {
                name: {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT, "default": default}
                for name, default in zip(WEIGHT_NAMES, self.defaults, strict=True)
            },
            "additionalProperties": False,
        }

    def parse(self, value: Any, raw: str | None) -> dict[str, float]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping such as {{tags: 3, timezone: 1, language: 1}}, "
                          f"got {describe(value)}")
        out = dict(zip(WEIGHT_NAMES, self.defaults, strict=True))
        for name, weight in value.items():
            if name not in WEIGHT_NAMES:
                match = difflib.get_close_matches(str(name), WEIGHT_NAMES, n=1, cutoff=0.6)
                hint = f" (did you mean {match[0]!r}?)" if match else ""
                raise Invalid(f"unknown weight {name!r}{hint}; expected {', '.join(WEIGHT_NAMES)}")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise Invalid(f"the weight {name!r} must be a number, got {describe(weight)}")
            if not 0 <= weight <= MAX_WEIGHT:
                raise Invalid(f"the weight {name!r} must be from 0 to {MAX_WEIGHT}, got {weight}")
            out[name] = float(weight)
        return out


@dataclass(frozen=True)
class RepositoryFile(Kind):
    """A file's path inside a repository, ``config/program.yml``: relative, no ``..``, YAML."""

    json: ClassVar[dict[str, Any]] = {"type": "string", "pattern": r"^[^/].*\.ya?ml$"}

    def parse(self, value: Any, raw: str | None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected a file path such as 'config/program.yml', got "
                          f"{describe(value)}")
        text = value.strip()
        parts = text.split("/")
        if text.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise Invalid(f"expected a path inside the repository such as "
                          f"'config/program.yml', got {text!r}")
        if not text.endswith((".yml", ".yaml")):
            raise Invalid(f"expected the program's YAML file (.yml or .yaml), got {text!r}")
        return text
