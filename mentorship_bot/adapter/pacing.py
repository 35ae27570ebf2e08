"""Pacing: stay under GitLab's rate limits instead of bouncing off them.

GitLab.com limits every user to 2,000 API requests a minute, and some endpoints much lower
(doc/user/gitlab_com/rate_limits.md): 400 single-project and single-group
reads, 600 pages of a group's projects, 200 member lists, 200 issue creations per project, 60
notes. Every limit counts in fixed windows, so a sliding minute kept a little under each is safe.
A 429 is still obeyed (python-gitlab waits for ``Retry-After``), but an issue creation's 429 has
no such header (app/services/concerns/rate_limited_service.rb), so for writes pacing is the only
way through.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["ENDPOINTS", "ENDPOINT_LIMITS", "Pacer", "RequestPacer"]


@dataclass
class Pacer:
    """Keeps one kind of write under ``per_minute`` in any sliding minute, per key.

    GitLab.com allows 60 notes a minute per user and 200 issue creations a minute per project and
    user. Writes go at once while the last minute has room and wait only when it is full, so a
    burst of a pair's 15 issues costs nothing while 1,000 nudges are spread over the minutes they
    need instead of collecting 429s. ``minute_seconds`` shrinks the minute for tests.
    """

    per_minute: float | None
    minute_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _sent: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, key: str = "") -> float:
        """Block until one more write under ``key`` fits; returns the seconds waited."""
        if not self.per_minute:
            return 0.0
        limit = int(self.per_minute)
        waited = 0.0
        while True:
            with self._lock:
                now = self.clock()
                sent = self._sent.setdefault(key, deque())
                while sent and sent[0] <= now - self.minute_seconds:
                    sent.popleft()
                if len(sent) < limit:
                    sent.append(now)
                    return waited
                delay = sent[0] + self.minute_seconds - now
            self.sleep(delay)
            waited += delay


# Endpoint limits the bot's reads can reach, per user per minute (GitLab.com's, kept 10% under).
# The path is the request's, below /api/v4; an encoded full path has no "/" in it.
ENDPOINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("project", re.compile(r"GET /api/v4/projects/[^/]+")),
    ("group", re.compile(r"GET /api/v4/groups/[^/]+")),
    ("group_projects", re.compile(r"GET /api/v4/groups/[^/]+/projects")),
    ("members", re.compile(r"GET /api/v4/projects/[^/]+/members/all")),
)
ENDPOINT_LIMITS: Mapping[str, float] = {
    "project": 360, "group": 360, "group_projects": 540, "members": 180}


class RequestPacer:
    """Paces every request under the API-wide limit (when set) and each limited endpoint."""

    def __init__(self, per_minute: float | None, minute_seconds: float = 60.0, *,
                 endpoints: Mapping[str, float] | None = ENDPOINT_LIMITS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.api = Pacer(per_minute, minute_seconds, clock, sleep)
        self.endpoints = {name: Pacer(limit, minute_seconds, clock, sleep)
                          for name, limit in (endpoints or {}).items()}

    def wait(self, method: str = "GET", path: str = "") -> float:
        """Block until this request fits every limit it counts against; the seconds waited."""
        waited = self.api.wait()
        if self.endpoints:
            line = f"{method} {path}"
            for name, pattern in ENDPOINTS:
                if name in self.endpoints and pattern.fullmatch(line):
                    waited += self.endpoints[name].wait()
        return waited
