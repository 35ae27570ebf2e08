"""Long lists read with their pages in parallel, in order, each page once; Link headers followed
when GitLab leaves the totals out (above 10,000 records)."""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.paging import list_all

URL = "https://gitlab.example.com"
ISSUES = f"{URL}/api/v4/groups/1/issues"


def page_of(request_url: str) -> int:
    return int(parse_qs(urlsplit(request_url).query).get("page", ["1"])[0])


def serve(total: int, *, totals: bool, together: threading.Barrier | None = None) -> None:
    pages = -(-total // 100)

    def answer(request):  # type: ignore[no-untyped-def]
        page = page_of(request.url)
        if together is not None and page in (2, 3):
            together.wait()  # pages 2 and 3 must be asked for at the same time
        items = [{"id": n, "iid": n} for n in range((page - 1) * 100, min(page * 100, total))]
        headers = {"X-Page": str(page), "X-Per-Page": "100"}
        if totals:
            headers |= {"X-Total": str(total), "X-Total-Pages": str(pages)}
        if page < pages:
            headers["Link"] = f'<{ISSUES}?page={page + 1}&per_page=100&state=all>; rel="next"'
        return 200, headers, json.dumps(items)

    responses.add_callback(responses.GET, re.compile(re.escape(ISSUES) + r".*"), callback=answer)


def group(conn: Connection):  # type: ignore[no-untyped-def]
    return conn.reads.groups.get(1, lazy=True)


def ids_of(items: object, raw: bool) -> list[int]:
    """python-gitlab objects, or with ``raw`` GitLab's JSON objects as they came."""
    return [item["id"] if raw else item.id for item in items]  # type: ignore[attr-defined]


RAW = pytest.mark.parametrize("raw", [False, True], ids=["objects", "raw"])


@RAW
@responses.activate
def test_pages_come_in_parallel_in_order_each_once(raw: bool) -> None:
    serve(950, totals=True, together=threading.Barrier(2, timeout=10))
    conn = Connection(URL, "token")
    ids = ids_of(list_all(group(conn).issues, 4, raw=raw, state="all"), raw)
    assert ids == list(range(950))
    assert sorted(page_of(c.request.url) for c in responses.calls) == list(range(1, 11))
    assert all("state=all" in c.request.url and "per_page=100" in c.request.url
               for c in responses.calls)


@RAW
@responses.activate
def test_without_totals_the_pages_are_asked_for_ahead_up_to_the_first_short_one(
        raw: bool) -> None:
    serve(250, totals=False, together=threading.Barrier(2, timeout=10))
    conn = Connection(URL, "token")
    ids = ids_of(list_all(group(conn).issues, 4, raw=raw, state="all"), raw)
    assert ids == list(range(250))
    asked = sorted(page_of(c.request.url) for c in responses.calls)
    assert asked[:3] == [1, 2, 3] and len(set(asked)) == len(asked)
    assert len(asked) <= 3 + 3  # at most workers - 1 past the end, each empty


@RAW
@responses.activate
def test_without_totals_one_worker_follows_the_link_headers(raw: bool) -> None:
    serve(250, totals=False)
    conn = Connection(URL, "token")
    assert ids_of(list_all(group(conn).issues, 1, raw=raw, state="all"), raw) == list(range(250))
    assert [page_of(c.request.url) for c in responses.calls] == [1, 2, 3]


@responses.activate
def test_one_page_or_one_worker_is_one_page_after_another() -> None:
    serve(250, totals=True)
    conn = Connection(URL, "token")
    assert len(list(list_all(group(conn).issues, 1, state="all"))) == 250
    assert [page_of(c.request.url) for c in responses.calls] == [1, 2, 3]
