"""The program's trend: one point a night, kept in a hidden block of the dashboard issue.

GitLab stays the only state: the history lives at the end of the dashboard issue's managed block,
as an HTML comment (GitLab does not render it), one line per point::

    <!-- mentorship-bot:history v1
    # day|not-started,on-track,at-risk,stalled,completed,ended|0-19,...,80-100|average|...
    2026-03-02|0,5,2,1,0,0|2,3,1,1,1|41.3|end=0,midpoint=4
    -->

The sweep reads it from the dashboard issue it reads anyway (no extra request), replaces
tonight's point if it is already there (a re-run on the same day adds nothing), compacts it and
writes it back with the rest of the managed block in the one PUT of the description. So a crash
before that PUT leaves yesterday's history as it was.

Compaction keeps every point of the last ``DAILY_DAYS`` days (today included) and, before that,
the **last** point of each ISO week (the week's closing state), for at most ``KEEP_DAYS`` days:
the block never grows past about 90 + 522 lines.

Reading never fails: a block a person damaged loses its unreadable lines (or, when its header
is gone or of another version, all of them) and the sweep says so; it starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from mentorship_bot.provision.desired_state import STATUSES
from mentorship_bot.render.managed_block import managed_block
from mentorship_bot.sweep.progress import HISTOGRAM_BUCKETS, ProgramProgress

HISTORY_START = "<!-- mentorship-bot:history"
HISTORY_END = "-->"
VERSION = "v1"
DAILY_DAYS = 90  # every night of the last 90 days
KEEP_DAYS = 3653  # weekly points back to ten years; older ones are dropped
BUCKETS = tuple(f"{lo}-{hi}" for lo, hi in HISTOGRAM_BUCKETS)
# A response count's key (a survey's, say): one word that cannot close the HTML comment.
RESPONSE_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}")
_COUNT_RE = re.compile(r"[0-9]{1,9}")
_LINE_RE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})\|(?P<statuses>\d{1,9}(?:,\d{1,9})*)\|"
    r"(?P<buckets>\d{1,9}(?:,\d{1,9})*)\|(?P<average>\d{1,3}(?:\.\d)?)\|(?P<responses>[^|]*)",
    re.ASCII,
)
_COLUMNS = f"# day|{','.join(STATUSES)}|{','.join(BUCKETS)}|average|responses"


@dataclass(frozen=True)
class TrendPoint:
    """One night's counts: statuses over every pair of the program; completion (buckets and
    average) over the pairs that have started, so a round not begun yet does not pull it down."""

    day: date
    by_status: Mapping[str, int]  # every status of STATUSES, in that order
    buckets: tuple[int, ...]  # started pairs per completion bucket, BUCKETS' order
    average_completion: float  # percent, one decimal, of the started pairs (0.0: none yet)
    responses: Mapping[str, int] = field(default_factory=dict)  # e.g. survey key -> answers

    @property
    def pairs(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class History:
    points: tuple[TrendPoint, ...] = ()
    warning: str | None = None  # why some or all of a damaged block was not read


def tonight(progress: ProgramProgress, responses: Mapping[str, int] | None = None) -> TrendPoint:
    """The point a sweep adds: statuses of all pairs, completion of the started ones."""
    pairs = [p for p in progress.pairs if p.status != "not-started"]
    counts = [0] * len(HISTOGRAM_BUCKETS)
    for pair in pairs:
        counts[next(i for i, (lo, hi) in enumerate(HISTOGRAM_BUCKETS)
                    if lo <= pair.completion_percent <= hi)] += 1
    average = round(100 * sum(p.completion for p in pairs) / len(pairs), 1) if pairs else 0.0
    return TrendPoint(progress.today, progress.by_status, tuple(counts), average,
                      dict(responses or {}))


def record(points: Iterable[TrendPoint], point: TrendPoint) -> tuple[TrendPoint, ...]:
    """``points`` with ``point`` in place of any point of its day, compacted as of its day."""
    kept = [p for p in points if p.day != point.day]
    return compact([*kept, point], point.day)


def compact(points: Iterable[TrendPoint], today: date) -> tuple[TrendPoint, ...]:
    """Daily for the last ``DAILY_DAYS`` days, then the last point of each ISO week, sorted.

    Points dated after ``today`` (a sweep run with an earlier ``--today``) are kept as they are.
    """
    by_day = {p.day: p for p in points}  # the last of two points of one day wins
    recent = [p for d, p in by_day.items() if (today - d).days < DAILY_DAYS]
    weekly: dict[tuple[int, int], TrendPoint] = {}
    for day, point in by_day.items():
        if DAILY_DAYS <= (today - day).days < KEEP_DAYS:
            week = day.isocalendar()[:2]
            if week not in weekly or weekly[week].day < day:
                weekly[week] = point
    return tuple(sorted([*recent, *weekly.values()], key=lambda p: p.day))


def encode(points: Iterable[TrendPoint]) -> str:
    """The hidden block holding ``points``; raises ValueError on a response key it cannot hold."""
    lines = [f"{HISTORY_START} {VERSION}", _COLUMNS]
    lines += [_line(p) for p in points]
    lines.append(HISTORY_END)
    return "\n".join(lines) + "\n"


def _line(point: TrendPoint) -> str:
    for key, n in point.responses.items():
        if not RESPONSE_KEY_RE.fullmatch(key) or n < 0:
            raise ValueError(f"a trend's response count needs a plain key and a count: {key!r}")
    statuses = ",".join(str(point.by_status.get(s, 0)) for s in STATUSES)
    responses = ",".join(f"{k}={n}" for k, n in sorted(point.responses.items()))
    return (f"{point.day.isoformat()}|{statuses}|{','.join(map(str, point.buckets))}"
            f"|{point.average_completion:.1f}|{responses}")


def history_of(description: str) -> History:
    """The history kept in a dashboard issue's description (in its managed block); never raises.

    Only the managed block is read: text a person wrote above or below it, even a copy of the
    hidden block, is not the history.
    """
    block = managed_block(description)
    if block is None:
        return History()
    start = block.find(HISTORY_START)
    if start < 0:
        return History()
    end = block.find(HISTORY_END, start + len(HISTORY_START))
    if end < 0:
        return History(warning="the dashboard's history block has lost its end; "
                               "the trend starts afresh tonight")
    return decode(block[start:end + len(HISTORY_END)])


def decode(text: str) -> History:
    """The points of a hidden block as ``encode`` writes it; a damaged line is skipped, said."""
    lines = text.replace("\r\n", "\n").split("\n")
    if " ".join(lines[0].split()) != f"{HISTORY_START} {VERSION}":
        return History(warning=f"the dashboard's history block is not of version {VERSION}; "
                               "the trend starts afresh tonight")
    points: list[TrendPoint] = []
    damaged = 0
    columns: tuple[str, ...] = STATUSES
    for line in lines[1:]:
        line = line.strip()
        if line.startswith("# day|"):
            # The header names the status columns: history written before a status existed
            # reads on, the new status at 0.
            columns = tuple(line.split("|")[1].split(","))
            continue
        if not line or line.startswith("#") or line == HISTORY_END:
            continue
        point = _point(line, columns)
        if point is None:
            damaged += 1
        else:
            points.append(point)
    by_day = {p.day: p for p in points}
    warning = (f"{damaged} unreadable line{'s' * (damaged != 1)} of the dashboard's history "
               "block left out" if damaged else None)
    return History(tuple(sorted(by_day.values(), key=lambda p: p.day)), warning)


def _point(line: str, columns: tuple[str, ...] = STATUSES) -> TrendPoint | None:
    match = _LINE_RE.fullmatch(line)
    if match is None:
        return None
    try:
        day = date.fromisoformat(match["day"])
    except ValueError:
        return None
    statuses = [int(n) for n in match["statuses"].split(",")]
    buckets = tuple(int(n) for n in match["buckets"].split(","))
    average = float(match["average"])
    if len(statuses) != len(columns) or len(buckets) != len(BUCKETS) or average > 100:
        return None
    responses: dict[str, int] = {}
    for item in filter(None, match["responses"].split(",")):
        key, _, count = item.partition("=")
        if not RESPONSE_KEY_RE.fullmatch(key) or not _COUNT_RE.fullmatch(count):
            return None
        responses[key] = int(count)
    found = dict(zip(columns, statuses, strict=True))
    by_status = {status: found.get(status, 0) for status in STATUSES}
    return TrendPoint(day, by_status, buckets, average, responses)
