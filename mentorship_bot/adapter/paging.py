"""Read a long GitLab list with its pages in parallel, still handing items on in order.

The first page says how many pages there are (``X-Total-Pages``); the others are then fetched a few
at a time by a small pool while the caller works through what has arrived. GitLab leaves the totals
out above 10,000 records (doc/api/rest/_index.md, "Pagination response headers"), and then the
pages are followed one after another through their ``Link`` headers. At most ``workers`` pages are
in flight or waiting, so memory stays bounded however long the list is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any

PER_PAGE = 100


def list_all(manager: Any, workers: int, **params: Any) -> Iterator[Any]:
    """Every object ``manager.list(**params)`` would give, pages read in parallel when known."""
    first = manager.list(iterator=True, per_page=PER_PAGE, **params)
    pages, total = first.total_pages, first.total
    if not pages or pages <= 1 or total is None or workers <= 1:
        yield from first  # one page after another, following Link headers
        return
    yield from islice(first, min(first.per_page or PER_PAGE, total))  # page 1 only

    def fetch(page: int) -> list[Any]:
        return list(manager.list(page=page, per_page=PER_PAGE, get_all=False, **params))

    with ThreadPoolExecutor(max_workers=min(workers, pages - 1)) as pool:
        waiting: deque[Future[list[Any]]] = deque()
        numbers = iter(range(2, pages + 1))
        for number in islice(numbers, workers):
            waiting.append(pool.submit(fetch, number))
        while waiting:
            page = waiting.popleft().result()
            following = next(numbers, None)
            if following is not None:
                waiting.append(pool.submit(fetch, following))
            yield from page
