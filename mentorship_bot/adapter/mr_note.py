"""The plan on a merge request: one note, found again by its marker and updated in place."""

from __future__ import annotations

import io

from mentorship_bot.adapter.connection import Connection, retry_write
from mentorship_bot.render.markers import body_of, parse_marker, with_marker


def post_plan_note(conn: Connection, project_id: int | str, mr_iid: int, body: str,
                   marker_id: str) -> str:
    """Create or update the bot's plan note; returns "created", "updated" or "unchanged"."""
    mr = conn.writes.projects.get(project_id, lazy=True).mergerequests.get(mr_iid, lazy=True)
    reader = conn.reads.projects.get(project_id, lazy=True).mergerequests.get(mr_iid, lazy=True)
    text = with_marker(body, marker_id)

    def find() -> object | None:
        for note in reader.notes.list(get_all=True, sort="asc"):
            marker = parse_marker(note.body)
            if marker is not None and marker.id == marker_id:
                return note
        return None

    existing = find()
    if existing is None:
        conn.note_pacer.wait()
        retry_write(lambda: mr.notes.create({"body": text}), find)
        return "created"
    if body_of(existing.body) == body_of(text):  # type: ignore[attr-defined]
        return "unchanged"
    note = mr.notes.get(existing.id, lazy=True)  # type: ignore[attr-defined]
    note.body = text
    retry_write(lambda: note.save(), lambda: None)
    return "updated"


# GitLab refuses a longer note body (doc/api/notes.md: at most 1,000,000 characters); the plan
# leaves room for the errors block above it and the marker below.
MAX_PLAN_NOTE_CHARS = 900_000


class CappedText(io.StringIO):
    """A text file that keeps its first ``limit`` characters and counts the rest: the streamed
    Markdown plan of 10,000 pairs fits a merge request note, and is never held whole."""

    def __init__(self, limit: int = MAX_PLAN_NOTE_CHARS) -> None:
        super().__init__()
        self.limit, self.left_out = limit, 0

    def write(self, text: str) -> int:
        room = max(0, self.limit - self.tell())
        if len(text) > room:
            self.left_out += len(text) - room
            text = text[:room]
        super().write(text)
        return len(text)

    def text(self) -> str:
        """What was kept, cut at a line end, and a line saying how much was left out."""
        kept = self.getvalue()
        if not self.left_out:
            return kept
        cut = kept.rfind("\n") + 1
        left = self.left_out + len(kept) - cut
        return (kept[:cut] + f"\n\n*The plan goes on for {left:,} more characters, more than a "
                "merge request note holds: run `mentorship-bot plan --format markdown` to see "
                "it whole.*\n")
