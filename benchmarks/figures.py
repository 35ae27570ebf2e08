"""A benchmark's figures as JSON, and a comparison with an earlier run's (issue 18).

    python -m benchmarks.sweep --pairs 2000 --json-out after.json --compare before.json

``--json-out FILE`` writes the figures; ``--compare FILE`` prints, for every number both runs
have, this run's value, the other's and the ratio (below 1: smaller now), so two machines or two
versions are compared figure by figure.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json-out", metavar="FILE", help="write the figures to FILE as JSON")
    parser.add_argument("--compare", metavar="FILE",
                        help="print each figure beside the one in FILE (an earlier --json-out)")


def finish(args: argparse.Namespace, figures: dict[str, Any]) -> None:
    """Write and compare ``figures`` as the options ask."""
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if args.compare:
        earlier = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        print(f"compared with {args.compare} (now / then):")
        for line in comparison(figures, earlier):
            print(f"  {line}")


def comparison(now: dict[str, Any], then: dict[str, Any]) -> list[str]:
    """One line per number both hold, by its path: ``name: now vs then (ratio)``."""
    before = dict(_numbers(then))
    lines = []
    for name, value in _numbers(now):
        old = before.get(name)
        if old is None:
            continue
        ratio = f"{value / old:.2f}×" if old else "n/a"
        lines.append(f"{name}: {value:g} vs {old:g} ({ratio})")
    return lines


def _numbers(value: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield prefix, float(value)
