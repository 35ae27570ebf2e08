"""Faults and rate limits: seeded, shaped as GitLab's, and survivable by the bot's connection."""

from __future__ import annotations

import gitlab
import pytest
import requests

from mentorship_bot.adapter.connection import Connection, retry_write
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.faults import Fault, FaultInjector, FaultSpec
from mentorship_bot.sandbox.ratelimit import RateLimiter, RateLimitSpec


def test_fault_spec_parsing_and_errors() -> None:
    spec = FaultSpec.parse("error_before=0.1,429=0.05,drop_after=0.02,seed=7")
    assert (spec.error_before, spec.rate_limited, spec.drop_after, spec.seed) == (0.1, 0.05,
                                                                                  0.02, 7)
    assert FaultSpec.parse("none") == FaultSpec()
    with pytest.raises(ValueError, match="unknown fault setting"):
        FaultSpec.parse("eror_before=0.1")
    with pytest.raises(ValueError, match="add up to at most 1"):
        FaultSpec.parse("error_before=0.8,error_after=0.8")


def test_faults_are_repeatable_for_a_seed_and_after_faults_hit_only_writes() -> None:
    spec = FaultSpec.parse("error_before=0.2,error_after=0.2,drop_after=0.2,seed=3")
    runs = [[injector.decide(is_write=True) for _ in range(200)]
            for injector in (FaultInjector(spec), FaultInjector(spec))]
    assert runs[0] == runs[1]
    assert {Fault.ERROR_BEFORE, Fault.ERROR_AFTER, Fault.DROP_AFTER, Fault.NONE} == set(runs[0])
    reads = [FaultInjector(spec).decide(is_write=False) for _ in range(200)]
    assert Fault.ERROR_AFTER not in reads and Fault.DROP_AFTER not in reads


def test_rate_limiter_windows_headers_and_bodies() -> None:
    now = [1000.0]
    limiter = RateLimiter(RateLimitSpec.parse("api=2,notes=1,minute=10"), clock=lambda: now[0])
    assert limiter.check("u1", "api").allowed
    second = limiter.check("u1", "api")
    assert second.headers == {}  # RateLimit-* only on the 429 (lib/gitlab/rack_attack.rb)
    blocked = limiter.check("u1", "api")
    assert (blocked.status, blocked.body, blocked.headers["Retry-After"]) == (429,
                                                                               b"Retry later\n",
                                                                               "10")
    assert limiter.check("u2", "api").allowed  # per user
    assert limiter.check("u1", "notes_create").allowed
    assert b"too many times" in limiter.check("u1", "notes_create").body
    now[0] += 10
    assert limiter.check("u1", "api").allowed  # a new window


@pytest.mark.integration
def test_a_lost_create_response_does_not_duplicate_the_project() -> None:
    with Sandbox() as sandbox:
        group = sandbox.add_group("acme/mentoring")
        conn = Connection(sandbox.url, sandbox.token)
        sandbox.set_faults("drop_after=1")
        with pytest.raises(requests.ConnectionError):
            conn.writes.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
        sandbox.set_faults("none")
        assert len(sandbox.store.projects) == 1  # the write happened; the answer was lost

        sandbox.set_faults("error_after=1")

        def create() -> object:
            return conn.writes.projects.create({"name": "q", "path": "q",
                                                "namespace_id": group.id})

        def find() -> object | None:
            try:
                return conn.reads.projects.get("acme/mentoring/q")
            except gitlab.exceptions.GitlabGetError:
                return None

        found = retry_write(create, find, sleep=lambda _: None)
        assert found is not None and found.path == "q"
        assert sorted(p.path for p in sandbox.store.projects.values()) == ["p", "q"]
        assert sandbox.stats()["faults"]["error_after"] >= 1


@pytest.mark.integration
def test_429_from_the_sandbox_is_obeyed_by_python_gitlab() -> None:
    with Sandbox(rate_limit="api=3,minute=1") as sandbox:
        sandbox.add_group("acme/mentoring")
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
        for _ in range(5):  # the fourth waits for the next one-second window, then succeeds
            gl.groups.get("acme/mentoring")
        assert sandbox.stats()["rate_limited"]["api"] >= 1


@pytest.mark.integration
def test_error_before_leaves_nothing_written() -> None:
    with Sandbox(faults="error_before=1") as sandbox:
        group = sandbox.add_group("acme/mentoring")
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token, retry_transient_errors=False)
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
            gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
        assert caught.value.response_code == 500
        assert sandbox.store.projects == {}
