"""How fast the templates render: every issue, README and Progress issue of a generated program.

    python benchmarks/bench_templates.py [PAIRS]     (default 10,000)

Prints renders per second for milestone issues, for the per-pair README and Progress issue, and for
the generic copies committed to each pair repo; a 10,000-pair program renders about 200,000 texts.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.program_generator import generate_program_yaml
from mentorship_bot.model import expand_milestones
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.context import (
    MILESTONE_TEMPLATES,
    generic_milestone,
    progress_context,
    template_context,
)
from mentorship_bot.render.templates import TemplateSet


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    program, problems = validate_text(generate_program_yaml(pairs), "bench.yml")
    assert program is not None, [p.format() for p in problems]
    templates = TemplateSet()
    plans = {r.slug: expand_milestones(program, r) for r in program.rounds}

    def timed(label: str, work: list[tuple[str, dict[str, object]]]) -> None:
        start = time.perf_counter()
        chars = sum(len(templates.render(name, ctx)) for name, ctx in work)
        spent = time.perf_counter() - start
        print(f"{label:<28} {len(work):>8,} renders {spent:6.2f} s {len(work) / spent:>9,.0f}/s "
              f"{chars / max(1, len(work)):>7,.0f} chars each")

    start = time.perf_counter()
    issues = [(o.template, template_context(program, p, o)) for p in program.pairs
              for o in plans[p.round]]
    print(f"{'contexts':<28} {len(issues):>8,} built   {time.perf_counter() - start:6.2f} s")
    timed("milestone issues", issues)
    per_pair: list[tuple[str, dict[str, object]]] = []
    for pair in program.pairs:
        base = template_context(program, pair)
        rows = [{**m, "done": False, "overdue": False} for m in base["milestones"]]
        progress = progress_context(rows, 0, "on-track", "2026-01-05")
        per_pair.append(("progress", {**base, **progress}))
        per_pair.append(("pair_readme", base))
    timed("progress issue + README", per_pair)
    generic = [(name, template_context(program, pair, generic_milestone(name, program)))
               for pair in program.pairs for name in MILESTONE_TEMPLATES]
    timed("generic repo templates", generic)


if __name__ == "__main__":
    main()
