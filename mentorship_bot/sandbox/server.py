"""The sandbox over real HTTP: a threaded server on 127.0.0.1 speaking GitLab's REST v4 subset.

Keep-alive HTTP/1.1 with a Content-Length on every answer, so python-gitlab's session reuses one
connection. Requests are counted by method and by route (``/-/sandbox/stats``); the admin routes
under ``/-/sandbox/`` set the clock and reset the counts, and are not counted themselves.

Before a handler runs: the token (401), the route, the rate limits (429), and the parameters the
route implements (params.py: 400 for anything else). HEAD is answered as GET without the body.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mentorship_bot.sandbox import (
    api_boards,
    api_branches,
    api_graphql,
    api_group_update,
    api_issues,
    api_merge_requests,
    api_meta,
    api_namespaces,
    api_planning,
    api_repository,
    params,
)
from mentorship_bot.sandbox.faults import Fault, FaultInjector, FaultSpec
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, json_body
from mentorship_bot.sandbox.ratelimit import RateLimiter, RateLimitSpec
from mentorship_bot.sandbox.snapshot import save_store
from mentorship_bot.sandbox.store import Store

API_PREFIX = "/api/v4"
ADMIN_PREFIX = "/-/sandbox"
GRAPHQL_PATH = "/api/graphql"


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_method: Counter[str] = Counter()
        self.by_endpoint: Counter[str] = Counter()

    def count(self, method: str, endpoint: str) -> None:
        with self.lock:
            self.by_method[method] += 1
            self.by_endpoint[f"{method} {endpoint}"] += 1

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            # A GraphQL query is a POST that reads: the sandbox serves no mutations.
            queries = self.by_endpoint.get(f"POST {GRAPHQL_PATH}", 0)
            writes = sum(n for m, n in self.by_method.items() if m not in ("GET", "HEAD"))
            writes -= queries
            return {"requests_by_method": dict(sorted(self.by_method.items())),
                    "requests_by_endpoint": dict(sorted(self.by_endpoint.items())),
                    "writes": writes, "total": sum(self.by_method.values())}

    def reset(self) -> None:
        with self.lock:
            self.by_method.clear()
            self.by_endpoint.clear()


def build_router(store: Store) -> Router:
    router = Router()
    # Each route is registered once (Router.add refuses a second handler for it).
    for module in (api_meta, api_group_update, api_namespaces, api_planning, api_issues,
                   api_repository, api_branches, api_merge_requests, api_boards):
        module.register(router, store)
    return router


class App:
    """Everything a request needs: the store, the routes, the counters, faults and limits."""

    def __init__(self, store: Store, faults: FaultSpec | None = None,
                 limits: RateLimitSpec | None = None) -> None:
        self.store = store
        self.router = build_router(store)
        self.stats = Stats()
        self.faults = FaultInjector(faults or FaultSpec())
        self.limiter = RateLimiter(limits or RateLimitSpec.parse("off"))

    def stats_snapshot(self) -> dict[str, Any]:
        """Request counts, and the faults and 429s injected since start."""
        return {**self.stats.snapshot(), "faults": dict(self.faults.injected),
                "rate_limited": dict(self.limiter.limited)}

    def _limited(self, method: str, endpoint: str, route_params: dict[str, str],
                 user_id: int) -> Response | None:
        """A 429 when the user is over one of the limits this request counts against."""
        decision = self.limiter.check_request(method, endpoint, user_id, route_params.get("id"))
        if decision.allowed:
            return None
        return Response(429, decision.body, {**decision.headers,
                                             "Content-Type": decision.content_type})

    def handle_api(self, method: str, path: str, query: list[tuple[str, str]],
                   headers: Any, raw: bytes, base_url: str) -> Response:
        token = _token(headers)
        # Grape answers HEAD on every GET route (the endpoint runs; Rack drops the body).
        found = self.router.route("GET" if method == "HEAD" else method, path)
        endpoint = found[2] if found else path
        self.stats.count(method, API_PREFIX + endpoint)
        user = self.store.users_by_token.get(token)
        if user is None:
            return Response(401, {"message": "401 Unauthorized"})
        if found is None:
            # GitLab's catch-all (lib/api/api.rb) answers 404 {"error": "404 Not Found"} for a
            # route it lacks; but a GitLab route the sandbox lacks would then read as "not
            # found". Refuse loudly instead: a 400 that says what is missing.
            return Response(400, {"error": f"{method} {path} is not implemented by the sandbox "
                                           "(GitLab answers 404 Not Found for a route it "
                                           "lacks)"})
        handler, route_params, endpoint = found
        delay = self.faults.latency_seconds()
        if delay:
            time.sleep(delay)
        limited = self._limited(method, endpoint, route_params, user.id)
        if limited is not None:
            return limited
        fault = self.faults.decide(is_write=method not in ("GET", "HEAD"))
        if fault is Fault.ERROR_BEFORE:
            return Response(500, {"message": "500 Internal Server Error"})
        if fault is Fault.RATE_LIMITED:
            return Response(429, b"Retry later\n", {
                "Retry-After": str(self.faults.spec.retry_after), "Content-Type": "text/plain"})
        try:
            body = json_body(raw, headers.get("Content-Type") or "")
        except ValueError:
            return Response(400, {"error": "the request body is not valid JSON"})
        request = Request(method, path, query, body, base_url, user, route_params)
        with self.store.lock:
            try:
                params.check(method, endpoint, query, body)
                response = handler(request)
            except ApiError as exc:
                response = Response(exc.status, exc.body)
            if method not in ("GET", "HEAD"):
                self.store.lists.written()  # a write may change any list
        if fault is Fault.ERROR_AFTER:
            return Response(502, {"message": "502 Bad Gateway"})  # the write stands
        if fault is Fault.DROP_AFTER:
            return Response(0, None, drop=True)
        return response

    def handle_graphql(self, method: str, headers: Any, raw: bytes) -> Response:
        """``/api/graphql``: counted, limited and faulted like any API read (Rack::Attack's
        authenticated API throttle covers every path under /api/)."""
        self.stats.count(method, GRAPHQL_PATH)
        if method != "POST":
            return Response(400, {"error": f"{method} {GRAPHQL_PATH} is not implemented by the "
                                           "sandbox (it serves POST)"})
        token = _token(headers)
        if not token:
            return Response(400, {"error": "the sandbox does not serve anonymous GraphQL "
                                           "queries: send a token"})
        user = self.store.users_by_token.get(token)
        if user is None:
            # GraphqlController#authorize_access_api! answers an invalid token this way.
            return Response(401, {"errors": [{"message": "Invalid token"}]})
        limited = self._limited(method, "/graphql", {}, user.id)
        if limited is not None:
            return limited
        fault = self.faults.decide(is_write=False)
        if fault is Fault.ERROR_BEFORE:
            return Response(500, {"message": "500 Internal Server Error"})
        if fault is Fault.RATE_LIMITED:
            return Response(429, b"Retry later\n", {
                "Retry-After": str(self.faults.spec.retry_after), "Content-Type": "text/plain"})
        with self.store.lock:
            response = api_graphql.run(self.store, user, raw)
        if fault is Fault.ERROR_AFTER:
            return Response(502, {"message": "502 Bad Gateway"})
        if fault is Fault.DROP_AFTER:
            return Response(0, None, drop=True)
        return response

    def handle_admin(self, method: str, path: str, raw: bytes) -> Response:
        if method == "GET" and path == "/stats":
            return Response(200, self.stats_snapshot())
        if method == "POST" and path == "/stats/reset":
            self.stats.reset()
            return Response(200, {"reset": True})
        if method == "POST" and path == "/clock":
            data = json.loads(raw or b"{}")
            if "now" in data:
                self.store.clock.set(datetime.fromisoformat(str(data["now"]).replace("Z",
                                                                                     "+00:00")))
            if "advance_days" in data:
                self.store.clock.advance(timedelta(days=float(data["advance_days"])))
            return Response(200, {"now": self.store.now().isoformat()})
        if method == "POST" and path == "/save":
            # Benchmarks keep a large set-up and measure from it again (``sandbox --state``).
            target = str(json.loads(raw or b"{}").get("path", ""))
            if not target:
                return Response(400, {"error": "path is missing: where to save the state"})
            size = save_store(self.store, target)
            return Response(200, {"saved": target, "bytes": size})
        if method == "POST" and path == "/faults":
            # Benchmarks set up fast, then measure with latency: same syntax as --faults.
            spec = str(json.loads(raw or b"{}").get("spec", ""))
            try:
                self.faults = FaultInjector(FaultSpec.parse(spec))
            except ValueError as exc:
                return Response(400, {"error": str(exc)})
            return Response(200, {"faults": spec})
        return Response(404, {"error": "404 Not Found"})


def _token(headers: Any) -> str:
    """A personal access token from PRIVATE-TOKEN or ``Authorization: Bearer``."""
    token = headers.get("PRIVATE-TOKEN") or ""
    auth = headers.get("Authorization") or ""
    if not token and auth.lower().startswith("bearer "):
        token = auth[7:]
    return str(token)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per response and no Nagle: otherwise headers and body leave in two packets and
    # the client's delayed ACK holds every keep-alive request for ~40 ms (23 requests/s).
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox runs inside tests and demos."""

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header by the sandbox's clock, which tests and benchmarks move: the bot
        reads the server's time from it, as from GitLab's."""
        return formatdate(self.server.app.store.now().timestamp(), usegmt=True)

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        app = self.server.app
        if parts.path.startswith(ADMIN_PREFIX):
            response = app.handle_admin(self.command, parts.path[len(ADMIN_PREFIX):], raw)
        elif parts.path == GRAPHQL_PATH:
            response = app.handle_graphql(self.command, self.headers, raw)
        elif parts.path.startswith(API_PREFIX + "/"):
            query = parse_qsl(parts.query, keep_blank_values=True)
            response = app.handle_api(self.command, parts.path[len(API_PREFIX):], query,
                                      self.headers, raw, self.server.base_url)
        else:
            response = Response(404, {"error": "404 Not Found"})
        if response.drop:
            self.close_connection = True  # the write happened; its answer never arrives
            return
        if isinstance(response.body, bytes):
            body = response.body
        else:
            body = json.dumps(response.body).encode("utf-8")
        self.send_response(response.status)
        headers = {"Content-Type": "application/json", **response.headers}
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":  # HEAD: GET's headers, Content-Length included, no body
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, app: App) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.app = app
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (killed, timed out) is not the server's error."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)
