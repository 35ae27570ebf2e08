"""Throw thousands of generated and mutated program files at validation; print what came back.

Each file must give a program or located errors (exit code 2 from the CLI), never an exception.
The suite runs a few hundred of these cases through hypothesis (tests/test_loader_fuzz.py); this
script runs many more, seeded, and prints counts, time and the slowest case.

    python -m stress.hostile_programs --cases 5000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import yaml
from click.testing import CliRunner

from mentorship_bot.cli import main as cli
from mentorship_bot.program.loader import load_program, validate_text
from mentorship_bot.sandbox import Sandbox

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "program.yml"
HOSTILE = [
    "", "[", "{", "}", "*x", "&a", "!!python/object/apply:os.system ['true']", "- ", ":", "'", '"',
    "\t", "~", "null", "yes", "no", "0", "-1", "1e400", ".nan", "9999-99-99", "2026-02-29",
    "@all", "/close", "<!-- mentorship-bot id=x -->", "{{ ''.__class__ }}", "a" * 3000, "ü∆😀",
    "? [a, b]\n  : c", "<<: *nothing", "!!binary AAAA", "2026-01-01T00:00:00Z", "[1, [2, [3]]]",
    "{every: 0d}", "{every: 99999d}", "-999999d", "150%", "every", "\x85", "%YAML 1.1", "\x00",
    "&a [*a]", "!!set {a, b}", "!!omap [a: 1]", "0x1F", "0o17", "1_000", "+.inf", "2026-13-01",
]


def mutate(lines: list[str], rng: random.Random) -> str:
    out = list(lines)
    for _ in range(rng.randint(1, 6)):
        if not out:
            break
        at = rng.randrange(len(out))
        kind = rng.choice(["delete", "duplicate", "swap", "value", "insert", "indent", "bytes"])
        if kind == "delete":
            del out[at]
        elif kind == "duplicate":
            out.insert(at, out[at])
        elif kind == "swap":
            other = rng.randrange(len(out))
            out[at], out[other] = out[other], out[at]
        elif kind == "value":
            head, sep, _ = out[at].partition(": ")
            out[at] = f"{head}{sep or ': '}{rng.choice(HOSTILE)}\n"
        elif kind == "insert":
            out.insert(at, rng.choice(HOSTILE) + "\n")
        elif kind == "indent":
            shift = rng.randint(-4, 4)
            out[at] = " " * shift + out[at] if shift > 0 else out[at][-shift:]
        else:
            line = out[at]
            cut = rng.randrange(len(line) + 1)
            out[at] = line[:cut] + rng.choice(HOSTILE) + line[cut:]
    return "".join(out)


def random_document(rng: random.Random, depth: int = 0) -> object:
    keys = ["version", "program", "rounds", "mentors", "mentees", "pairs", "milestones", "slug",
            "name", "group", "starts", "ends", "username", "mentor", "mentee", "round", "due"]
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice([None, True, 0, -1, 2**64, 1.5, "x", "2026-01-01", *HOSTILE[:20]])
    if roll < 0.7:
        return [random_document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(keys): random_document(rng, depth + 1) for _ in range(rng.randint(0, 6))}


def hostile_cases(count: int, seed: int) -> Iterator[str | bytes]:
    """``count`` seeded cases in turn: a mutated example, a random document, random bytes."""
    rng = random.Random(seed)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    for case in range(count):
        kind = case % 3
        if kind == 0:
            yield mutate(lines, rng)
        elif kind == 1:
            yield yaml.safe_dump(random_document(rng), allow_unicode=True)
        else:
            yield bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))


# An error line of the CLI: FILE:LINE:COLUMN: WHERE: WHAT, or FILE: WHAT for a whole-file problem.
LOCATED = re.compile(r"^[^:\n]+(:\d+:\d+)?: \S")


class ApplyCheck:
    """Runs each invalid case through `mentorship-bot apply` against one sandbox GitLab."""

    def __init__(self, sandbox: Sandbox, workdir: Path) -> None:
        self.env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        self.path = workdir / "hostile.yml"
        self.runner = CliRunner()

    def failure(self, text: str | bytes) -> str | None:
        """Why the CLI's answer to an invalid file is wrong, or None when it is right."""
        self.path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        result = self.runner.invoke(cli, ["apply", str(self.path)], env=self.env)
        errors = [line for line in result.output.splitlines() if line.strip()]
        if result.exit_code != 2:
            return f"exit {result.exit_code}: {result.output[-500:]}"
        if "Traceback" in result.output or not errors:
            return f"no located error: {result.output[-500:]}"
        located = [line for line in errors if line.startswith(f"{self.path}:")
                   and LOCATED.match(line)]
        if not located or "unexpected error" in result.output:
            return f"unlocated: {errors[:3]}"
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--apply", action="store_true",
                        help="also run every invalid case through `apply` against the sandbox "
                        "and check exit 2, a located error and zero writes")
    args = parser.parse_args()
    outcomes = {"valid": 0, "errors": 0, "crashed": 0, "apply wrong": 0}
    slowest = (0.0, "")
    started = time.perf_counter()
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as workdir:
        sandbox.seed_program(load_program(EXAMPLE), EXAMPLE.read_text())  # its dashboard too
        check = ApplyCheck(sandbox, Path(workdir))
        for case, text in enumerate(hostile_cases(args.cases, args.seed)):
            began = time.perf_counter()
            try:
                program, problems = validate_text(text, "hostile.yml")
                if program is None and not any(p.severity == "error" for p in problems):
                    raise AssertionError("no program and no error")
                outcomes["valid" if program is not None else "errors"] += 1
            except Exception:
                outcomes["crashed"] += 1
                print(f"case {case} crashed:\n{traceback.format_exc()}")
                continue
            if args.apply and program is None and (why := check.failure(text)):
                outcomes["apply wrong"] += 1
                print(f"case {case}: {why}")
            took = time.perf_counter() - began
            slowest = max(slowest, (took, f"case {case}"))
        writes = sandbox.stats()["writes"]
    elapsed = time.perf_counter() - started
    print(f"cases: {args.cases}  valid: {outcomes['valid']}  located errors: {outcomes['errors']}  "
          f"crashed: {outcomes['crashed']}" + (
              f"  apply: {outcomes['apply wrong']} wrong answers, {writes} writes to GitLab"
              if args.apply else ""))
    print(f"time: {elapsed:.1f} s ({args.cases / elapsed:.0f} cases/s), slowest: "
          f"{slowest[1]} at {slowest[0] * 1000:.0f} ms")
    return 1 if outcomes["crashed"] or outcomes["apply wrong"] or writes else 0


if __name__ == "__main__":
    raise SystemExit(main())
