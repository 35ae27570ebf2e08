"""The bot on a GitLab that enforces its own rules (the sandbox: Premium, GitLab.com's limits):
a coordinator who inherits Maintainer and also mentors, usernames ending in '_', one request for
a pair's two members, and the nudge and certificate labels surviving scoped-label exclusivity."""

from __future__ import annotations

from datetime import date

import pytest
from program_samples import small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.runs.sweeping import run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import DEVELOPER, MAINTAINER

pytestmark = pytest.mark.integration

PROGRAM = """\
version: 1
program:
  slug: sre
  name: SRE Mentoring
  group: acme/sre
  coordinators: [rosa]
rounds:
  - {slug: spring-2026, name: Spring 2026 (SRE), starts: 2026-01-05, ends: 2026-03-29,
     cadence: monthly}
mentors:
  - {username: rosa, name: Rosa Coordinator}
  - {username: bob_, name: Bob}
mentees:
  - {username: jane_, name: Jane}
  - {username: _carl, name: Carl}
pairs:
  - {mentor: rosa, mentee: jane_, round: spring-2026}
  - {mentor: bob_, mentee: _carl, round: spring-2026}
"""


def test_a_coordinator_who_mentors_and_trailing_underscores_provision_cleanly() -> None:
    program = small_program(PROGRAM)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        group = sandbox.store.by_path("acme/sre")
        group.members[sandbox.store.user_named("rosa").id] = MAINTAINER
        today = date(2026, 1, 5)
        conn = Connection(sandbox.url, sandbox.token)
        result = run_sweep(program, today, conn)
        assert result.failed() == ()
        jane = sandbox.store.by_path("acme/sre/spring-2026/jane-rosa")
        levels = {sandbox.store.users[i].username: lvl for i, lvl in jane.members.items()}
        # Rosa reaches the project as Maintainer through the group: not added below that.
        assert levels == {"jane_": DEVELOPER}
        carl = sandbox.store.by_path("acme/sre/spring-2026/carl-bob")
        assert {sandbox.store.users[i].username for i in carl.members} == {"_carl", "bob_"}
        # Both of Carl's pair were added in one request; Jane's pair needed one person.
        member_posts = sandbox.stats()["requests_by_endpoint"].get(
            "POST /api/v4/projects/:id/members", 0)
        assert member_posts == 2

        sandbox.reset_stats()
        again = run_sweep(program, today, Connection(sandbox.url, sandbox.token))
        assert again.failed() == () and again.written() == {}
        assert sandbox.stats()["writes"] == 0


def test_an_archived_pair_is_left_alone_by_the_night() -> None:
    """GitLab refuses writes in an archived project: the sweep neither updates its Progress issue
    nor nudges it, and says why, instead of failing every night."""
    program = small_program(PROGRAM)
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        assert run_sweep(program, date(2026, 1, 5),
                         Connection(sandbox.url, sandbox.token)).failed() == ()
        archived = sandbox.store.by_path("acme/sre/spring-2026/carl-bob")
        archived.archived = True
        sandbox.reset_stats()
        # A month on: kickoffs are overdue, so both pairs would be nudged and updated.
        result = run_sweep(program, date(2026, 2, 10), Connection(sandbox.url, sandbox.token))
        assert result.failed() == ()
        touched = {o.action.pair for o in result.outcomes if o.action.writes}
        assert "jane-rosa" in touched and "carl-bob" not in touched
        assert any(a.kind == "archived_project" and a.pair == "carl-bob"
                   for a in result.provision.actions)
