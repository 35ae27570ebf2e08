"""What GitLab holds, as plain data: the adapter reads it in bulk, the diff compares it.

Only what the diff needs is kept, keyed by the identity the bot finds things by: groups and projects
by full path, labels by name, milestones by (group, title), issues by the marker id in their text.
``None`` for a project's members or files means "not read", which the diff treats as "leave alone".
Members carry their access level with inherited memberships included, since GitLab refuses to add
someone to a project below the level they already inherit from a group.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import accumulate
from typing import Any

from mentorship_bot.render.lazy import LazyText, text_differs
from mentorship_bot.render.markers import Marker, is_edited, parse_marker, read_marker


@dataclass(frozen=True)
class ObservedGroup:
    id: int
    full_path: str


@dataclass(frozen=True)
class ObservedLabel:
    name: str
    color: str
    description: str = ""
    id: int | None = None  # a board list names its label by id


@dataclass(frozen=True)
class ObservedBoardList:
    id: int
    label: str  # the label's name
    position: int


@dataclass(frozen=True)
class ObservedBoard:
    """An issue board of the program group with its label lists (provision/board.py)."""

    id: int
    name: str
    lists: tuple[ObservedBoardList, ...] = ()


@dataclass(frozen=True)
class ObservedMilestone:
    id: int
    group_path: str
    title: str
    due_date: date | None
    state: str = "active"


@dataclass(frozen=True)
class ObservedProject:
    id: int
    full_path: str
    visibility: str
    archived: bool = False
    # Lower-case username -> access level, inherited ones included; None: not read.
    members: Mapping[str, int] | None = None
    files: Mapping[str, str] | None = None  # path -> content; None: not read
    # The day GitLab created it: a pair's stall clock starts no earlier (issue 12).
    created_on: date | None = None
    # The moment: a project made after the issue snapshot's time has no issue it misses.
    created_at: datetime | None = None
    # calendar.ics of a provisioned pair, read only when its Progress issue's marker records
    # another calendar than the program's (calendar_read); None then: no such file.
    calendar: str | None = None
    calendar_read: bool = False


@dataclass(frozen=True, slots=True)  # 100,000 of them for 10,000 pairs: no __dict__ each
class ObservedIssue:
    project_path: str
    iid: int
    marker_id: str
    title: str
    description: str
    labels: tuple[str, ...]
    milestone_title: str | None
    due_date: date | None
    state: str = "opened"
    # What the sweep reads to tell progress and activity (all in GitLab's issue lists).
    closed_at: datetime | None = None
    closed_by: str | None = None  # username
    updated_at: datetime | None = None
    user_notes: int = 0  # comments, the bot's own included
    tasks_done: int = 0
    tasks_total: int = 0
    assignees: tuple[str, ...] = ()  # lower-case usernames
    # A closed issue whose text is exactly as the bot wrote it is never rewritten nor compared
    # but by its marker's hashes: ``observe`` keeps its marker and not its text (``description``
    # is then ""), so 100,000 issues are not all held as text (issue 18).
    kept_marker: Marker | None = field(default=None, compare=False)
    # An open issue exactly as the bot wrote it keeps its text compressed with others (a
    # ``TextPacker``'s batch and its place in it): only a reassignment rewrites it
    # (``full_description``); 49,000 open texts took a 10,000-pair sweep's peak to 316 MB.
    packed: tuple[PackedTexts, int] | None = field(default=None, compare=False, repr=False)

    def full_description(self) -> str:
        """The text as GitLab holds it, also when it is kept compressed."""
        if self.packed is not None:
            batch, index = self.packed
            return batch.text(index)
        return self.description

    @property
    def marker(self) -> Marker | None:
        return self.kept_marker if self.kept_marker is not None else parse_marker(
            self.description)

    @property
    def text_kept(self) -> bool:
        return self.kept_marker is None

    def as_written(self) -> bool:
        """Whether the text is exactly what the bot wrote (its marker's hash)."""
        if self.kept_marker is not None:
            return True
        found = read_marker(self.description)
        return found is not None and found[1]

    def is_edited(self) -> bool:
        """Whether a person changed the text since the bot wrote it (``markers.is_edited``)."""
        return self.kept_marker is None and is_edited(self.description)

    def has_title(self, title: str) -> bool:
        return self.title == title

    def differs_from(self, desired: LazyText, update_templates: bool) -> bool:
        """Whether the text differs from what the bot would write now; ticked tasks count as
        unticked: ticking is using an issue, not editing it (``lazy.text_differs``)."""
        kept = self.kept_marker  # a text as the bot wrote it: its marker is what is compared
        return text_differs(self.description, desired, update_templates, tasks=True,
                            known=(kept, True) if kept is not None else None)


class PackedTexts:
    """Texts compressed together (a few hundred), each found again by its place.

    One zlib call per batch, not per text: zlib lets other threads run while it works, and a
    bulk read's main thread then waited for the page workers to give the interpreter back
    (38,000 calls on a 10,000-pair sweep: 2.7 s of CPU, 14 s of waiting). Texts of one
    template compress far better together, too.
    """

    __slots__ = ("_blob", "_ends", "_texts", "_whole")

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._blob: bytes | None = None
        self._ends: tuple[int, ...] = ()
        self._whole: str | None = None  # decompressed on first use, for the batch's others

    def __len__(self) -> int:
        return len(self._ends) if self._blob is not None else len(self._texts)

    def add(self, text: str) -> int:
        """Keep ``text``; its place in the batch."""
        if self._blob is not None:
            raise ValueError("a sealed batch takes no more texts")
        self._texts.append(text)
        return len(self._texts) - 1

    def seal(self) -> None:
        """Compress the texts held so far; the batch then takes no more."""
        if self._blob is None:
            self._ends = tuple(accumulate(map(len, self._texts)))
            self._blob = zlib.compress("".join(self._texts).encode("utf-8"), 1)
            self._texts = []

    def text(self, index: int) -> str:
        if self._blob is None:
            return self._texts[index]
        if self._whole is None:  # a reassignment of many pairs reads many texts of a batch
            self._whole = zlib.decompress(self._blob).decode("utf-8")
        start = self._ends[index - 1] if index else 0
        return self._whole[start:self._ends[index]]


class TextPacker:
    """Hands out places in batches of ``size`` texts, sealing each batch as it fills."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._batch = PackedTexts()

    def keep(self, text: str) -> tuple[PackedTexts, int]:
        if len(self._batch) >= self._size:
            self._batch.seal()
            self._batch = PackedTexts()
        return self._batch, self._batch.add(text)

    def close(self) -> None:
        """Seal the last batch (a batch not sealed still answers, from its plain texts)."""
        self._batch.seal()


def kept_text(description: str, read: tuple[Marker, bool] | None, marker_id: str, state: str,
              packer: TextPacker | None = None) -> dict[str, Any]:
    """An observed issue's text fields: its text, or, when that is all a run needs of it, its
    marker instead; ``read`` is ``markers.read_marker(description)``. An issue exactly as the
    bot wrote it is compared by its marker's hashes. A closed one is never reassigned, so its
    text is dropped; an open one keeps it in ``packer`` (compressed with others) for a
    reassignment. A Progress issue keeps its text (the sweep rewrites its managed block)."""
    if read is None or not read[1] or marker_id.endswith("/progress"):
        return {"description": description}
    packed = None if state == "closed" else (packer or TextPacker()).keep(description)
    return {"description": "", "kept_marker": read[0], "packed": packed}


@dataclass(frozen=True)
class IssueRead:
    """How a run read the issues: whole, or as a snapshot and the updates since (issue 18)."""

    as_of: datetime | None  # GitLab's time as the read began; None: its answers had no Date
    full_read: datetime | None  # when they were last read whole (as_of, for a whole read)
    whole: bool = True
    reason: str = ""  # why whole; "" when read from a snapshot
    listed: int = 0  # the program's issues GitLab's lists gave
    since: datetime | None = None  # from a snapshot: the updates listed are since then


@dataclass(frozen=True)
class ObservedState:
    groups: Mapping[str, ObservedGroup] = field(default_factory=dict)
    labels: Mapping[str, ObservedLabel] = field(default_factory=dict)
    milestones: Mapping[tuple[str, str], ObservedMilestone] = field(default_factory=dict)
    projects: Mapping[str, ObservedProject] = field(default_factory=dict)
    issues: Mapping[str, ObservedIssue] = field(default_factory=dict)
    source: str = "an empty GitLab"
    # Newer issues carrying a marker an older issue already has (two runs raced): kept, closed.
    duplicates: tuple[ObservedIssue, ...] = ()
    # Group path -> what its members hold there, inherited included: who a new project in that
    # group starts with (read only when the plan creates projects there).
    group_members: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # The program group's issue boards; None: not read (the diff then leaves boards alone).
    boards: tuple[ObservedBoard, ...] | None = None
    issue_read: IssueRead | None = None  # None: not read from GitLab (a plan offline)

    @classmethod
    def empty(cls) -> ObservedState:
        """What a GitLab with none of the program's objects looks like: the offline plan's input."""
        return cls(boards=())

    def with_members(self, members: Mapping[str, Mapping[str, int]]) -> ObservedState:
        """This state with ``members`` (project path -> members) read into its projects."""
        if not members:
            return self
        return replace(self, projects={
            path: replace(project, members=members[path]) if path in members else project
            for path, project in self.projects.items()})


@dataclass(frozen=True)
class ObservedDashboard:
    """The dashboard project and, once created, its dashboard issue (found by its label)."""

    project_id: int
    project_path: str
    iid: int | None = None
    description: str = ""
