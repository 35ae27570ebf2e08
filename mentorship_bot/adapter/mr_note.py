"""The plan on a merge request: one note, found again by its marker and updated in place."""

from __future__ import annotations

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
