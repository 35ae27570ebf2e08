"""A rolling SRE program lived for a year of weekly sweeps on the sandbox (issue 12).

One round with ``term: 6 months`` and no end; each pair starts on its own Monday. Maya mentors
with ``capacity: 3`` and later gets a fourth pair that overlaps; Kim is Bob's mentee and Fay's and
Gus's mentor; Ana and Bob meet their goal in April and end early; Gus and Jo are not a fit and Gus
is rematched with Kim. The coordinators change the program file through the year (the ending, the
rematch, the fourth pair, who drives the meetings), as their merge requests would. People act
through the sandbox's REST API on its clock; every Monday night the bot sweeps. Along the way the
test checks what issue 12 promises: every date on the pair's own term, no early stall, nothing new
after an early end, honest certificates, one load number everywhere, one waitlist, assignees, and
a same-night re-run that writes nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from program_samples import small_program
from test_sweep_sandbox import act_on, dashboard_world, person, sweep

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.model import Program, pair_dates, pair_last_day
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.managed_block import managed_block
from mentorship_bot.reports.json_report import report_data
from mentorship_bot.runs.planning import plan_program
from mentorship_bot.runs.sweeping import SweepResult
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
D = date
FIRST = D(2026, 1, 5)  # a Monday: the round opens; 52 weekly sweeps follow
GROUP = "acme/mentoring"
ROUND = f"{GROUP}/sre"
DASHBOARD = f"{GROUP}/dashboard"
NOT_A_FIT = D(2026, 3, 13)  # Gus and Jo part; recorded in the file from the 16th
REMATCH_FILED, REMATCH = D(2026, 3, 30), D(2026, 4, 6)
GOAL_MET = D(2026, 4, 10)  # Ana and Bob: recorded from the 13th
FOURTH_FILED, FOURTH = D(2026, 5, 11), D(2026, 6, 1)  # Maya's fourth pair, Dee
ASSIGNEE_CHANGED = D(2026, 6, 15)  # meetings: driven by both from then on

HEAD = """\
version: 1
program:
  slug: sre
  name: SRE Mentoring
  group: acme/mentoring
  coordinators: [rosa]
  issue_lead_days: 14
  max_mentees_per_mentor: 2
  dashboard_project: acme/mentoring/dashboard
rounds:
  - {slug: sre, name: SRE rolling, starts: 2026-01-05, term: 6 months, cadence: monthly}
mentors:
  - {username: maya, name: Maya Lind, capacity: 3}
  - {username: bob, name: Bob Stone}
  - {username: jo, name: Jo Park}
  - {username: kim, name: Kim Ito}
mentees:
  - {username: ana, name: Ana Ruiz}
  - {username: kim, name: Kim Ito}
  - {username: ben, name: Ben Cole}
  - {username: cy, name: Cy Moss}
  - {username: eve, name: Eve Hart}
  - {username: fay, name: Fay Lund}
  - {username: gus, name: Gus Berg}
  - {username: ivy, name: Ivy Chen, requested_on: 2026-03-01}
  - {username: hal, name: Hal Ames, requested_on: 2026-02-10}
  - {username: dee, name: Dee Roy, requested_on: 2026-01-20}
milestones:
  - {key: kickoff, title: Kickoff and ground rules, template: kickoff, due: 7d}
  - {key: goal, title: Goal and purpose, template: goal, due: 14d}
  - {key: meeting, title: Meeting, template: meeting, repeat: cadence, assignee: MEETING}
  - {key: midpoint, title: Midpoint check, template: midpoint, due: 50%}
  - {key: final, title: Final meeting, template: final, due: -0d}
