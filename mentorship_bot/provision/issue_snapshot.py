"""What a sweep knew of a program's issues, kept in GitLab for the next sweep (issue 18).

A 10,000-pair program has 100,000 issues, and reading them all (1,000 pages, 425 MB of JSON) was
most of a nightly sweep. Most did not change since the night before. So the sweep keeps every
milestone issue as facts (``issue_facts``: no person's words) in one file of the dashboard
project, as of the time its read began; the next sweep reads the Progress issues whole (their
text is the sweep's), the issues GitLab lists as updated since that time, and takes the rest
from the file.

What an update list cannot show makes the sweep read every issue instead (``why_full``): no
file, or one a week old (an owner's deletion leaves no trace in it); a label or milestone renamed
or deleted (issues then show another name without being updated); a project replaced at its path,
unarchived, or brought in from elsewhere with issues of its own; a Progress issue neither list
shows (``missing_progress``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from mentorship_bot.provision.issue_facts import (
    NONE,
    NameTable,
    fact_line,
    marker_prefix,
    read_fact_line,
)
from mentorship_bot.provision.observed_state import (
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedProject,
)

SNAPSHOT_VERSION = 1
# GitLab touches an issue for a comment at most once a minute (app/models/note.rb
# ``touch_noteable``, app/models/concerns/throttled_touch.rb), and its servers' clocks differ
# by a little: updates are asked for from this long before the snapshot's time.
MARGIN = timedelta(minutes=10)
FULL_READ_EVERY = timedelta(days=7)  # deletions leave no trace in a list of updates
# A run that writes nothing else keeps a snapshot this fresh: a second run the same night
# then writes nothing (and reads only what changed since the first run's read).
KEEP_FOR = timedelta(hours=20)


@dataclass(frozen=True)
class KnownProject:
    """A project's issues as last read, by project id (a project keeps it when renamed)."""

    path: str
    archived: bool
    progress_iid: int | None  # its Progress issue, which every read must find again
    issues: tuple[ObservedIssue, ...] = ()  # its milestone issues


@dataclass(frozen=True)
class IssueSnapshot:
    as_of: datetime  # GitLab's time when the read began: any later update is listed as such
    full_read: datetime  # when the issues were last read whole
    labels: Mapping[int, str] = field(default_factory=dict)  # the program group's, by id
    milestones: Mapping[int, str] = field(default_factory=dict)  # the rounds', by id
    projects: Mapping[int, KnownProject] = field(default_factory=dict)

    @property
    def since(self) -> datetime:
        """Where the list of updated issues starts."""
        return self.as_of - MARGIN

    def issues(self, projects: Iterable[ObservedProject]) -> list[ObservedIssue]:
        """The known issues of the projects read tonight, at their paths of tonight; those of
        archived projects are left out, as GitLab's group issue list leaves them out."""
        found: list[ObservedIssue] = []
        for project in projects:
            known = self.projects.get(project.id)
            if known is None or project.archived:
                continue
            if known.path == project.full_path:
                found += known.issues
            else:  # renamed or moved since
                found += [replace(i, project_path=project.full_path) for i in known.issues]
        return found

    def missing_progress(self, projects: Iterable[ObservedProject],
                         issues: Mapping[str, ObservedIssue]) -> list[str]:
        """Projects whose Progress issue the snapshot knows and tonight's read did not find
        (its label taken off, say): read whole, it would be found by its marker."""
        found = {(i.project_path, i.iid) for i in issues.values()}
        return [p.full_path for p in projects
                if not p.archived and (known := self.projects.get(p.id)) is not None
                and known.progress_iid is not None
                and (p.full_path, known.progress_iid) not in found]


def take_snapshot(
    issues: Mapping[str, ObservedIssue], duplicates: Iterable[ObservedIssue],
    projects: Mapping[str, ObservedProject], labels: Iterable[ObservedLabel],
    milestones: Iterable[ObservedMilestone], as_of: datetime, full_read: datetime,
    pair_paths: Collection[str],
) -> IssueSnapshot:
    """What a read found, as of ``as_of``: every milestone issue and open duplicate of the pairs'
    projects (``pair_paths``) as facts, by project, with each one's Progress issue, and the
    names of labels and milestones. Other projects of the group are known by id only: their
    issues (a confidential survey, a mentee's choice: a hash of a few ticks could be guessed)
    are never kept, and the sweep needs them only to close copies two racing runs made, which
    the weekly whole read still does."""
    by_path: dict[str, list[ObservedIssue]] = {}
    progress: dict[str, int] = {}
    for issue in [*issues.values(), *(d for d in duplicates if d.state == "opened")]:
        if issue.project_path not in pair_paths:
            continue
        if issue.marker_id.endswith("/progress"):
            progress.setdefault(issue.project_path, issue.iid)
        else:
            by_path.setdefault(issue.project_path, []).append(issue)
    known = {
        project.id: KnownProject(
            path, project.archived, progress.get(path),
            tuple(sorted(by_path.get(path, ()), key=lambda i: i.iid)))
        for path, project in projects.items()
    }
    return IssueSnapshot(
        as_of, full_read,
        {label.id: label.name for label in labels if label.id is not None},
        {m.id: m.title for m in milestones},
        known,
    )


