"""The plan's three formats, written as the plan is produced, pair by pair (issue 18).

``write_plan`` takes the diff's chunks and writes text, JSON or Markdown to any number of outputs
at once; ``format_text``, ``format_json`` and ``format_markdown`` do the same for a whole Plan. The
words and the JSON form of each action are ``plan_output``'s.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Protocol, cast

from mentorship_bot.model import Program
from mentorship_bot.provision.diff import PlanChunk
from mentorship_bot.provision.plan import RANK, WRITE_KINDS, Action, Plan
from mentorship_bot.provision.plan_output import (
    _NOUNS,
    _VERBS,
    _compact,
    _describe,
    _pair_summary,
    _summary,
)


def chunks_of(plan: Plan) -> Iterator[PlanChunk]:
    """A whole Plan as the chunks ``write_plan`` takes: by round, then pair, nones first."""
    grouped: dict[str | None, dict[str | None, list[Action]]] = defaultdict(
        lambda: defaultdict(list))
    for action in plan.actions:
        grouped[action.round][action.pair].append(action)
    for round_slug in sorted(grouped, key=lambda r: (r is not None, r or "")):
        pairs = grouped[round_slug]
        for pair_slug in sorted(pairs, key=lambda p: (p is not None, p or "")):
            yield PlanChunk(round_slug, pair_slug, tuple(pairs[pair_slug]))


def format_text(plan: Plan, program: Program, today: date, *, verbose: bool = False) -> str:
    return _to_string(plan, program, today, "text", verbose)


def format_json(plan: Plan, program: Program, today: date) -> str:
    return _to_string(plan, program, today, "json")


def format_markdown(plan: Plan, program: Program, today: date) -> str:
    """For a merge request note: a summary table, then one collapsible section per round."""
    return _to_string(plan, program, today, "markdown")


def _to_string(plan: Plan, program: Program, today: date, fmt: str, verbose: bool = False) -> str:
    out = io.StringIO()
    write_plan(chunks_of(plan), program, today, plan.source, [(fmt, out)], verbose=verbose)
    return out.getvalue()


class TextSink(Protocol):
    """Where a plan is written: standard output, a file, a capped buffer."""

    def write(self, text: str, /) -> int: ...


@dataclass
class Totals:
    """What a streamed plan held, counted as it went by (its actions are gone)."""

    by_kind: Counter[str] = field(default_factory=Counter)
    new_projects: Counter[str] = field(default_factory=Counter)  # by round

    def counts(self) -> dict[str, int]:
        return dict(sorted(self.by_kind.items(), key=lambda item: RANK[item[0]]))

    @property
    def writes(self) -> int:
        return sum(n for kind, n in self.by_kind.items() if kind in WRITE_KINDS)

    @property
    def actions(self) -> int:
        return sum(self.by_kind.values())


def write_plan(chunks: Iterable[PlanChunk], program: Program, today: date, source: str,
               outputs: Sequence[tuple[str, TextSink]], *, verbose: bool = False,
               shares: Iterable[Path] = ()) -> Totals:
    """Write the plan in each (format, file) of ``outputs`` as its chunks are produced.

    Each chunk goes to every writer and is then dropped: memory does not grow with the pairs.
    The summary that heads each format is known only at the end, so a writer keeps what it
    wrote in a spool file (in memory while small, on disk beyond) and ``out`` receives the
    summary, then the spool; JSON keeps one spool per action kind, in the plan's order.
    ``shares``: the later shares of the plan, each saved by ``save_json_share`` in another
    process (JSON only), written after these chunks' actions, kind by kind; iterated once
    these chunks are written, so the other processes work meanwhile.
    """
    writers = [(_WRITERS[fmt](program, today, source, verbose), out) for fmt, out in outputs]
    totals = Totals()
    try:
        _feed(chunks, [writer for writer, _ in writers], totals)
        for directory in shares:
            if any(not isinstance(writer, _Json) for writer, _ in writers):
                raise ValueError("only the JSON plan is written in shares")
            saved = json.loads((directory / _TOTALS).read_text(encoding="utf-8"))
            totals.by_kind.update(saved["by_kind"])
            totals.new_projects.update(saved["new_projects"])
            for writer, _ in writers:
                cast(_Json, writer).after(directory)
        for writer, out in writers:
            writer.finish(out, totals)
    finally:
        for writer, _ in writers:
            writer.close()
    return totals


def save_json_share(chunks: Iterable[PlanChunk], program: Program, today: date,
                    directory: Path) -> None:
    """One share of the JSON plan into ``directory``, for ``write_plan(shares=...)``: each
    kind's actions in a file of its own, and the totals."""
    writer, totals = _Json(program, today, "", False), Totals()
    try:
        _feed(chunks, [writer], totals)
        for kind, spool in writer.kinds.items():
            with (directory / kind).open("w", encoding="utf-8") as file:
                _copy(spool, file)
        (directory / _TOTALS).write_text(json.dumps(
            {"by_kind": totals.by_kind, "new_projects": totals.new_projects}), encoding="utf-8")
    finally:
        writer.close()


