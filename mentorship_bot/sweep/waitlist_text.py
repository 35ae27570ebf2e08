"""The waitlist in words, one wording for the dashboard and every report: who waits and for how
long, oldest first, and when mentors have room next ("`alice` has room from 2027-01-31")."""

from __future__ import annotations

from mentorship_bot.program.capacity import Room, Waiting, waiting_days
from mentorship_bot.sweep.progress import ProgramProgress


def waiting_text(waiting: Waiting, progress: ProgramProgress, quote: str = "`") -> str:
    """``erin`` waiting since 2026-10-01 (61 days)."""
    days = waiting_days(waiting, progress.today)
    since = (f"waiting since {waiting.since} ({days} day{'' if days == 1 else 's'})"
             if waiting.since is not None and days is not None
             else "waiting since a day not recorded")
    return f"{quote}{waiting.username}{quote}, {since}"


def room_text(room: Room, progress: ProgramProgress, quote: str = "`") -> str:
    when = "now" if room.day <= progress.today else f"from {room.day.isoformat()}"
    return f"{quote}{room.username}{quote} has room {when}"


def shown_rooms(progress: ProgramProgress) -> tuple[Room, ...]:
    """The soonest rooms, as many as mentees wait (at least three): enough to place the queue."""
    return progress.rooms[:max(3, len(progress.waitlist))]


def waitlist_markdown(progress: ProgramProgress) -> list[str]:
    """The list's lines, then the next rooms when someone waits."""
    lines = [f"- {waiting_text(w, progress)}" for w in progress.waitlist] or ["None."]
    rooms = shown_rooms(progress)
    if progress.waitlist:
        lines += ["", "Next room: " + ("; ".join(room_text(r, progress) for r in rooms)
                                       if rooms else "no mentor has room.")]
    return lines