def why_full(snapshot: IssueSnapshot | None, now: datetime | None,
             labels: Iterable[ObservedLabel], milestones: Iterable[ObservedMilestone],
             projects: Iterable[ObservedProject]) -> str | None:
    """Why tonight's read must be whole; None when the snapshot and the updates will do."""
    if snapshot is None:
        return "no snapshot of the issues it can read"
    if now is None:
        return "GitLab's answers carry no Date: the time of updates is unknown"
    if now - snapshot.full_read >= FULL_READ_EVERY:
        return "the weekly whole read (deleted issues leave no trace in a list of updates)"
    names = {label.id: label.name for label in labels}
    if any(names.get(i) != name for i, name in snapshot.labels.items()):
        return "a label was renamed or deleted"
    titles = {m.id: m.title for m in milestones}
    if any(titles.get(i) != title for i, title in snapshot.milestones.items()):
        return "a milestone was renamed or deleted"
    for project in projects:
        known = snapshot.projects.get(project.id)
        if known is None:
            created = project.created_at
            if created is not None and created >= snapshot.since:
                continue  # new since: every issue it has is listed as updated since
            return f"{project.full_path} is not in the snapshot and may have older issues"
        if known.archived and not project.archived:
            return f"{project.full_path} was unarchived"
    return None


def encode_snapshot(snapshot: IssueSnapshot) -> str:
    """The snapshot's file: a head (JSON: times, the names of labels and milestones, the names
    the lines use by number), then for each project a line ``P id archived progress prefix
    path`` and a line per issue (``issue_facts.fact_line``). Words without quotes: small to
    send and quick to read; a night changes few lines, so the repository keeps small diffs."""
    return "".join(snapshot_parts(snapshot))


def snapshot_parts(snapshot: IssueSnapshot) -> list[str]:
    """``encode_snapshot``'s text in parts, each ending with a line end: the head, then each
    project with its issues (a caller may send them one after another, never joined)."""
    names = NameTable()
    parts = [""]  # the head's place: it names what the lines use, known once they are made
    for project_id, known in sorted(snapshot.projects.items()):
        prefix = marker_prefix(known.issues)
        parts.append("\n".join([
            f"P {project_id} {int(known.archived)} "
            f"{NONE if known.progress_iid is None else known.progress_iid} "
            f"{prefix or NONE} {known.path}",
            *(fact_line(issue, prefix, names) for issue in known.issues)]) + "\n")
    head = {"version": SNAPSHOT_VERSION, "as_of": snapshot.as_of.isoformat(),
            "full_read": snapshot.full_read.isoformat(),
            "labels": {str(i): n for i, n in sorted(snapshot.labels.items())},
            "milestones": {str(i): t for i, t in sorted(snapshot.milestones.items())},
            "names": names.names}
    parts[0] = json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n"
    return parts


def decode_snapshot(text: str | None) -> IssueSnapshot | None:
    """The snapshot in ``text``; None when there is none, or it is of another version or
    unreadable (a person edited the file, say): the sweep then reads whole and writes it anew.
    Seconds for 100,000 issues: the sweep reads it while GitLab lists the projects."""
    if not text:
        return None
    try:
        lines = text.split("\n")
        head = json.loads(lines[0])
        if head.get("version") != SNAPSHOT_VERSION:
            return None
        names = NameTable(head["names"])
        projects: dict[int, KnownProject] = {}
        current: list[str] | None = None
        issues: list[ObservedIssue] = []
        for line in [*lines[1:], "P"]:  # the last "P" closes the last project
            if line.startswith("P"):
                if current is not None:
                    _, number, archived, progress, _, path = current
                    projects[int(number)] = KnownProject(
                        path, archived == "1", None if progress == NONE else int(progress),
                        tuple(issues))
                current, issues = (line.split(" ") if line != "P" else None), []
                if current is not None and len(current) != 6:
                    raise ValueError(f"a project line of {len(current)} fields")
            elif line:
                if current is None:
                    raise ValueError("an issue before its project")
                prefix = "" if current[4] == NONE else current[4]
                issues.append(read_fact_line(current[5], prefix, line, names))
        return IssueSnapshot(
            _aware(head["as_of"]), _aware(head["full_read"]),
            {int(i): str(n) for i, n in head["labels"].items()},
            {int(i): str(t) for i, t in head["milestones"].items()},
            projects)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"a time without its zone: {value}")
    return moment


def is_due(snapshot_as_of: datetime | None, now: datetime, *, whole: bool, wrote: bool) -> bool:
    """Whether tonight's run writes its snapshot: after a whole read, after any other write
    (the next run then reads only what changed since), or when the last one is getting old; a
    run that wrote nothing, on a fresh snapshot, writes nothing."""
    return whole or wrote or snapshot_as_of is None or now - snapshot_as_of >= KEEP_FOR