_TOTALS = "totals.json"  # beside the kinds' files, which are named after kinds


def _feed(chunks: Iterable[PlanChunk], writers: Sequence[_Writer], totals: Totals) -> None:
    for chunk in chunks:
        if not chunk.actions:
            continue
        totals.by_kind.update(a.kind for a in chunk.actions)
        totals.new_projects.update(a.round for a in chunk.actions
                                   if a.kind == "create_project" and a.round)
        for writer in writers:
            writer.add(chunk)


def _copy(spool: IO[str], out: TextSink) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 16)
    spool.close()


_SPOOL_IN_MEMORY = 4 << 20
_ROUND = object()  # no round seen yet


class _Writer:
    def __init__(self, program: Program, today: date, source: str, verbose: bool) -> None:
        self.program, self.today, self.source, self.verbose = program, today, source, verbose
        self.rounds = {r.slug: r for r in program.rounds}
        self.spools: list[IO[str]] = []
        self.body = self.spool()
        self.round: object = _ROUND

    def spool(self) -> IO[str]:
        """A file for what is written before the summary: in memory while small."""
        self.spools.append(tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by close)
            max_size=_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8"))
        return self.spools[-1]

    def close(self) -> None:
        for spool in self.spools:
            spool.close()

    def summary(self, totals: Totals) -> str:
        return _summary(totals.counts(), totals.writes)

    def add(self, chunk: PlanChunk) -> None:
        raise NotImplementedError

    def finish(self, out: TextSink, totals: Totals) -> None:
        raise NotImplementedError


class _Text(_Writer):
    """Grouped by round and pair; one line per pair unless verbose."""

    def add(self, chunk: PlanChunk) -> None:
        lines: list[str] = []
        if chunk.round != self.round:
            self.round = chunk.round
            if chunk.round is None:
                lines += ["", f"Program group {self.program.group}"]
            else:
                r = self.rounds.get(chunk.round)
                when = f" ({r.name}, {r.starts} to {r.ends})" if r else ""
                lines += ["", f"Round {chunk.round}{when}"]
        actions, indent = chunk.actions, "  "
        if chunk.pair is not None:
            if not self.verbose:
                lines.append(f"  {chunk.pair}: {_pair_summary(actions)}")
                lines.extend(f"    {_VERBS[a.kind]} {_describe(a)}" for a in actions
                             if not a.writes or a.kind in ("update_project", "update_issue"))
                self.body.write("".join(f"{line}\n" for line in lines))
                return
            lines.append(f"  Pair {chunk.pair}")
            indent = "    "
        if not self.verbose and chunk.pair is None and len(actions) > 6:
            for kind, n in Counter(a.kind for a in actions).items():
                sample = [_describe(a) for a in actions if a.kind == kind][:3]
                more = f", and {n - 3} more" if n > 3 else ""
                lines.append(f"{indent}{_VERBS[kind]}: {'; '.join(sample)}{more}")
        else:
            lines.extend(f"{indent}{_VERBS[a.kind]} {_describe(a)}" for a in actions)
        self.body.write("".join(f"{line}\n" for line in lines))

    def finish(self, out: TextSink, totals: Totals) -> None:
        program = self.program
        out.write(f"Plan for {program.name} ({program.group}) on {self.today}, against "
                  f"{self.source}.\n{self.summary(totals)}\n")
        _copy(self.body, out)


