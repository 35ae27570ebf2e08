"""Keeping each pair's ``calendar.ics`` as the program's dates say, without reading it nightly.

A new pair's calendar comes in its project's first commit (``files`` of the desired project),
and its Progress issue's marker records the hash of what the calendar is made from
(``calendar=…``; markers written before the inputs hash recorded the text's hash, still
accepted). The bulk issue list gives every Progress issue, so a provisioned pair whose recorded
hash is the program's needs nothing: a re-run reads no file and renders no calendar. Only a
pair whose dates moved (or whose project predates the calendar) has its file read
(adapter/observe.py), then:

- no file: it is committed (``commit_calendar`` with ``create``);
- the file as the bot wrote it (its own marker's hash matches its text): the new one is
  committed (``update``), each event that moved with the next SEQUENCE so calendar programs
  update it on import;
- the file already as the program wants it: nothing is committed;
- a file a person edited (the hash does not match, or the marker is gone): it is left as it is
  and reported (``keep_edited``);

and in every case the Progress issue's marker records the program's hash (``record_calendar``,
which changes the marker line only), so the next run reads nothing again. A pair still being
set up (its files read in full, no Progress issue yet) gets the same three answers without the
record: its Progress issue is created with it.
"""

from __future__ import annotations

from collections.abc import Iterable

from mentorship_bot.provision.calendar_file import CALENDAR_PATH, LazyCalendar
from mentorship_bot.provision.desired_state import DesiredPair, DesiredProject
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan import Action, attrs
from mentorship_bot.render.calendar import calendar_is_edited
from mentorship_bot.render.markers import parse_marker, with_calendar


def pair_calendar_actions(pair: DesiredPair, observed: ObservedState) -> list[Action]:
    """What keeps one pair's calendar.ics as the program's dates say (an archived pair's project
    is left alone by the caller)."""
    project = pair.project
    calendar = project.calendar
    found = observed.projects.get(project.full_path)
    if calendar is None or found is None or found.archived:
        return []
    if found.files is not None:  # a pair being set up: the file itself was read
        current = found.files.get(CALENDAR_PATH)
        # (a missing one comes in the set-up commit)
        return list(_file_actions(project, current)) if current is not None else []
    wanted = next((i for i in pair.issues if i.kind == "progress"), None)
    issue = observed.issues.get(wanted.marker_id) if wanted else None
    marker = parse_marker(issue.description) if issue else None
    if issue is None or marker is None or calendar.recorded(marker.calendar):
        return []
    if not found.calendar_read:
        return []  # not read (an offline plan): leave it
    actions = list(_file_actions(project, found.calendar))
    actions.append(Action(
        "record_calendar", f"{issue.marker_id}:calendar",
        attrs(project=project.full_path, iid=issue.iid,
              description=with_calendar(issue.description, calendar.hash)),
        round=project.round, pair=project.pair,
        reason="the Progress issue's marker records the calendar the program wants"))
    return actions


def _file_actions(project: DesiredProject, current: str | None) -> Iterable[Action]:
    """The calendar against the file found: created, revised from the bot's own (each moved
    event with the next SEQUENCE), or a person's edit kept."""
    calendar = project.calendar
    assert calendar is not None
    where = {"round": project.round, "pair": project.pair}
    target = f"{project.full_path}:{CALENDAR_PATH}"
    if current is not None and calendar_is_edited(current):
        if current != calendar.text:
            yield Action("keep_edited", target, (), **where,
                         reason="a person edited this file; it is left as it is")
        return
    content: str | LazyCalendar = calendar if current is None else calendar.revised(current)
    if current == content:
        return
    verb = "create" if current is None else "update"
    yield Action("commit_calendar", project.full_path,
                 attrs(verb=verb, path=CALENDAR_PATH, contents=content), **where,
                 reason="the pair's dates changed" if current is not None else
                 "the pair's calendar of meetings and milestones")


def needs_calendar_read(project: DesiredProject, archived: bool, recorded: str | None) -> bool:
    """Whether ``observe`` must read a provisioned pair's calendar.ics: when the hash its
    Progress issue records is not the program's (the dates moved, or no calendar yet)."""
    calendar = project.calendar
    return calendar is not None and not archived and not calendar.recorded(recorded)
