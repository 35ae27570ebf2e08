"""A pair's own rhythm (issue 12): ``pairs[].cadence``, ``meeting_minutes`` and ``format`` override
the round's, and meeting minutes may be a range (``30-45``), rendered "30–45 minutes"."""

from __future__ import annotations

from datetime import date

from program_samples import SMALL, small_program

from mentorship_bot.model import WEEKLY, pair_plan
from mentorship_bot.program.loader import validate_text
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.context import template_context
from mentorship_bot.render.templates import TemplateSet

OWN = SMALL.replace(
    "  - {mentor: bob, mentee: dave, round: spring-2026}\n",
    "  - {mentor: bob, mentee: dave, round: spring-2026, cadence: weekly, meeting_minutes: 30-45,"
    " format: async}\n",
).replace("cadence: monthly}", "cadence: monthly, meeting_minutes: 60}")


def test_a_pairs_own_cadence_minutes_and_format_override_the_rounds() -> None:
    program = small_program(OWN)
    carol, dave = program.pairs[0], program.pairs[1]
    assert (dave.cadence, dave.meeting_minutes, dave.meeting_minutes_upto) == (WEEKLY, 30, 45)
    meetings = [o.due for o in pair_plan(program, dave) if o.key == "meeting"]
    assert meetings[:2] == [date(2026, 1, 12), date(2026, 1, 19)] and len(meetings) == 11
    assert len([o for o in pair_plan(program, carol) if o.key == "meeting"]) == 2  # monthly
    dave_round = template_context(program, dave)["round"]
    assert (dave_round["cadence"], dave_round["meeting_minutes"]) == ("weekly", "30–45")
    carol_round = template_context(program, carol)["round"]
    assert (carol_round["cadence"], carol_round["meeting_minutes"]) == ("monthly", "60")
    assert template_context(program, dave)["pair"]["format"] == "async"


def test_templates_say_the_range_and_the_pairs_rhythm() -> None:
    program = small_program(OWN)
    state = desired_state(program, date(2026, 1, 5), TemplateSet())
    kickoff = next(i for i in state.issues if i.marker_id == "eng/spring-2026/dave-bob/kickoff")
    assert "about 30–45 minutes" in kickoff.description
    assert "meeting weekly for about 30–45 minutes" in kickoff.description
    readme = dict(next(p for p in state.projects if p.pair == "dave-bob"
                       and p.round == "spring-2026").files)["README.md"]
    assert "weekly, about 30–45 minutes" in readme
    # Every meeting title a weekly pair uses exists as a milestone of the round group.
    titles = {m.title for m in state.milestones}
    assert {i.milestone_title for i in state.issues if i.milestone_title} <= titles


def test_minutes_are_validated_located() -> None:
    def errors(minutes: str) -> list[str]:
        text = OWN.replace("meeting_minutes: 30-45", f"meeting_minutes: {minutes}")
        return [p.format() for p in validate_text(text, "p.yml")[1] if p.severity == "error"]

    assert errors("45") == [] and errors("30 - 45") == [] and errors("30–45") == []
    assert errors("45-30") == [
        "p.yml:19:87: error: pairs[1].meeting_minutes: the range '45-30' ends below its start"]
    assert errors("3-45") == [
        "p.yml:19:87: error: pairs[1].meeting_minutes: expected minutes from 5 to 480, got 3"]
    assert errors("half an hour") == [
        "p.yml:19:87: error: pairs[1].meeting_minutes: expected minutes such as 45 or a range "
        "such as 30-45, got the text 'half an hour'"]