class _Json(_Writer):
    """One JSON document; actions in the plan's order (by kind first), one a line, texts as
    digests (``plan_output._compact``)."""

    def __init__(self, program: Program, today: date, source: str, verbose: bool) -> None:
        super().__init__(program, today, source, verbose)
        self.kinds: dict[str, IO[str]] = {}
        self.later: dict[str, list[Path]] = {}  # each kind's actions from later shares

    def after(self, directory: Path) -> None:
        """A later share's actions (``save_json_share``), to follow these, kind by kind."""
        for kind in RANK:
            if (directory / kind).is_file():
                self.later.setdefault(kind, []).append(directory / kind)

    def add(self, chunk: PlanChunk) -> None:
        lines: dict[str, list[str]] = {}  # by kind: one write per kind and pair
        for action in chunk.actions:
            lines.setdefault(action.kind, []).append("    " + _line(_compact(action)))
        for kind, written in lines.items():
            spool = self.kinds.get(kind)
            if spool is None:
                spool = self.kinds[kind] = self.spool()
            else:
                spool.write(",\n")
            spool.write(",\n".join(written))

    def finish(self, out: TextSink, totals: Totals) -> None:
        head = json.dumps({
            "program": self.program.slug,
            "group": self.program.group,
            "today": self.today.isoformat(),
            "against": self.source,
            "summary": {"writes": totals.writes, "by_kind": totals.counts()},
        }, indent=2, ensure_ascii=False)
        out.write(head[:-2] + ',\n  "actions": ')
        if not self.kinds and not self.later:
            out.write("[]\n}\n")
            return
        out.write("[\n")
        for n, kind in enumerate(sorted({*self.kinds, *self.later}, key=RANK.__getitem__)):
            out.write(",\n" if n else "")
            if kind in self.kinds:
                _copy(self.kinds[kind], out)
            for m, path in enumerate(self.later.get(kind, ())):
                out.write(",\n" if m or kind in self.kinds else "")
                with path.open(encoding="utf-8") as file:
                    shutil.copyfileobj(file, out, 1 << 16)
        out.write("\n  ]\n}\n")


class _Markdown(_Writer):
    """A summary table, then one collapsible section per round (its counts in the summary)."""

    def __init__(self, program: Program, today: date, source: str, verbose: bool) -> None:
        super().__init__(program, today, source, verbose)
        self.section = self.spool()
        self.section_counts: Counter[str] = Counter()

    def add(self, chunk: PlanChunk) -> None:
        if chunk.round != self.round:
            self._close_section()
            self.round = chunk.round
        self.section_counts.update(a.kind for a in chunk.actions)
        if chunk.pair is None:
            lines = [f"- {_VERBS[a.kind]} {_describe(a)}" for a in chunk.actions]
        else:
            lines = [f"- **{chunk.pair}**: {_pair_summary(chunk.actions)}"]
            lines += [f"  - {_VERBS[a.kind]} {_describe(a)}" for a in chunk.actions
                      if not a.writes or a.kind in ("update_project", "update_issue")]
        self.section.write("".join(f"\n{line}" for line in lines))

    def _close_section(self) -> None:
        if self.round is _ROUND:
            return
        title = f"Round `{self.round}`" if self.round else "Program group"
        counts = sorted(self.section_counts.items(), key=lambda item: RANK[item[0]])
        summary = ", ".join(f"{n} {_NOUNS[kind][n != 1]}" for kind, n in counts)
        self.body.write(f"\n<details><summary>{title}: {summary}</summary>\n")
        _copy(self.section, self.body)
        self.body.write("\n\n</details>\n")
        self.section, self.section_counts = self.spool(), Counter()

    def finish(self, out: TextSink, totals: Totals) -> None:
        self._close_section()
        lines = [
            f"### mentorship-bot plan for {self.program.name}",
            "",
            f"Planned on {self.today} against {self.source}. {self.summary(totals)}",
            "",
        ]
        counts = totals.counts()
        if counts:
            lines += ["| what | count |", "|---|---:|"]
            lines += [f"| {_NOUNS[kind][1]} | {n} |" for kind, n in counts.items()]
            lines.append("")
        out.write("\n".join(lines))
        _copy(self.body, out)


# One action a line, through json's C encoder: a plan of 100,000 actions is written in seconds,
# and a diff of two plans shows the actions that differ (issue 18).
_line = json.JSONEncoder(ensure_ascii=False).encode


_WRITERS: dict[str, type[_Writer]] = {"text": _Text, "json": _Json, "markdown": _Markdown}
