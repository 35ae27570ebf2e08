"""Read a long GitLab list with its pages in parallel, still handing items on in order.

The first page says how many pages there are (``X-Total-Pages``); the others are then fetched a few
at a time by a small pool while the caller works through what has arrived. GitLab leaves the totals
out above 10,000 records (doc/api/rest/_index.md, "Pagination response headers"), and then the
pages are asked for ahead all the same, up to the first one that is not full. At most ``workers``
pages are in flight or waiting, so memory stays bounded however long the list is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import count, islice
from typing import Any

PER_PAGE = 100


def list_all(manager: Any, workers: int, *, raw: bool = False, **params: Any) -> Iterator[Any]:
    """Every object ``manager.list(**params)`` would give, pages read in parallel; with ``raw``,
    each as the JSON object GitLab sent (for long lists read field by field: making 100,000
    python-gitlab objects costs seconds)."""
    listing = _raw_list(manager) if raw else manager.list
    first = listing(iterator=True, per_page=PER_PAGE, **params)
    pages, total = first.total_pages, first.total
    per_page = first.per_page or PER_PAGE
    if workers <= 1 or (total is not None and (not pages or pages <= 1)):
        yield from first  # one page after another, following Link headers
        return
    head = list(islice(first, per_page if total is None else min(per_page, total)))
    yield from head  # page 1
    if total is None and len(head) < per_page:
        return  # one page in all

    def fetch(page: int) -> list[Any]:
        return list(listing(page=page, per_page=PER_PAGE, get_all=False, **params))

    # Uncounted (above 10,000 records) the pages are asked for ahead all the same, ``workers`` at
    # a time, up to the first page that is not full: at most ``workers - 1`` pages past the end
    # come back empty, where following Link headers would read 100 pages a second at best.
    known = total is not None and pages is not None
    numbers = iter(range(2, pages + 1)) if known else count(2)
    with ThreadPoolExecutor(max_workers=min(workers, pages - 1) if known else workers) as pool:
        waiting: deque[Future[list[Any]]] = deque()
        for number in islice(numbers, workers):
            waiting.append(pool.submit(fetch, number))
        while waiting:
            page = waiting.popleft().result()
            if not known and len(page) < per_page:
                for ahead in waiting:
                    ahead.cancel()
                yield from page  # the last page: those asked for past it are empty
                return
            following = next(numbers, None)
            if following is not None:
                waiting.append(pool.submit(fetch, following))
            yield from page


def _raw_list(manager: Any) -> Any:
    """``manager.list`` without making objects: GitLab's JSON objects, the same pages."""
    def listing(*, iterator: bool = False, **params: Any) -> Any:
        paging = {key: params.pop(key) for key in ("page", "per_page", "get_all") if key in params}
        return manager.gitlab.http_list(manager.path, params, iterator=iterator, **paging)
    return listing