pairs:
"""


def program_text(day: date) -> str:
    """The program file as merged by ``day``."""
    meeting = "both" if day >= ASSIGNEE_CHANGED else "mentee"
    ana = ", ended: {on: 2026-04-10, reason: goal-met}" if day >= GOAL_MET + timedelta(3) else ""
    gus = ", ended: {on: 2026-03-13, reason: not-a-fit}" if day >= NOT_A_FIT + timedelta(3) else ""
    pairs = [
        f"{{mentor: bob, mentee: ana, round: sre, starts: 2026-01-05{ana}}}",
        "{mentor: bob, mentee: kim, round: sre, starts: 2026-01-05}",
        "{mentor: maya, mentee: ben, round: sre, starts: 2026-02-02}",
        f"{{mentor: jo, mentee: gus, round: sre, starts: 2026-02-02{gus}}}",
        "{mentor: maya, mentee: cy, round: sre, starts: 2026-03-02}",
        "{mentor: kim, mentee: fay, round: sre, starts: 2026-03-02}",
        "{mentor: maya, mentee: eve, round: sre, starts: 2026-04-06}",
    ]
    if day >= REMATCH_FILED:
        pairs.append("{mentor: kim, mentee: gus, round: sre, starts: 2026-04-06}")
    if day >= FOURTH_FILED:
        pairs.append("{mentor: maya, mentee: dee, round: sre, starts: 2026-06-01}")
    return HEAD.replace("MEETING", meeting) + "".join(f"  - {p}\n" for p in pairs)


# Who works, and how: the diligent close every issue due within three days; Ben ticks tasks and
# closes every other issue (below the threshold), then everything weeks after his end (too late);
# Fay does nothing until just after her end, then closes everything (inside the grace days); Cy
# and Dee do nothing; Eve closes her kickoff and goal only.
DILIGENT = {"ana-bob", "kim-bob", "gus-kim"}
HALF = {"ben-maya"}
IN_GRACE = {"fay-kim"}
EARLY_ONLY = {"eve-maya"}


def project_of(slug: str) -> str:
    return f"{ROUND}/{slug}"


def issues_of(sandbox: Sandbox, slug: str) -> list:
    project = sandbox.store.by_path(project_of(slug))
    return [] if project is None else list(project.issues.values())  # type: ignore[union-attr]


def milestone_issues(sandbox: Sandbox, slug: str) -> list:
    return [i for i in issues_of(sandbox, slug) if "kind::milestone" in i.labels]


def people_work(sandbox: Sandbox, program: Program, day: date) -> None:
    """The week's work, done the day before the sweep (at noon on the sandbox's clock)."""
    today = day - timedelta(days=1)
    act_on(sandbox, today)
    for pair in program.pairs:
        starts, _ = pair_dates(pair, program.round(pair.round))
        last = pair_last_day(pair, program.round(pair.round))
        if today < starts:
            continue
        project = project_of(pair.slug)
        who = person(sandbox, pair.mentee)
        opened = sorted((i for i in milestone_issues(sandbox, pair.slug) if i.state == "opened"),
                        key=lambda i: (i.due_date or "", i.iid))
        due_soon = [i for i in opened if i.due_date and D.fromisoformat(i.due_date) <=
                    min(day + timedelta(days=3), last)]
        if pair.slug in DILIGENT and today <= last:
            for issue in due_soon:
                who.close(project, issue.iid)
        elif pair.slug in HALF and today <= last:
            for issue in due_soon:
                who.tick_tasks(project, issue.iid, 1)
                if issue.iid % 2:
                    who.close(project, issue.iid)
        elif pair.slug in HALF and last + timedelta(days=14) <= today:
            for issue in opened:  # weeks after the end: counts for nothing
                who.close(project, issue.iid)
        elif pair.slug in IN_GRACE and last < today <= last + timedelta(days=7):
            for issue in opened:
                who.close(project, issue.iid)
        elif pair.slug in EARLY_ONLY and today <= last:
            for issue in due_soon:
                if issue.title in ("Kickoff and ground rules", "Goal and purpose"):
                    who.comment(project, issue.iid, "Done, notes in the doc.")
                    who.close(project, issue.iid)


def dashboard_text(sandbox: Sandbox) -> str:
    project = sandbox.store.by_path(DASHBOARD)
    [issue] = project.issues.values()  # type: ignore[union-attr]
    block = managed_block(issue.description or "")
    assert block is not None
    return block


def section(block: str, title: str) -> list[str]:
    lines = block.split(f"### {title}\n", 1)[1].split("\n###", 1)[0].split("\n\n<!--", 1)[0]
    return [line for line in lines.strip().splitlines() if line.startswith("- ")]


def check_dates(sandbox: Sandbox, program: Program) -> None:
    """Every issue of a pair is due within its own term; its final meeting on its last day."""
    for pair in program.pairs:
        starts, ends = pair_dates(pair, program.round(pair.round))
        for issue in milestone_issues(sandbox, pair.slug):
            assert issue.due_date is not None, (pair.slug, issue.title)
            due = D.fromisoformat(issue.due_date)
            assert starts < due <= ends, (pair.slug, issue.title, due)
            if issue.title == "Final meeting":
                assert due == ends, (pair.slug, due)


def check_load_and_waitlist(sandbox: Sandbox, day: date, text: str, result: SweepResult
                            ) -> tuple[tuple[int, bool], list[tuple[str, str]]]:
    """Maya's load: validate's warning, the dashboard and report.json say the same number; the
    waitlist reads the same in the dashboard and report.json, oldest request first."""
    report = report_data(result.progress, result.certificates, result.trend)
    [maya] = [m for m in report["mentor_load"] if m["username"] == "maya"]
    block = dashboard_text(sandbox)
    over = [line for line in section(block, "Mentors over their soft limit") if "`maya`" in line]
    warnings = [p.message for p in validate_text(text, "program.yml")[1]
                if "'maya'" in p.message]
    assert maya["over"] == (maya["pairs"] > 3), (day, maya)  # three is her capacity, not over
    # validate reads the whole file (its busiest day), the reports from today on: the same
    # function, so while the fourth pair is ahead or running they give the same number.
    assert len(warnings) == ("mentee: dee" in text), (day, warnings)
    if maya["over"]:
        assert over == [f"- `maya`: {maya['pairs']} pairs (limit 3)"], (day, over)
        assert f"has {maya['pairs']} mentees at once on 2026-06-01" in warnings[0], warnings
    else:
        assert over == [] and maya["pairs"] <= 3, (day, over, maya)
    listed = [re.match(r"- `(\w+)`, waiting since (\S+)", line).groups()  # type: ignore[union-attr]
              for line in section(block, "Mentees waiting for a mentor")]
    in_report = [(w["username"], w["since"]) for w in report["waitlist"]]
    assert listed == in_report, day
    assert [since for _, since in in_report] == sorted(since for _, since in in_report), day
    return (maya["pairs"], maya["over"]), in_report


def check_idle_rerun(sandbox: Sandbox, program: Program, day: date) -> None:
    sandbox.reset_stats()
    assert sweep(sandbox, program, day).written() == {}, day
    assert sandbox.stats()["writes"] == 0, day


def test_a_rolling_program_lived_for_a_year_of_weekly_sweeps() -> None:
    with dashboard_world(program_text(FIRST)) as (sandbox, _):
        sandbox.seed_program(small_program(program_text(FOURTH_FILED)))  # Dee's account
        frozen: dict[str, set[str]] = {}  # ended pairs: their issues when the end was recorded
        certified: dict[str, date] = {}
        loads: dict[date, tuple[int, bool]] = {}
        statuses: dict[str, set[str]] = {}
        waitlists: dict[date, list[tuple[str, str]]] = {}
        for week in range(52):
            day = FIRST + timedelta(weeks=week)
            text = program_text(day)
            program = small_program(text)
            people_work(sandbox, program, day)
            if day == ASSIGNEE_CHANGED:  # the merge's pipeline applies the file
                apply_changed_assignees(sandbox, program, day)
            result = sweep(sandbox, program, day)
            check_dates(sandbox, program)
            loads[day], waitlists[day] = check_load_and_waitlist(sandbox, day, text, result)
            for p in result.progress.pairs:
                statuses.setdefault(p.pair, set()).add(p.status)
                assert p.starts is not None
                if p.status == "stalled":  # nobody stalls before having had the time
                    assert (day - p.starts).days >= program.stall_after_days, (p.pair, day)
                if day < p.starts:  # one-offs wait from provisioning; no meeting, no nudge
                    assert p.status == "not-started", (p.pair, day)
                    assert not [i for i in milestone_issues(sandbox, p.pair)
                                if i.title.startswith("Meeting")], (p.pair, day)
                    assert not [o for o in result.outcomes if p.pair in o.action.target
                                and o.action.kind in ("post_nudge", "escalate_stalled")]
            for pair in program.pairs:
                if pair.ended is None:
                    continue
                titles = {i.title for i in issues_of(sandbox, pair.slug)}
                assert frozen.setdefault(pair.slug, titles) == titles, (pair.slug, day)
            for cert in result.certificates:
                certified.setdefault(cert.pair, cert.issued_on)
                [pair] = [p for p in program.pairs if p.slug == cert.pair]
                last = pair_last_day(pair, program.round(pair.round))
                assert last <= day, cert  # once the pair's time is over (or it ended)
                assert cert.issued_on <= last + timedelta(days=7), cert  # reached by then
            if week in (0, 10, 12, 14, 18, 23, 30, 51):  # each change merged, and plain nights
                check_idle_rerun(sandbox, program, day)
            if day in (FIRST, ASSIGNEE_CHANGED - timedelta(weeks=1), ASSIGNEE_CHANGED,
                       D(2026, 12, 28)):
                check_assignees(sandbox, program, day)
                if day == ASSIGNEE_CHANGED:
                    assert "update_issue" not in result.written()  # the apply did it

        # Certificates: only the pairs at or above the threshold by their end (plus grace).
        assert set(certified) == {"ana-bob", "kim-bob", "fay-kim", "gus-kim"}, certified
        assert certified["ana-bob"] <= GOAL_MET
        assert D(2026, 7, 4) >= certified["kim-bob"]
        assert certified["fay-kim"] == D(2026, 9, 6)  # her closes after her end, in grace
        final = {p.pair: p for p in result.progress.pairs}
        assert final["ana-bob"].status == "completed"
        assert (final["gus-jo"].status, final["gus-jo"].ended_reason) == ("ended-early",
                                                                           "not-a-fit")
        assert final["ben-maya"].status == "ended" and final["cy-maya"].status == "ended"
        ben = [i for i in milestone_issues(sandbox, "ben-maya") if i.state == "opened"]
        assert ben == [] and final["ben-maya"].completion_percent == 100  # all closed, late:
        assert final["ben-maya"].counted_percent < 80 and final["ben-maya"].qualified_on is None
        assert "stalled" in statuses["cy-maya"] and "at-risk" in statuses["ben-maya"]
        files = sandbox.store.by_path(project_of("ana-bob")).files  # type: ignore[union-attr]
        assert {"certificates/ana.md", "certificates/bob.md"} <= set(files)
        assert not any(f.startswith("certificates/") for f in  # type: ignore[union-attr]
                       sandbox.store.by_path(project_of("ben-maya")).files)
        # The waitlist, oldest request first: Gus from the day after his pair ended until his
        # rematch is filed; Dee until her pair is.
        early = [("dee", "2026-01-20"), ("hal", "2026-02-10"), ("ivy", "2026-03-01")]
        assert waitlists[D(2026, 3, 9)] == early
        assert waitlists[D(2026, 3, 16)] == [*early, ("gus", "2026-03-14")]
        assert waitlists[REMATCH_FILED] == early
        assert waitlists[FOURTH_FILED] == early[1:] == waitlists[D(2026, 12, 28)]
        # Maya: three at once is her capacity (never flagged); Dee's pair makes four from June.
        assert loads[D(2026, 5, 4)] == (3, False)
        assert loads[FOURTH_FILED] == (4, True) and loads[D(2026, 7, 27)] == (4, True)
        assert loads[D(2026, 8, 3)] == (3, False)  # Ben's term is over


def apply_changed_assignees(sandbox: Sandbox, program: Program, day: date) -> None:
    """``apply`` after the merge: every meeting issue the bot assigned to the mentee is now
    assigned to both; nothing else changes."""
    sandbox.set_clock(datetime(day.year, day.month, day.day, 18, 0, tzinfo=timezone.utc))
    conn = Connection(sandbox.url, sandbox.token, limits=Limits(None, None))
    observed, plan = plan_program(program, day, conn)
    updates = [a for a in plan.writes() if a.kind == "update_issue"]
    assert updates and all(a.attribute("assignees") for a in updates), plan.counts()
    assert {a.target.split("/")[-1].split("-")[0] for a in updates} == {"meeting"}, plan.counts()
    assert Executor(conn, observed).run(plan).failed() == ()


def check_assignees(sandbox: Sandbox, program: Program, day: date) -> None:
    """Milestone issues are assigned to the mentee; meetings, once the file says ``both``, to
    the mentee and the mentor (the mentee first: GitLab Free keeps only the first), in every
    pair that had not ended by then, on the issues still open then and those made since."""
    users = {u.id: u.username for u in sandbox.store.users.values()}
    seen = 0
    for pair in program.pairs:
        over = pair_last_day(pair, program.round(pair.round)) < ASSIGNEE_CHANGED
        for issue in milestone_issues(sandbox, pair.slug):
            names = [users[i] for i in issue.assignee_ids]
            # A pair that had ended, and an issue closed before, stay as they were.
            done_before = issue.closed_at is not None and \
                issue.closed_at.date() < ASSIGNEE_CHANGED
            both = (issue.title.startswith("Meeting") and day >= ASSIGNEE_CHANGED
                    and not over and not done_before)
            assert names == ([pair.mentee, pair.mentor] if both else [pair.mentee]), (
                day, pair.slug, issue.title, issue.state, names)
            seen += both
    assert seen or day < ASSIGNEE_CHANGED, day
