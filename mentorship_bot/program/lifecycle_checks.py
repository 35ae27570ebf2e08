"""Checks of a pair's life (issue 12): its own dates, a rolling round, an early end, a rematch and
a mentor's load, each located at the value it is about.

``record_checks`` run on the typed records, before the program is built; ``program_checks`` on the
built program, whose pairs are in the records' order.
"""

from __future__ import annotations

from datetime import date

from mentorship_bot.errors import Problem
from mentorship_bot.model import Program, add_months
from mentorship_bot.program.capacity import mentor_capacity, mentor_loads, pair_span
from mentorship_bot.program.checks import MAX_ROUND_MONTHS
from mentorship_bot.program.schema import Shape
from mentorship_bot.program.yaml_source import Document


def record_checks(doc: Document, shape: Shape, today: date | None) -> list[Problem]:
    problems: list[Problem] = []
    rounds = {}
    for record in shape.sections["rounds"]:
        has_ends, has_term = "ends" in record.given, "term" in record.given
        term = record.get("term")
        if term is not None and term.last_day(record["starts"]) > add_months(
                record["starts"], MAX_ROUND_MONTHS):
            problems.append(doc.problem(
                (*record.path, "term"),
                f"each pair would last longer than {MAX_ROUND_MONTHS} months; the handbooks cap "
                "a mentorship at 6 months so that people rotate", severity="warning"))
        if has_ends != has_term:
            rounds[record["slug"].lower()] = record  # its pairs are checked against it
        else:
            problems.append(doc.problem(
                record.path,
                "a round needs exactly one of 'ends' (a fixed last day) or 'term' (a rolling "
                "round: each pair lasts this long from its own start)"
                if has_ends else "a round needs 'ends' (its last day) or 'term' (such as "
                "6 months: a rolling round, each pair lasting a term from its own start)"))
    for record in shape.sections["pairs"]:
        round_ = rounds.get(str(record.get("round", "")).lower())
        if round_ is None or round_.get("starts") is None:
            continue
        rolling = round_.get("term") is not None and round_.get("ends") is None
        starts = record.get("starts") or round_["starts"]
        if rolling and record.get("starts") is None:
            problems.append(doc.problem(
                record.path, f"round {round_['slug']!r} is rolling (term): each of its pairs "
                "needs its own 'starts'"))
            continue
        ends = record.get("ends")
        if ends is not None and ends < starts:
            problems.append(doc.problem(
                (*record.path, "ends"), f"the pair ends ({ends}) before it starts ({starts})"))
            continue
        if ends is not None and not rolling and round_.get("ends") and ends > round_["ends"]:
            problems.append(doc.problem(
                (*record.path, "ends"), f"the pair ends ({ends}) after its round ends "
                f"({round_['ends']}); a rolling round (term) lets pairs keep their own dates"))
            continue
        ended = record.get("ended")
        if ended is None:
            continue
        last = ends or (round_["term"].last_day(starts) if rolling else round_.get("ends"))
        if today is not None and ended.on > today:
            message = (f"the pair cannot have ended on {ended.on}, which is after today "
                       f"({today}); record an ending once it happened")
        elif ended.on < starts:
            message = f"the pair ended ({ended.on}) before it started ({starts})"
        elif last is not None and ended.on > last:
            message = (f"the pair ended ({ended.on}) after its last day ({last}); 'ended' is for "
                       "a pair that stops before its end")
        else:
            continue
        problems.append(doc.problem((*record.path, "ended"), message))
    return problems


def program_checks(doc: Document, shape: Shape, program: Program, strict: bool) -> list[Problem]:
    """Two pairs of one mentee at once: in one round an error (a rematch must start after the
    first pair's last day), across overlapping rounds a warning (an error with ``--strict``); and
    every mentor's load (a warning; an error with ``--strict``)."""
    records = shape.sections["pairs"]
    problems: list[Problem] = []
    spans = [pair_span(program, pair) for pair in program.pairs]  # each pair's days, once
    latest: dict[tuple[str, str], int] = {}
    latest_anywhere: dict[str, int] = {}
    for index in sorted(range(len(program.pairs)), key=lambda i: (spans[i], i)):
        pair = program.pairs[index]
        key = (pair.round.lower(), pair.mentee.lower())
        starts = spans[index][0]
        if key in latest and starts <= spans[latest[key]][1]:
            first = latest[key]
            line = doc.position(records[first].path)[0]
            problems.append(doc.problem(
                (*records[index].path, "mentee"),
                f"mentee {pair.mentee!r} would have two pairs at once in round "
                f"{pair.round!r}: the pair on line {line} runs to {spans[first][1]}; a rematch "
                "starts after the first pair's end or its 'ended: {on: ...}'"))
            continue
        other = latest_anywhere.get(pair.mentee.lower())
        if other is not None and starts <= spans[other][1]:
            line = doc.position(records[other].path)[0]
            problems.append(doc.problem(
                (*records[index].path, "mentee"),
                f"mentee {pair.mentee!r} has two pairs at once: the pair on line {line} (round "
                f"{program.pairs[other].round!r}) runs to {spans[other][1]}, and this one "
                f"starts {starts}",
                severity="error" if strict else "warning"))
        latest[key] = index
        if other is None or spans[index][1] >= spans[other][1]:
            latest_anywhere[pair.mentee.lower()] = index
    loads = mentor_loads(program)
    for mentor in program.mentors:
        load = loads[mentor.username]
        if not load.over or load.day is None:
            continue
        at_once = [i for i, p in enumerate(program.pairs) if p.mentor == mentor.username
                   and spans[i][0] <= load.day <= spans[i][1]]
        whose = "their capacity" if mentor.capacity is not None else "the program's soft limit"
        problems.append(doc.problem(
            (*records[at_once[load.capacity]].path, "mentor"),
            f"mentor {mentor.username!r} has {load.pairs} mentees at once on {load.day}, over "
            f"{whose} of {mentor_capacity(program, mentor)}",
            severity="error" if strict else "warning"))
    return problems

