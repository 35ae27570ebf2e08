"""GitLab.com's request limits, scalable so tests and benchmarks need not wait real minutes.

Authenticated API requests are limited per user (Rack::Attack, 429 with the plain-text body
``Retry later``); issue creation per project and user and note creation per user by the
ApplicationRateLimiter (429 with a JSON message). Both send ``Retry-After`` and the ``RateLimit-*``
headers GitLab documents (doc/administration/settings/user_and_ip_rate_limits.md). Windows are
fixed, as GitLab's are. ``minute`` sets how many real seconds one limiting minute lasts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate

APP_LIMIT_BODY = (b'{"message":{"error":"This endpoint has been requested too many times. '
                  b'Try again later."}}')


@dataclass(frozen=True)
class RateLimitSpec:
    api_per_minute: int | None = 2000
    issues_create_per_minute: int | None = 200
    notes_create_per_minute: int | None = 60
    minute_seconds: float = 60.0

    @classmethod
    def parse(cls, spec: str | None) -> RateLimitSpec:
        """``off``, ``gitlab.com``, or ``api=2000,issues=200,notes=60,minute=0.6``."""
        if not spec or spec.strip().lower() == "off":
            return cls(None, None, None)
        if spec.strip().lower() == "gitlab.com":
            return cls()
        names = {"api": "api_per_minute", "issues": "issues_create_per_minute",
                 "notes": "notes_create_per_minute", "minute": "minute_seconds"}
        values: dict[str, float | int | None] = {}
        for part in spec.split(","):
            key, sep, value = part.strip().partition("=")
            if not sep or key not in names:
                raise ValueError(f"unknown rate limit setting {part.strip()!r}; expected "
                                 "api=, issues=, notes=, minute= (or 'off', 'gitlab.com')")
            if key == "minute":
                values[names[key]] = float(value)
            else:
                number = 0 if value in ("0", "off") else int(value)
                values[names[key]] = number or None
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    headers: dict[str, str]
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"

    @property
    def retry_after(self) -> int:
        """Whole seconds to wait (0 when allowed), as the Retry-After header says."""
        return int(self.headers.get("Retry-After", "0"))


class RateLimiter:
    def __init__(self, spec: RateLimitSpec, clock: Callable[[], float] = time.time) -> None:
        self.spec = spec
        self.clock = clock
        self._counts: Counter[tuple[str, str, int]] = Counter()
        self._lock = threading.Lock()
        self.limited: Counter[str] = Counter()

    def _limit(self, category: str) -> int | None:
        return {"api": self.spec.api_per_minute,
                "issues_create": self.spec.issues_create_per_minute,
                "notes_create": self.spec.notes_create_per_minute}[category]

    def check(self, key: str, category: str) -> Decision:
        """Count one request under ``key`` (a user, or a project and user) in ``category``."""
        limit = self._limit(category)
        if limit is None:
            return Decision(True, {})
        now = self.clock()
        window = int(now // self.spec.minute_seconds)
        reset = (window + 1) * self.spec.minute_seconds
        with self._lock:
            self._counts[(category, key, window)] += 1
            observed = self._counts[(category, key, window)]
        headers = {
            "RateLimit-Name": "throttle_authenticated_api" if category == "api" else category,
            "RateLimit-Limit": str(limit),
            "RateLimit-Observed": str(observed),
            "RateLimit-Remaining": str(max(0, limit - observed)),
            "RateLimit-Reset": str(math.ceil(reset)),
            "RateLimit-ResetTime": formatdate(reset, usegmt=True),
        }
        if observed <= limit:
            return Decision(True, headers if category == "api" else {})
        # python-gitlab reads Retry-After with int(): a whole number of seconds, at least 1.
        headers["Retry-After"] = str(max(1, math.ceil(reset - now)))
        with self._lock:
            self.limited[category] += 1
        if category == "api":
            return Decision(False, headers, 429, b"Retry later\n", "text/plain")
        return Decision(False, headers, 429, APP_LIMIT_BODY)

    def stats(self) -> dict[str, int]:
        """How many 429s this limiter has answered, per category."""
        return dict(self.limited)
