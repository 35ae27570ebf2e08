"""The people's sections of the program file, with the profiles matching reads, and ``matching``
itself (issue 13)."""

from __future__ import annotations

from mentorship_bot.model import MATCHING_MODES
from mentorship_bot.program import fields as k
from mentorship_bot.program import profiles as p
from mentorship_bot.program.sections import Field, Section

_LANGUAGES = Field("languages", p.Tags(), default=(), doc="Languages spoken: English, Deutsch.")
_TIMEZONE = Field("timezone", p.TimeZone(), doc="IANA time zone, such as Europe/Berlin.")

MENTOR = Section(
    "mentors",
    (
        Field("username", k.Username(), required=True),
        Field("name", k.Text(max_length=200), required=True),
        Field("department", k.Text(max_length=200), default=""),
        Field("skills", p.Tags(), default=(), doc="What this mentor can teach: tags."),
        Field("topics", p.Tags(), default=(), doc="What this mentor likes to talk about: tags."),
        _LANGUAGES,
        _TIMEZONE,
        Field(
            "capacity",
            k.Integer(0, 100),
            doc="This mentor's own soft limit of mentees per round (default: the program's).",
        ),
        Field("bio", k.Text(max_length=500), default="", doc="A short introduction."),
    ),
    is_list=True,
)

MENTEE = Section(
    "mentees",
    (
        Field("username", k.Username(), required=True),
        Field("name", k.Text(max_length=200), required=True),
        Field("department", k.Text(max_length=200), default=""),
        Field("interests", p.Tags(), default=(), doc="What this mentee wants to learn: tags."),
        _LANGUAGES,
        _TIMEZONE,
        Field("manager", k.Username(), doc="GitLab username of the mentee's manager."),
        Field(
            "requested_on",
            k.IsoDate(),
            doc="The day they asked for a mentor, YYYY-MM-DD: the waitlist's order.",
        ),
    ),
    is_list=True,
)

MATCHING = Section(
    "matching",
    (
        Field("weights", p.Weights(), doc="How much shared tags, timezone and language count."),
        Field("different_department", k.Flag(), default=False,
              doc="Never propose a mentor from the mentee's own department."),
        Field("candidates", k.Integer(1, 20), default=3, doc="Mentors proposed per mentee."),
        Field("program_project", k.FullPath(),
              doc="The project holding this file: `match --propose` opens its merge request "
              "there."),
        Field("program_file", p.RepositoryFile(), default="config/program.yml",
              doc="This file's path in that project."),
        Field("mode", k.Choice(MATCHING_MODES),
              doc="Who picks each pair in the nightly sweep: `mentee-choice` (each waiting "
              "mentee ticks one of the candidates in a confidential issue in intake_project) or "
              "`coordinator` (the optimal assignment); both end in one merge request on "
              "program_project. Unset: only `match --propose` proposes."),
        Field("intake_project", k.FullPath(),
              doc="The project of \"Request a mentor\" issues and \"Choose your mentor\" "
              "issues (mentees become Guests there and see only their own)."),
        Field("choose_within_days", k.Integer(1, 365), default=14,
              doc="Days a mentee has to tick a mentor: one reminder then, and after as many "
              "days again the dashboard lists them as overdue."),
    ),
    doc="How `mentorship-bot match` proposes mentors for waiting mentees.",
)
