"""No input makes validation crash: mutated example programs and random YAML documents.

Each case must come back as data (a program, or located problems with at least one error), never as
an exception. The stress script in benchmarks/ runs the same generators for thousands of cases.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship_bot.program.loader import validate_text

EXAMPLE = Path("config/program.yml").read_text(encoding="utf-8")
LINES = EXAMPLE.splitlines(keepends=True)

HOSTILE = [
    "", "[", "{", "}", "*x", "&a", "!!python/object/apply:os.system ['true']", "- ", ":", "'", '"',
    "\t", "~", "null", "yes", "no", "0", "-1", "1e400", ".nan", "9999-99-99", "2026-02-29",
    "@all", "/close", "<!-- mentorship-bot id=x -->", "{{ ''.__class__ }}", "a" * 300, "ü∆😀",
    "? [a, b]\n  : c", "<<: *nothing", "!!binary AAAA", "2026-01-01T00:00:00Z", "[1, [2, [3]]]",
    "{every: 0d}", "{every: 99999d}", "-999999d", "150%", "every", "\x85", "%YAML 1.1",
]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("value"), st.integers(0, len(LINES) - 1), st.sampled_from(HOSTILE)),
    st.tuples(st.just("insert"), st.integers(0, len(LINES) - 1), st.sampled_from(HOSTILE)),
    st.tuples(st.just("indent"), st.integers(0, len(LINES) - 1), st.integers(-4, 4)),
)


def mutate(lines: list[str], steps: list[tuple]) -> str:  # type: ignore[type-arg]
    out = list(lines)
    for step in steps:
        kind, at = step[0], min(step[1], len(out) - 1)
        if not out:
            break
        if kind == "delete":
            del out[at]
        elif kind == "duplicate":
            out.insert(at, out[at])
        elif kind == "swap":
            other = min(step[2], len(out) - 1)
            out[at], out[other] = out[other], out[at]
        elif kind == "value":
            head, sep, _ = out[at].partition(": ")
            out[at] = f"{head}{sep or ': '}{step[2]}\n"
        elif kind == "insert":
            out.insert(at, step[2] + "\n")
        else:
            shift = step[2]
            out[at] = " " * shift + out[at] if shift > 0 else out[at][-shift:]
    return "".join(out)


def assert_clean(text: str | bytes) -> None:
    program, problems = validate_text(text, "fuzz.yml")
    if program is None:
        assert any(p.severity == "error" for p in problems), problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.format().startswith("fuzz.yml:")


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_example_programs_never_crash(steps: list[tuple]) -> None:  # type: ignore[type-arg]
    assert_clean(mutate(LINES, steps))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(HOSTILE), st.dates().map(str),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["version", "program", "rounds", "mentors", "mentees",
                                         "pairs", "milestones", "slug", "name", "group",
                                         "starts", "ends", "username", "mentor", "mentee",
                                         "round", "key", "due", "repeat", "cadence", "every",
                                         "capacity", "completion_threshold", "template"]),
                        children, max_size=6),
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_never_crash(document: object) -> None:
    assert_clean(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    assert_clean(data)
