"""GitLab.com's request limits, scalable so tests and benchmarks need not wait real minutes.

Three kinds of limit, each answering its 429 as GitLab does:

- Rack::Attack (``api``: every authenticated request, per user): text/plain ``Retry later`` with
  ``Retry-After`` and the ``RateLimit-*`` headers; those headers only on the 429
  (lib/gitlab/rack_attack.rb ``throttled_response_headers``).
- ``check_rate_limit!`` in an endpoint (``GET /projects/:id``, notes...): JSON
  ``{"message":{"error":...}}`` with ``Retry-After`` set to the limit's interval and no
  ``RateLimit-*`` (lib/api/helpers/rate_limiter.rb, ``too_many_requests!`` in lib/api/helpers.rb).
- A rate-limited service (issue creation): the same JSON body and no headers at all
  (app/services/concerns/rate_limited_service.rb, ``rescue_from`` in lib/api/api.rb).

Windows are fixed, as GitLab's are. ``minute`` sets how many real seconds one limiting minute lasts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from email.utils import formatdate
from typing import Any

APP_LIMIT_BODY = (b'{"message":{"error":"This endpoint has been requested too many times. '
                  b'Try again later."}}')
RACK, ENDPOINT, SERVICE = "rack_attack", "check_rate_limit", "rate_limited_service"


@dataclass(frozen=True)
class Rule:
    """Which requests one limit counts, per whom, over how many minutes, and how it answers."""

    name: str  # the RateLimitSpec field, the stats key and GitLab's limiter key
    routes: tuple[str, ...]  # "METHOD /pattern"; empty: every request
    minutes: int
    answer: str  # RACK, ENDPOINT or SERVICE
    per_project: bool = False  # counted per project and user, else per user


# Each limit, the GitLab file that applies it, and its GitLab.com value
# (doc/user/gitlab_com/rate_limits.md, "Current rate limits").
RULES = (
    # lib/gitlab/rack_attack.rb throttle_authenticated_api: 2,000 per minute per user.
    Rule("api", (), 1, RACK),
    # lib/api/projects.rb GET ":id": check_rate_limit_by_user_or_ip!(:project_api): 400/min.
    Rule("project_api", ("GET /projects/:id",), 1, ENDPOINT),
    # lib/api/groups.rb GET ":id": check_rate_limit_by_user_or_ip!(:group_api): 400/min.
    Rule("group_api", ("GET /groups/:id",), 1, ENDPOINT),
    # lib/api/groups.rb GET ":id/projects": (:group_projects_api): 600/min.
    Rule("group_projects_api", ("GET /groups/:id/projects",), 1, ENDPOINT),
    # project_members_api ("GET /projects/:id/members/all" in the admin setting's label,
    # spec/features/admin/admin_settings_spec.rb): "List all project members", 200/min.
    Rule("project_members_api", ("GET /projects/:id/members/all",), 1, ENDPOINT),
    # lib/api/users.rb GET ":id": check_rate_limit!(:users_get_by_id): 300 per 10 minutes.
    Rule("users_get_by_id", ("GET /users/:id",), 10, ENDPOINT),
    # app/services/issues/create_service.rb: rate_limit key: :issues_create,
    # scope: [:project, :current_user]: 200/min per project and user.
    Rule("issues_create", ("POST /projects/:id/issues",), 1, SERVICE, per_project=True),
    # lib/api/notes.rb POST ":id/#{noteables}/:noteable_id/notes":
    # check_rate_limit! :notes_create, scope: current_user: 60/min per user, all noteables.
    Rule("notes_create", ("POST /projects/:id/issues/:iid/notes",
                          "POST /projects/:id/merge_requests/:iid/notes"), 1, ENDPOINT),
)


@dataclass(frozen=True)
class RateLimitSpec:
    """Per-user limits per window (None: off). The defaults are GitLab.com's."""

    api: int | None = 2000
    project_api: int | None = 400
    group_api: int | None = 400
    group_projects_api: int | None = 600
    project_members_api: int | None = 200
    users_get_by_id: int | None = 300
    issues_create: int | None = 200
    notes_create: int | None = 60
    minute_seconds: float = 60.0

    @classmethod
    def parse(cls, spec: str | None) -> RateLimitSpec:
        """``off``, ``gitlab.com``, or GitLab.com's limits changed: ``api=40,notes=off,minute=1``.

        A limit not named keeps its GitLab.com value; ``minute`` is how many real seconds a
        limiting minute lasts.
        """
        text = (spec or "").strip().lower()
        if not text or text == "off":
            return cls.off()
        values: dict[str, float | int | None] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            if part == "gitlab.com":
                continue
            key, sep, value = part.partition("=")
            name = ALIASES.get(key, key)
            if not sep or name not in _FIELDS:
                raise ValueError(f"unknown rate limit setting {part!r}; expected "
                                 f"{'=, '.join(ALIASES)}= (or 'off', 'gitlab.com')")
            try:
                if name == "minute_seconds":
                    values[name] = float(value)
                else:
                    values[name] = None if value in ("0", "off") else int(value)
            except ValueError:
                raise ValueError(f"{key} needs a number, got {value!r}") from None
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def off(cls) -> RateLimitSpec:
        nothing: dict[str, Any] = {f.name: None for f in fields(cls) if f.name != "minute_seconds"}
        return replace(cls(), **nothing)

    def limit(self, rule: Rule) -> int | None:
        value: int | None = getattr(self, rule.name)
        return value


