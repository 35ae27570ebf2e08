"""A paged read's list is computed once, at its first page, for the pages after it (issue 18):
the answers are those of a list recomputed for every page."""

from __future__ import annotations

import gitlab
from program_samples import small_program

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.http import ListCache, Request


def request(page: int, **query: str) -> Request:
    pairs = [("page", str(page)), *query.items()]
    return Request("GET", "/groups/1/issues", pairs, {}, "http://sandbox")


def test_later_pages_take_the_first_pages_list_until_a_write() -> None:
    cache, made = ListCache(), []

    def compute() -> list[int]:
        made.append(1)
        return list(range(250))

    assert cache.items(request(1), compute) == list(range(250))
    cache.items(request(2), compute)
    cache.items(request(3), compute)
    assert len(made) == 1
    cache.items(request(2, state="opened"), compute)  # another query: its own list
    assert len(made) == 2
    cache.written()
    cache.items(request(2), compute)
    assert len(made) == 3
    cache.items(request(1), compute)  # a first page always computes
    assert len(made) == 4


def test_a_write_between_pages_is_seen_by_the_pages_after_it() -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token, per_page=2)
        group = gl.groups.get("acme/mentoring")
        project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id,
                                      "visibility": "private"})
        for n in range(5):
            project.issues.create({"title": f"issue {n}"})
        first = [i.title for i in group.issues.list(page=1, per_page=2, sort="asc")]
        project.issues.create({"title": "issue 5"})
        rest = [i.title for page in (2, 3) for i in group.issues.list(page=page, per_page=2,
                                                                        sort="asc")]
        assert first + rest == [f"issue {n}" for n in range(6)]
