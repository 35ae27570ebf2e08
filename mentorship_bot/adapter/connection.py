"""The one connection to GitLab: python-gitlab clients that count requests and retry with care.

Two clients share one HTTP session. Reads retry transient errors (5xx, dropped connections);
writes do not, because python-gitlab retries a POST blindly and a create whose response was lost
would then be made twice. Whoever writes retries by looking for the object first
(``retry_write``). Both obey 429 and ``Retry-After`` (python-gitlab does that for every method, and
a 429 means the request was not carried out). Writes that GitLab.com limits per minute are paced
below those limits (``Pacer``) rather than bouncing off them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import gitlab
import requests
from requests.adapters import HTTPAdapter

from mentorship_bot.adapter.pacing import ENDPOINT_LIMITS, Pacer, RequestPacer

T = TypeVar("T")

# Transient answers: the request may or may not have been carried out.
TRANSIENT_STATUS = frozenset({500, 502, 503, 504, *range(520, 531)})


class CountingAdapter(HTTPAdapter):
    """Counts every HTTP request actually sent, by method: the bot's main performance figure."""

    def __init__(self, *, before_send: Callable[[str, str], object] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.before_send = before_send
        self._pool_keys: dict[tuple[str, ...], tuple[dict[str, Any], dict[str, Any]]] = {}
        self.last_date: str | None = None  # the Date header of the latest answer
        self.last_retry_after: str | None = None  # the Retry-After of the latest 429

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        if self.before_send is not None:  # the pacers of the API and of limited endpoints
            self.before_send(str(request.method), urlsplit(str(request.url)).path)
        with self._lock:
            self.counts[str(request.method)] += 1
        response = super().send(request, *args, **kwargs)
        self.last_date = response.headers.get("Date") or self.last_date
        if response.status_code == 429:
            self.last_retry_after = response.headers.get("Retry-After")
        return response

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest,
                                             verify: Any, cert: Any = None
                                             ) -> tuple[dict[str, Any], dict[str, Any]]:
        """requests' answer, kept per host, CA bundle and client certificate: for a bundle
        named in the environment (``REQUESTS_CA_BUNDLE``) it asks the file system on every
        request whether the bundle is a directory, and that call let the other threads run,
        so each of 1,200 page reads then waited for them (a second of a 10,000-pair sweep)."""
        parts = urlsplit(str(request.url))
        key = (parts.scheme, parts.netloc, repr(verify), repr(cert))
        found = self._pool_keys.get(key)
        if found is None:
            found = self._pool_keys[key] = super().build_connection_pool_key_attributes(
                request, verify, cert)
        host, pool = found
        return dict(host), dict(pool)


@dataclass(frozen=True)
class Limits:
    """Write rates to stay under; the defaults sit just below GitLab.com's published limits."""

    issues_per_minute_per_project: float | None = 180
    notes_per_minute: float | None = 54
    minute_seconds: float = 60.0
    # Every request: off by default (self-managed GitLab has no API limit unless an admin sets
    # one; 429s are obeyed anyway). For GitLab.com's 2,000 a minute per user, 1,800 is safe.
    requests_per_minute: float | None = None
    # Endpoints GitLab.com limits on their own, per minute (``pacing.ENDPOINT_LIMITS``, 10% under
    # GitLab.com's); None: not paced. Self-managed GitLab has the same settings, off or higher.
    endpoint_limits: Mapping[str, float] | None = field(
        default_factory=lambda: dict(ENDPOINT_LIMITS))


# A GitLab with no limits at all (the sandbox with ``--rate-limit off``): benchmarks' set-ups.
UNPACED = Limits(None, None, endpoint_limits=None)

# Writes for different pairs run in parallel on this many threads: enough to keep a cold apply of
# 1,000 pairs at 50 ms per request under two minutes (benchmarks/provision.py: 96 s), few enough
# to be a polite client. The HTTP pool (16) stays above it.
DEFAULT_WORKERS = 8


class _Client(gitlab.Gitlab):
    """python-gitlab with a bound on retries: its default (10, doubling from 0.1 s) waits 100 s on a
    GitLab that is down before saying so. ``max_retries`` is a per-request argument in python-gitlab
    (GITLAB_API.md), so it is set here for every request."""

    def __init__(self, url: str, *, max_retries: int, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self._max_retries = max_retries

    def http_request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("max_retries", self._max_retries)
        return super().http_request(*args, **kwargs)


class Connection:
    """A GitLab URL and token turned into counted python-gitlab clients.

    The token is handed to python-gitlab and kept nowhere else: ``repr`` and errors never show it.
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        limits: Limits | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        limits = limits or Limits()
        self.request_pacer = RequestPacer(limits.requests_per_minute, limits.minute_seconds,
                                          endpoints=limits.endpoint_limits)
        self.adapter = CountingAdapter(pool_connections=4, pool_maxsize=16,
                                       before_send=self.request_pacer.wait)
        self.session = session or requests.Session()
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        common: dict[str, Any] = {
            "private_token": token,
            "per_page": 100,
            "timeout": timeout,
            "session": self.session,
            "keep_base_url": True,
            "max_retries": max_retries,
        }
        self.reads = _Client(self.url, retry_transient_errors=True, **common)
        self.writes = _Client(self.url, retry_transient_errors=False, **common)
        self.issue_pacer = Pacer(limits.issues_per_minute_per_project, limits.minute_seconds)
        self.note_pacer = Pacer(limits.notes_per_minute, limits.minute_seconds)

    def __repr__(self) -> str:
        return f"Connection({self.url!r})"

    def request_counts(self) -> dict[str, int]:
        return dict(sorted(self.adapter.counts.items()))

    def total_requests(self) -> int:
        return sum(self.adapter.counts.values())

    def server_time(self) -> datetime | None:
        """GitLab's clock as of its latest answer (its ``Date`` header): times the bot compares
        with GitLab's own ``updated_at`` come from GitLab, not from the machine it runs on."""
        stamp = self.adapter.last_date
        if not stamp:
            return None
        try:
            return parsedate_to_datetime(stamp)
        except (TypeError, ValueError):
            return None


def is_transient(exc: BaseException) -> bool:
    """Whether a failed write may have been carried out or may succeed if tried again."""
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return True
    if isinstance(exc, gitlab.exceptions.GitlabError):
        return exc.response_code in TRANSIENT_STATUS
    return False


def retry_write(
    write: Callable[[], T],
    find: Callable[[], T | None],
    *,
    attempts: int = 5,
    backoff: float = 0.2,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``write``; after a transient failure, look for its result with ``find`` before retrying.

    A 5xx or a dropped connection can come after GitLab committed the write, so a blind retry could
    create a second project or issue. ``find`` looks the object up by its identity (a path, a
    title, a marker); when it is there, the write happened and that object is the result.
    """
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except Exception as exc:
            if not is_transient(exc) or attempt == attempts:
                raise
            sleep(backoff * 2 ** (attempt - 1))
            found = find()
            if found is not None:
                return found
    raise AssertionError("unreachable")  # pragma: no cover