_FIELDS = {f.name for f in fields(RateLimitSpec)}
ALIASES = {"api": "api", "project": "project_api", "group": "group_api",
           "group_projects": "group_projects_api", "members": "project_members_api",
           "user": "users_get_by_id", "issues": "issues_create", "notes": "notes_create",
           "minute": "minute_seconds"}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    headers: dict[str, str]
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"

    @property
    def retry_after(self) -> int:
        """Whole seconds to wait (0 when allowed or not said), as the Retry-After header says."""
        return int(self.headers.get("Retry-After", "0"))


def rules_for(method: str, route: str) -> list[Rule]:
    """The limits a request counts against; HEAD counts as GET (Grape routes HEAD to GET)."""
    key = f"{'GET' if method == 'HEAD' else method} {route}"
    return [rule for rule in RULES if not rule.routes or key in rule.routes]


class RateLimiter:
    def __init__(self, spec: RateLimitSpec, clock: Callable[[], float] = time.time) -> None:
        self.spec = spec
        self.clock = clock
        self._counts: Counter[tuple[str, str, int]] = Counter()
        self._lock = threading.Lock()
        self.limited: Counter[str] = Counter()

    def check_request(self, method: str, route: str, user_id: int,
                      project: str | None = None) -> Decision:
        """Count one request against every limit it falls under; the first 429, if any."""
        for rule in rules_for(method, route):
            key = f"{project}:{user_id}" if rule.per_project else str(user_id)
            decision = self.check(key, rule)
            if not decision.allowed:
                return decision
        return Decision(True, {})

    def check(self, key: str, rule: Rule | str) -> Decision:
        """Count one request under ``key`` (a user, or a project and user) for ``rule``."""
        if isinstance(rule, str):
            rule = next(r for r in RULES if r.name == rule)
        limit = self.spec.limit(rule)
        if limit is None:
            return Decision(True, {})
        period = rule.minutes * self.spec.minute_seconds
        now = self.clock()
        window = int(now // period)
        with self._lock:
            self._counts[(rule.name, key, window)] += 1
            observed = self._counts[(rule.name, key, window)]
        if observed <= limit:
            return Decision(True, {})
        with self._lock:
            self.limited[rule.name] += 1
        if rule.answer == SERVICE:
            return Decision(False, {}, 429, APP_LIMIT_BODY)
        # python-gitlab reads Retry-After with int(): a whole number of seconds, at least 1.
        if rule.answer == ENDPOINT:  # the interval, whatever is left of the window
            return Decision(False, {"Retry-After": str(max(1, math.ceil(period)))}, 429,
                            APP_LIMIT_BODY)
        reset = (window + 1) * period
        headers = {
            "RateLimit-Name": "throttle_authenticated_api",
            "RateLimit-Limit": str(math.ceil(limit * self.spec.minute_seconds / period)),
            "RateLimit-Observed": str(observed),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(math.ceil(reset)),
            "RateLimit-ResetTime": formatdate(reset, usegmt=True),
            "Retry-After": str(max(1, math.ceil(reset - now))),
        }
        return Decision(False, headers, 429, b"Retry later\n", "text/plain")

    def stats(self) -> dict[str, int]:
        """How many 429s this limiter has answered, per limit."""
        return dict(self.limited)
