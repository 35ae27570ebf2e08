"""The bulk read against the sandbox over real HTTP: the right objects, in few requests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import gitlab
import pytest
from program_samples import small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.observe import observe
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def test_observe_finds_what_a_pair_has_in_a_handful_of_requests() -> None:
    program = small_program()
    desired = desired_state(program, date(2026, 2, 1), TemplateSet())
    with Sandbox() as sandbox:
        sandbox.seed_program(program)
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token, per_page=100)
        root = gl.groups.get("acme/mentoring")
        spring = gl.groups.create({"name": "Spring 2026", "path": "spring-2026",
                                   "parent_id": root.id, "visibility": "private"})
        root.labels.create({"name": "kind::milestone", "color": "#428bca"})
        spring.milestones.create({"title": "Kickoff and ground rules",
                                  "due_date": "2026-01-12"})
        project = gl.projects.create({"name": "carol and alice", "path": "carol-alice",
                                      "namespace_id": spring.id, "visibility": "private"})
        wanted = next(i for i in desired.issues if i.marker_id.endswith("carol-alice/kickoff"))
        project.issues.create({"title": wanted.title, "description": wanted.description})
        project.issues.create({"title": "Our own notes", "description": "not the bot's"})

        conn = Connection(sandbox.url, sandbox.token)
        # The projects alone: observe builds no pair's issues (the diff does, once).
        walks = {"pairs": 0, "projects": 0}

        def counted(name: str, walk: Callable[[], Iterator[Any]]) -> Callable[[], Iterator[Any]]:
            def again() -> Iterator[Any]:
                walks[name] += 1
                return walk()
            return again

        assert desired.pair_projects is not None
        observed = observe(conn, replace(desired, pairs=counted("pairs", desired.pairs),
                                         pair_projects=counted("projects", desired.pair_projects)))
        assert walks == {"pairs": 0, "projects": 1}
        # group, subgroups, labels, 2 round milestone lists (one round exists), projects,
        # issues; who the two new projects inherit (the spring group's members, and the program
        # group's for the autumn round that does not exist yet); then members + 6 files for the
        # one unfinished pair.
        assert conn.request_counts() == {"GET": 7 + 2 + 1 + 7}
        assert sorted(observed.issues) == ["eng/spring-2026/carol-alice/kickoff"]
        # The bot owns the program group: it reaches the project through it, inherited.
        assert observed.projects["acme/mentoring/spring-2026/carol-alice"].members == {
            "mentorship-bot": 50}
        assert set(observed.group_members) == {"acme/mentoring", "acme/mentoring/spring-2026"}
        plan = diff(desired, observed)
        kinds = plan.counts()
        assert "create_group" in kinds and kinds["create_project"] == 2
        kickoff = [a for a in plan.actions if a.target.endswith("carol-alice/kickoff")]
        # Found by its marker, so not created again; its missing fields are filled in.
        assert [a.kind for a in kickoff] == ["update_issue"]
        assert {"add_labels", "due_date", "milestone"} <= set(dict(kickoff[0].attributes))
