"""The trend's history in the dashboard issue's hidden block: pure, without HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from program_samples import small_program

from mentorship_bot.feedback.aggregate import FeedbackSummary, SurveySummary, response_counts
from mentorship_bot.provision.desired_state import STATUSES
from mentorship_bot.provision.observed_state import ObservedDashboard, ObservedState
from mentorship_bot.render.managed_block import render_managed_block
from mentorship_bot.render.markers import with_marker
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.actions import sweep_actions
from mentorship_bot.sweep.dashboard import dashboard_block, dashboard_trend
from mentorship_bot.sweep.history import (
    BUCKETS,
    DAILY_DAYS,
    HISTORY_START,
    KEEP_DAYS,
    TrendPoint,
    compact,
    decode,
    encode,
    history_of,
    record,
    tonight,
)
from mentorship_bot.sweep.progress import program_progress

DESCRIPTION_LIMIT = 1_048_576  # Issuable::DESCRIPTION_LENGTH_MAX (app/models/concerns/issuable.rb)


def point(day: date, n: int = 1, responses: dict[str, int] | None = None) -> TrendPoint:
    counts = {status: (n, 2 * n, n, 0, 3 * n)[i] if i < 5 else 0
              for i, status in enumerate(STATUSES)}
    return TrendPoint(day, counts, (n, n, 0, 2 * n, 4 * n), 42.5, responses or {})


def description(history: str, above: str = "Intro.\n") -> str:
    block = "**As of today**\n\nTable\n\n" + history
    return with_marker(above + "\n" + render_managed_block(block), "eng/dashboard")


def nights(first: date, count: int) -> list[TrendPoint]:
    return [point(first + timedelta(days=i), i % 7 + 1) for i in range(count)]


def test_encode_then_decode_gives_the_points_back() -> None:
    points = (point(date(2026, 3, 1)), point(date(2026, 3, 2), 5, {"midpoint": 4, "end": 0}))
    text = encode(points)
    assert text.startswith(f"{HISTORY_START} v1\n") and text.endswith("-->\n")
    statuses = ",".join(str(point(date(2026, 3, 2), 5).by_status[s]) for s in STATUSES)
    assert f"2026-03-02|{statuses}|5,5,0,10,20|42.5|end=0,midpoint=4" in text
    assert decode(text).points == points and decode(text).warning is None


def test_the_history_is_read_from_the_managed_block_only() -> None:
    history = encode([point(date(2026, 3, 2))])
    # A person pasted an old copy of the block above the managed one, and wrote more.
    edited = description(history, above="Our notes.\n\n" + encode([point(date(2020, 1, 1))]))
    found = history_of(edited)
    assert [p.day for p in found.points] == [date(2026, 3, 2)] and found.warning is None
    assert history_of("A person's own text, no markers").points == ()
    assert history_of(description("no history yet")).points == ()


def test_a_damaged_line_is_left_out_and_said() -> None:
    text = encode([point(date(2026, 3, 1)), point(date(2026, 3, 2))])
    damaged = text.replace("2026-03-01|1,2", "2026-03-01|x,2").replace(
        "-->", "2026-02-30|1,2,1,0,3,0|1,1,0,2,4|1.0|\n2026-03-03|1|1|1|\n-->")
    found = decode(damaged)
    assert [p.day for p in found.points] == [date(2026, 3, 2)]
    assert found.warning == "3 unreadable lines of the dashboard's history block left out"


@pytest.mark.parametrize("history", [
    "<!-- mentorship-bot:history v9\n2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|\n-->",
    "<!-- mentorship-bot:history\n2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|\n-->",
    "<!-- mentorship-bot:history v1\n2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|\n",  # no end
])
def test_a_block_without_its_header_or_end_starts_afresh_with_a_warning(history: str) -> None:
    found = history_of(description(history))
    assert found.points == () and found.warning and "afresh" in found.warning


@pytest.mark.parametrize("line", [
    "2026-03-01|1,2,1,0,3,0|1,1,0,2,4|101.0|", "2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|a=²",
    "2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|=3", "2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0|a=-1",
    "2026-03-01|١,2,1,0,3,0|1,1,0,2,4|1.0|", "2026-13-01|1,2,1,0,3,0|1,1,0,2,4|1.0|",
    "2026-03-01|1,2,1,0,3,0,0,9|1,1,0,2,4|1.0|", "|||||", "2026-03-01|1,2,1,0,3,0|1,1,0,2,4|1.0",
])
def test_no_damaged_line_crashes_the_reading(line: str) -> None:
    found = decode(f"{HISTORY_START} v1\n{line}\n-->")
    assert found.points == () and found.warning is not None


def test_tonights_point_replaces_a_point_of_the_same_day() -> None:
    day = date(2026, 3, 2)
    first = record([point(day - timedelta(days=1))], point(day, 1))
    again = record(first, point(day, 2))
    assert [p.day for p in again] == [day - timedelta(days=1), day]
    assert again[-1].by_status["on-track"] == 4
    assert record(again, point(day, 2)) == again


def test_compaction_keeps_90_nights_then_the_last_night_of_each_iso_week() -> None:
    today = date(2026, 12, 1)
    points = nights(today - timedelta(days=400), 401)
    kept = compact(points, today)
    daily = [p for p in kept if (today - p.day).days < DAILY_DAYS]
    assert len(daily) == DAILY_DAYS and daily[-1].day == today
    older = [p for p in kept if (today - p.day).days >= DAILY_DAYS]
    weeks = [p.day.isocalendar()[:2] for p in older]
    assert len(weeks) == len(set(weeks))  # one point per ISO week
    for p in older:  # the week's last night among those older than the daily window
        same_week = [q.day for q in points if q.day.isocalendar()[:2] == p.day.isocalendar()[:2]
                     and (today - q.day).days >= DAILY_DAYS]
        assert p.day == max(same_week)
    assert all(p.day.isoweekday() == 7 for p in older[1:-1])  # full weeks close on Sunday
    assert compact(kept, today) == kept  # compacting twice changes nothing
    assert compact(kept, today + timedelta(days=1)) == compact(points, today + timedelta(days=1))


def test_points_older_than_ten_years_are_dropped_and_later_ones_kept() -> None:
    today = date(2036, 1, 1)
    old, future = point(today - timedelta(days=KEEP_DAYS)), point(today + timedelta(days=3))
    kept = compact([old, point(today), future], today)
    assert [p.day for p in kept] == [today, future.day]


def test_three_years_of_nights_stay_far_below_gitlabs_description_limit() -> None:
    responses = {"midpoint": 812, "end": 640, "after-final": 233}
    history: tuple[TrendPoint, ...] = ()
    start = date(2026, 1, 1)
    for i in range(3 * 365):
        counts = dict(zip(STATUSES, (120, 2400, 310, 95, 1800, 40, 275), strict=True))
        history = record(history, TrendPoint(start + timedelta(days=i), counts,
                                             (1000, 1200, 900, 800, 1100), 57.3, responses))
    size = len(encode(history))
    print(f"3 years of nights, 5,000 pairs: {len(history)} points, {size:,} characters")
    assert len(history) <= DAILY_DAYS + 3 * 53
    assert size < DESCRIPTION_LIMIT // 40  # under 26 kB: 2.5% of the limit
    ten_years = compact(nights(start, 10 * 366), start + timedelta(days=10 * 366))
    assert len(encode(ten_years)) < DESCRIPTION_LIMIT // 20


def test_a_response_key_that_could_close_the_comment_is_refused() -> None:
    with pytest.raises(ValueError, match="plain key"):
        encode([point(date(2026, 3, 1), responses={"a-->b": 1})])


def test_the_dashboard_block_carries_the_history_hidden_at_its_end() -> None:
    progress = program_progress(small_program(), {}, date(2026, 2, 10))
    observed = ObservedDashboard(1, "acme/dash", 3, description(encode(
        [point(date(2026, 2, 9)), point(date(2026, 2, 10), 9)])))
    trend = dashboard_trend(observed, progress)
    assert [p.day for p in trend.points] == [date(2026, 2, 9), date(2026, 2, 10)]
    assert trend.points[-1] == tonight(progress)  # tonight's counts replace the day's point
    block = dashboard_block(progress, trend.points)
    assert block.rstrip().endswith("-->") and "\n\n<!-- mentorship-bot:history v1\n" in block
    assert dashboard_trend(None, progress).points == ()


def test_tonights_point_counts_every_pair() -> None:
    progress = program_progress(small_program(), {}, date(2026, 2, 10))
    got = tonight(progress, {"midpoint": 2})
    assert got.pairs == len(progress.pairs) == 3
    assert sum(got.buckets) == 2  # the autumn pair has not started: not in the completion
    assert got.by_status == progress.by_status and got.responses == {"midpoint": 2}
    assert got.average_completion == 0.0


def test_the_average_completion_leaves_out_pairs_not_started() -> None:
    progress = program_progress(small_program(), {}, date(2026, 2, 10))
    started = [p for p in progress.pairs if p.status != "not-started"]
    half = replace(started[0], milestones=tuple(
        replace(m, done=i % 2 == 0) for i, m in enumerate(started[0].milestones)))
    rounds = tuple(replace(r, pairs=tuple(half if p is started[0] else p for p in r.pairs))
                   for r in progress.rounds)
    got = tonight(replace(progress, rounds=rounds))
    assert got.average_completion == round(half.completion * 100 / 2, 1) > 0


def test_history_written_before_a_status_existed_reads_on() -> None:
    older = [s for s in STATUSES if s != "ended-early"]
    text = "\n".join([
        "<!-- mentorship-bot:history v1",
        f"# day|{','.join(older)}|{','.join(BUCKETS)}|average|responses",
        "2026-03-01|" + ",".join(str(i + 1) for i in range(len(older)))
        + "|" + ",".join("1" for _ in BUCKETS) + "|50.0|",
        "-->"])
    history = decode(text)
    assert history.warning is None
    [only] = history.points
    assert only.by_status["ended-early"] == 0
    assert [only.by_status[s] for s in older] == list(range(1, len(older) + 1))


def test_the_sweeps_trend_point_records_the_survey_answer_counts() -> None:
    summary = FeedbackSummary((SurveySummary("spring-2026", "midpoint", "Midpoint", 4, 3),))
    assert response_counts(summary) == {"spring-2026/midpoint": 3}
    program = small_program()
    progress = program_progress(program, {}, date(2026, 2, 10))
    dashboard = ObservedDashboard(1, "acme/dash", 3, description(""))
    [update] = [a for a in sweep_actions(program, progress, ObservedState(), TemplateSet(),
                                         dashboard, "", response_counts(summary))
                if a.kind == "update_dashboard"]
    [point] = history_of(update.attribute("description")).points
    assert point.responses == {"spring-2026/midpoint": 3}
