"""Requests, responses, routes and paging as GitLab's REST API shapes them.

GitLab answers errors as ``{"message": ...}`` (``{"error": ...}`` for a missing parameter) and pages
lists with ``page``/``per_page`` (at most 100), absolute ``Link`` URLs and ``X-*`` headers;
python-gitlab follows only the ``Link`` header, so those URLs must be absolute.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

COUNT_LIMIT = 10_000


class ApiError(Exception):
    """An error answer: status and a JSON body as GitLab would send it."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


def not_found(what: str) -> ApiError:
    return ApiError(404, {"message": f"404 {what} Not Found"})


def record_not_found() -> ApiError:
    """A record looked up with ``find``/``find_by!`` (an issue by iid, a milestone by id):
    ``rescue_from ActiveRecord::RecordNotFound`` in lib/api/api.rb, lower-case "found"."""
    return ApiError(404, {"message": "404 Not found"})


def forbidden() -> ApiError:
    return ApiError(403, {"message": "403 Forbidden"})


def missing(name: str) -> ApiError:
    return ApiError(400, {"error": f"{name} is missing"})


def invalid_value(name: str) -> ApiError:
    """Grape's ``values:`` check."""
    return ApiError(400, {"error": f"{name} does not have a valid value"})


def at_least_one(names: Sequence[str]) -> ApiError:
    """Grape's ``at_least_one_of``, naming the parameters in the endpoint's order."""
    return ApiError(400, {"error": f"{', '.join(names)} are missing, at least one parameter "
                                   "must be provided"})


def invalid(field_name: str, message: str) -> ApiError:
    """A model validation error on one attribute (``render_validation_error!``)."""
    return ApiError(400, {"message": {field_name: [message]}})


def unsupported(message: str) -> ApiError:
    """What the sandbox does not implement is refused loudly, never silently ignored."""
    return ApiError(400, {"message": f"400 Bad request - {message}"})


@dataclass
class Request:
    method: str
    path: str  # below /api/v4, still URL-encoded
    query: list[tuple[str, str]]
    body: dict[str, Any]
    base_url: str
    user: Any = None
    params: dict[str, str] = field(default_factory=dict)  # from the route

    def arg(self, name: str, default: Any = None) -> Any:
        """A parameter from the JSON body or the query string (GitLab accepts both)."""
        if name in self.body:
            return self.body[name]
        for key, value in self.query:
            if key == name:
                return value
        return default

    def args(self, name: str) -> list[str]:
        """An array parameter: ``name[]=a&name[]=b`` in a query, or a JSON list."""
        if isinstance(self.body.get(name), list):
            return [str(v) for v in self.body[name]]
        return [v for k, v in self.query if k in (name, f"{name}[]")]

    def required(self, name: str) -> Any:
        value = self.arg(name)
        if value is None or value == "":
            raise missing(name)
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.arg(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1", "yes")


@dataclass
class Response:
    status: int
    body: Any  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering (a lost response)


Handler = Callable[[Request], Response]


class Router:
    """Routes like ``GET /projects/:id/issues/:iid``; ``:id`` also matches an encoded path."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], str, Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        """Register a route; a second handler for the same route would be dead code, so it fails."""
        if any(m == method and p == pattern for m, _, p, _ in self._routes):
            raise ValueError(f"{method} {pattern} is registered twice")
        regex = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), pattern, handler))

    def route(self, method: str, path: str) -> tuple[Handler, dict[str, str], str] | None:
        for route_method, regex, pattern, handler in self._routes:
            if route_method != method:
                continue
            match = regex.match(path)
            if match:
                return handler, {k: unquote(v) for k, v in match.groupdict().items()}, pattern
        return None


def json_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        data = json.loads(raw)
        return data if isinstance(data, dict) else {}
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


def _whole(request: Request, name: str, default: int) -> int:
    """A paging parameter; Grape's ``type: Integer`` refuses anything else."""
    try:
        return int(request.arg(name, default))
    except (TypeError, ValueError):
        raise ApiError(400, {"error": f"{name} is invalid"}) from None


class ListCache:
    """The whole list behind a paged read, kept from its first page for the pages after it.

    GitLab pages a list through a database index: page 900 costs about what page 1 does. The
    sandbox filters and sorts every object for every page, so reading 1,000 pages of 100,000
    issues took it time that grew with the square of the list (issue 18's 10,000-pair sweep).
    A read's first page computes the list and keeps it; a later page of the same query, by the
    same user, takes it while nothing was written since (every API write calls ``written``).
    Answers are unchanged: the list as it was at the read's first page, as long as it is so.
    """

    def __init__(self) -> None:
        self.generation = 0
        self.kept: dict[tuple[Any, ...], tuple[int, list[Any]]] = {}

    def written(self) -> None:
        self.generation += 1
        self.kept.clear()

    def items(self, request: Request, compute: Callable[[], list[Any]]) -> list[Any]:
        key = (getattr(request.user, "id", None), request.path,
               tuple(sorted((k, v) for k, v in request.query if k not in ("page", "per_page"))),
               repr(sorted(request.body.items())))
        hit = self.kept.get(key)
        if _whole(request, "page", 1) > 1 and hit is not None and hit[0] == self.generation:
            return hit[1]
        items = compute()
        if len(self.kept) > 64:
            self.kept.clear()
        self.kept[key] = (self.generation, items)
        return items


def paged(request: Request, items: list[Any], render: Callable[[Any], Any]) -> Response:
    """One page of ``items`` with GitLab's paging headers and absolute ``Link`` URLs.

    Above COUNT_LIMIT records GitLab does not count them: no ``X-Total``, ``X-Total-Pages`` or
    ``rel="last"`` (lib/gitlab/pagination/offset_pagination.rb ``data_without_counts?``;
    doc/user/gitlab_com, "Pagination response headers").
    """
    page = max(1, _whole(request, "page", 1))
    per_page = min(100, max(1, _whole(request, "per_page", 20)))
    total = len(items)
    pages = max(1, -(-total // per_page))
    chunk = items[(page - 1) * per_page: page * per_page]
    headers = {"X-Page": str(page), "X-Per-Page": str(per_page),
               "X-Next-Page": str(page + 1) if page < pages else "",
               "X-Prev-Page": str(page - 1) if page > 1 else ""}
    counted = total <= COUNT_LIMIT
    if counted:
        headers.update({"X-Total": str(total), "X-Total-Pages": str(pages)})
    query = [(k, v) for k, v in request.query if k not in ("page", "per_page")]

    def link(number: int, rel: str) -> str:
        params = urlencode([*query, ("page", str(number)), ("per_page", str(per_page))])
        return f'<{request.base_url}/api/v4{request.path}?{params}>; rel="{rel}"'

    links = []
    if page > 1:
        links.append(link(page - 1, "prev"))
    if page < pages:
        links.append(link(page + 1, "next"))
    links.append(link(1, "first"))
    if counted:
        links.append(link(pages, "last"))
    headers["Link"] = ", ".join(links)
    return Response(200, [render(item) for item in chunk], headers)
