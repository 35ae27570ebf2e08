"""A pair's own dates (issue 12): ``pairs[].ends``, rolling rounds (``rounds[].term``), and the one
function every stage takes them from (``model.pair_dates``)."""

from __future__ import annotations

from datetime import date

from program_samples import SMALL, small_program

from mentorship_bot.model import Term, pair_dates, pair_plan
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.context import template_context
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sweep.progress import program_progress

ROLLING = """\
version: 1
program:
  slug: sre
  name: SRE Mentoring
  group: acme/sre
  coordinators: [rosa]
  dashboard_project: acme/sre/dashboard
rounds:
  - {slug: rolling, name: Rolling, starts: 2026-01-05, term: 6 months, cadence: monthly}
mentors:
  - {username: alice, name: Alice Nakamura, capacity: 3}
  - {username: bob, name: Bob Stone}
mentees:
  - {username: carol, name: Carol Diaz}
  - {username: dave, name: Dave Kim}
  - {username: erin, name: Erin Wu}
pairs:
  - {mentor: alice, mentee: carol, round: rolling, starts: 2026-01-05}
  - {mentor: alice, mentee: dave, round: rolling, starts: 2026-03-02}
  - {mentor: bob, mentee: erin, round: rolling, starts: 2026-05-04, ends: 2026-08-31}
"""


def errors(text: str, today: date | None = None) -> list[str]:
    return [p.format() for p in validate_text(text, "p.yml", today=today)[1]
            if p.severity == "error"]


def test_terms_count_whole_months_weeks_or_days() -> None:
    assert Term(months=6).last_day(date(2026, 1, 5)) == date(2026, 7, 4)
    assert Term(days=26 * 7).last_day(date(2026, 1, 5)) == date(2026, 7, 5)
    assert Term(months=1).last_day(date(2026, 1, 31)) == date(2026, 2, 27)


def test_a_rolling_rounds_pairs_each_last_a_term_from_their_own_start() -> None:
    program = small_program(ROLLING)
    rolling = program.round("rolling")
    carol, dave, erin = program.pairs
    assert pair_dates(carol, rolling) == (date(2026, 1, 5), date(2026, 7, 4))
    assert pair_dates(dave, rolling) == (date(2026, 3, 2), date(2026, 9, 1))
    assert pair_dates(erin, rolling) == (date(2026, 5, 4), date(2026, 8, 31))  # its own ends
    assert rolling.ends == date(2026, 9, 1)  # the last day of its last pair
    final = {p.mentee: next(o.due for o in pair_plan(program, p) if o.key == "final")
             for p in program.pairs}
    assert final == {"carol": date(2026, 7, 4), "dave": date(2026, 9, 1),
                     "erin": date(2026, 8, 31)}


def test_every_stage_uses_the_pairs_own_dates() -> None:
    program = small_program(ROLLING)
    state = desired_state(program, date(2026, 3, 2), TemplateSet())
    daves = [i for i in state.issues if "/dave-alice/" in i.marker_id and i.due_date]
    assert min(i.due_date for i in daves) == date(2026, 3, 9)  # its kickoff, a week in
    erins = [i.due_date for i in state.issues if "/erin-bob/" in i.marker_id and i.due_date]
    assert min(erins) >= date(2026, 5, 4)  # provisioned ahead, nothing due before her start
    assert "rolling from 2026-01-05" in state.groups[0].description
    # Group milestones cover every title the pairs use.
    titles = {m.title for m in state.milestones}
    assert {i.milestone_title for i in state.issues if i.milestone_title} <= titles
    context = template_context(program, program.pairs[1])
    assert (context["round"]["starts"], context["round"]["ends"]) == ("2026-03-02", "2026-09-01")
    progress = program_progress(program, {}, date(2026, 3, 2))
    status = {p.mentee: p.status for p in progress.pairs}
    assert status == {"carol": "stalled", "dave": "on-track", "erin": "not-started"}
    assert {p.mentee: (p.starts, p.ends) for p in progress.pairs}["dave"] == (
        date(2026, 3, 2), date(2026, 9, 1))


def test_a_pair_ending_before_its_round_has_its_final_meeting_then() -> None:
    text = SMALL.replace("round: spring-2026}\n", "round: spring-2026, ends: 2026-02-28}\n", 1)
    program = small_program(text)
    dave = next(p for p in program.pairs if p.mentee == "dave" and p.round == "spring-2026")
    assert pair_dates(dave, program.round("spring-2026")) == (date(2026, 1, 5), date(2026, 2, 28))
    assert max(o.due for o in pair_plan(program, dave)) == date(2026, 2, 28)
    progress = program_progress(program, {}, date(2026, 3, 1))
    assert next(p.status for p in progress.pairs if p.pair == "dave-bob"
                and p.round == "spring-2026") == "ended"


def test_a_late_pair_still_gets_no_issue_due_before_it_started() -> None:
    text = SMALL.replace("round: spring-2026}\n",
                         "round: spring-2026, starts: 2026-03-01, ends: 2026-03-29}\n", 1)
    state = desired_state(small_program(text), date(2026, 3, 1), TemplateSet())
    dues = [i.due_date for i in state.issues if "spring-2026/dave-bob/" in i.marker_id
            and i.due_date]
    assert dues and min(dues) >= date(2026, 3, 1)


def test_dates_are_validated_located() -> None:
    assert errors(ROLLING) == []
    assert errors(ROLLING.replace("starts: 2026-05-04, ends: 2026-08-31",
                                  "starts: 2026-05-04, ends: 2026-05-01")) == [
        "p.yml:20:75: error: pairs[2].ends: the pair ends (2026-05-01) before it starts "
        "(2026-05-04)"]
    assert errors(ROLLING.replace("round: rolling, starts: 2026-01-05}", "round: rolling}")) == [
        "p.yml:18:5: error: pairs[0]: round 'rolling' is rolling (term): each of its pairs "
        "needs its own 'starts'"]
    assert errors(ROLLING.replace("term: 6 months", "term: 6 months, ends: 2026-06-30")) == [
        "p.yml:9:5: error: rounds[0]: a round needs exactly one of 'ends' (a fixed last day) or "
        "'term' (a rolling round: each pair lasts this long from its own start)"]
    assert errors(ROLLING.replace("term: 6 months, ", "")) == [
        "p.yml:9:5: error: rounds[0]: a round needs 'ends' (its last day) or 'term' (such as "
        "6 months: a rolling round, each pair lasting a term from its own start)"]
    long = validate_text(ROLLING.replace("term: 6 months", "term: 9 months"), "p.yml")[1]
    assert [p.format() for p in long if p.path.startswith("rounds")] == [
        "p.yml:9:62: warning: rounds[0].term: each pair would last longer than 6 months; the "
        "handbooks cap a mentorship at 6 months so that people rotate"]
    assert errors(ROLLING.replace("term: 6 months", "term: half a year")) == [
        "p.yml:9:62: error: rounds[0].term: expected a term such as '6 months', '26 weeks' or "
        "'90 days', got the text 'half a year'"]
    late = SMALL.replace("round: spring-2026}\n", "round: spring-2026, ends: 2026-04-30}\n", 1)
    assert errors(late) == [
        "p.yml:19:59: error: pairs[1].ends: the pair ends (2026-04-30) after its round ends "
        "(2026-03-29); a rolling round (term) lets pairs keep their own dates"]
