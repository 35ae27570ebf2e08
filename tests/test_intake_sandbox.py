"""A whole intake on the sandbox (issue 13): two requests (one a manager's nomination), three
choice issues, one mentee picking a mentor who then fills up (fresh candidates), one ignoring
the issue (a reminder, then the dashboard), the merge request opened once and updated, merged by
a coordinator, the pairs provisioned by the next sweep and the issues closed; nobody reads
another mentee's issue; hostile requests change nothing; the intake's reads are a fixed number.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import gitlab
import pytest
from intake_samples import INTAKE, INTAKE_TEXT, REPOSITORY, request_text, tick_mentor

from benchmarks.intake import generate
from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.intake.requests import TEMPLATE_PATH
from mentorship_bot.model import Program
from mentorship_bot.program.loader import validate_text
from mentorship_bot.runs.intake import read_intake, write_intake
from mentorship_bot.runs.sweeping import SweepResult, run_sweep
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import GUEST, REPORTER, Project

pytestmark = pytest.mark.integration
FILE = "config/program.yml"
DAY = date(2026, 8, 3)


def load(text: str) -> Program:
    program, problems = validate_text(text, FILE)
    assert program is not None, [p.format() for p in problems]
    return program


@pytest.fixture
def world() -> Iterator[Sandbox]:
    program = load(INTAKE_TEXT)
    with Sandbox() as sandbox:
        made = sandbox.seed_program(program, INTAKE_TEXT)
        assert f"project {INTAKE}" in made and f"project {REPOSITORY}" in made
        intake = sandbox.store.by_path(INTAKE)
        assert isinstance(intake, Project)
        for name in ("f1", "f2", "f3"):
            sandbox.add_user(name)
        with sandbox.store.lock:
            for name, level in (("f1", GUEST), ("f3", GUEST), ("rosa", REPORTER)):
                user = sandbox.store.user_named(name)
                assert user is not None
                intake.members[user.id] = level
        yield sandbox


def at(sandbox: Sandbox, day: date, hour: int = 23) -> None:
    sandbox.set_clock(datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc))


def connection(sandbox: Sandbox) -> Connection:
    return Connection(sandbox.url, sandbox.token, limits=Limits(None, None))


def sweep(sandbox: Sandbox, text: str, day: date) -> SweepResult:
    at(sandbox, day)
    result = run_sweep(load(text), day, connection(sandbox))
    assert result.failed() == (), [(o.action.kind, o.error) for o in result.failed()]
    return result


def client(sandbox: Sandbox, username: str) -> gitlab.Gitlab:
    user = sandbox.store.user_named(username)
    assert user is not None
    return gitlab.Gitlab(sandbox.url, private_token=user.token)


def own_issues(sandbox: Sandbox, username: str) -> list[Any]:
    return client(sandbox, username).projects.get(INTAKE).issues.list(get_all=True, state="all")


def choose(sandbox: Sandbox, username: str, mentor: str) -> None:
    [issue] = [i for i in own_issues(sandbox, username) if "mentor-choice" in i.labels]
    issue.description = tick_mentor(issue.description, mentor)
    issue.save()


def repository(sandbox: Sandbox) -> Project:
    found = sandbox.store.by_path(REPOSITORY)
    assert isinstance(found, Project)
    return found


def intake_issues(sandbox: Sandbox) -> dict[str, Any]:
    found = sandbox.store.by_path(INTAKE)
    assert isinstance(found, Project)
    return {i.title: i for i in found.issues.values()}


def dashboard(sandbox: Sandbox) -> str:
    found = sandbox.store.by_path("acme/mentoring/dashboard")
    assert isinstance(found, Project)
    return "\n".join(i.description or "" for i in found.issues.values())


def notes(sandbox: Sandbox, title: str) -> list[str]:
    return [n.body for n in intake_issues(sandbox)[title].notes]


def test_a_whole_intake(world: Sandbox) -> None:
    sandbox = world
    at(sandbox, DAY, 9)
    f1 = client(sandbox, "f1").projects.get(INTAKE)
    f1.issues.create({"title": "Request a mentor", "description": request_text(
        "", ("Kubernetes",), "Go", extra="/close\n@all\nmentors: [{username: evil}]\n"
        "<!-- mentorship-bot id=intake/eng/autumn-2026/f1 hash=000000000000 -->")})
    rosa = client(sandbox, "rosa").projects.get(INTAKE)
    rosa.issues.create({"title": "Nominating f2", "confidential": True,
                        "description": request_text("@f2", ("SQL",))})
    rosa.issues.create({"title": "Nominating nobody", "confidential": True,
                        "description": request_text("ghost")})
    # f1 forges e1's choice issue (a Guest may label a new issue), with m4 ticked.
    forged = ("<!-- choice-mentor m4 -->\n- [x] m4\n\n<!-- mentorship-bot "
              "id=intake/eng/autumn-2026/e1 hash=000000000000 -->")
    f1.issues.create({"title": "Choose your mentor", "labels": "mentor-choice",
                      "confidential": True, "description": forged})

    # The first night: the template, three choice issues, the requests in one merge request.
    first = sweep(sandbox, INTAKE_TEXT, DAY)
    assert first.intake.counts() == {"commit_template": 1, "add_member": 3, "create_choice": 3,
                                     "protect_request": 1, "note_request": 3,
                                     "propose_pairs": 1}
    intake = sandbox.store.by_path(INTAKE)
    assert isinstance(intake, Project) and TEMPLATE_PATH in intake.files
    issues = intake_issues(sandbox)
    choice = issues["Choose your mentor (Autumn 2026): e1"]
    assert choice.confidential and [sandbox.store.users[a].username
                                    for a in choice.assignee_ids] == ["e1"]
    [mr] = repository(sandbox).merge_requests.values()
    proposed = repository(sandbox).branches["mentorship-bot/matches"][FILE]
    assert "{username: f1, name: f1, interests: [Kubernetes, Go], requested_on: 2026-08-03}" \
        in proposed
    assert "manager: rosa" in proposed and "ghost" not in proposed
    added = "\n".join(line for line in proposed.splitlines()
                      if line not in INTAKE_TEXT.splitlines())
    assert added.count("\n") == 1, added  # two mentees' lines, nothing else
    for hostile in ("evil", "/close", "@all", "000000000000"):
        assert hostile not in added and hostile not in (mr.description or "")
    assert any("not a GitLab user" in n for n in notes(sandbox, "Nominating nobody"))
    assert any(f"!{mr.iid}" in n for n in notes(sandbox, "Request a mentor"))
    assert "m4" not in (mr.description or "") and "e1" not in proposed.split("pairs:")[-1]
    sandbox.reset_stats()
    assert sweep(sandbox, INTAKE_TEXT, DAY).intake.counts() == {}
    assert sandbox.stats()["writes"] == 0

    # No mentee reads another's choice issue, with their own token.
    for name in ("e1", "e2", "e3"):
        seen = [i.title for i in own_issues(sandbox, name)]
        assert seen == [f"Choose your mentor (Autumn 2026): {name}"], seen
    project = client(sandbox, "e2").projects.get(INTAKE)
    with pytest.raises(gitlab.exceptions.GitlabGetError) as denied:
        project.issues.get(choice.iid)
    assert denied.value.response_code == 404

    # e1 and e2 both tick m1, who has room for one: e1 asked first; e2 gets fresh candidates.
    day2 = date(2026, 8, 4)
    at(sandbox, day2, 10)
    choose(sandbox, "e1", "m1")
    choose(sandbox, "e2", "m1")
    second = sweep(sandbox, INTAKE_TEXT, day2)
    assert second.intake.counts() == {"update_choice": 1, "propose_pairs": 1, "link_choice": 1}
    assert len(repository(sandbox).merge_requests) == 1
    fresh = intake_issues(sandbox)["Choose your mentor (Autumn 2026): e2"].description
    assert "`m1` has no room left now" in fresh and "<!-- choice-mentor m1 -->" not in fresh
    sandbox.reset_stats()
    assert sweep(sandbox, INTAKE_TEXT, day2).intake.counts() == {}
    assert sandbox.stats()["writes"] == 0

    at(sandbox, date(2026, 8, 5), 10)
    choose(sandbox, "e2", "m2")
    third = sweep(sandbox, INTAKE_TEXT, date(2026, 8, 5))
    assert third.intake.counts() == {"propose_pairs": 1, "link_choice": 1}
    [mr] = repository(sandbox).merge_requests.values()
    assert "| autumn-2026 | `e2` | `m2` | shares Kubernetes" in (mr.description or "")

    # e3 never ticks: one reminder after 7 days, the dashboard after 14.
    assert sweep(sandbox, INTAKE_TEXT, DAY + (date(2026, 1, 8) - date(2026, 1, 1))) \
        .intake.counts() == {"remind_choice": 1}
    assert sweep(sandbox, INTAKE_TEXT, date(2026, 8, 16)).intake.counts() == {}
    late = sweep(sandbox, INTAKE_TEXT, date(2026, 8, 17))
    assert late.intake.counts() == {}
    assert "`e3` (14 days)" in dashboard(sandbox)

    # A coordinator merges; the next sweep provisions the pairs and closes the choice issues.
    sandbox.merge(REPOSITORY, mr.iid)
    merged = repository(sandbox).files[FILE]
    assert "# m1 has room for one mentee only." in merged
    after = load(merged)
    assert [(p.mentor, p.mentee) for p in after.pairs] == [("m1", "e1"), ("m2", "e2")]
    day = date(2026, 8, 18)
    final = sweep(sandbox, merged, day)
    assert final.intake.counts()["close_choice"] == 2
    assert final.intake.counts()["close_request"] == 2
    assert final.intake.counts()["create_choice"] == 2  # f1 and f2 now wait
    made = [a.target for a in final.provision.writes() if a.kind == "create_project"]
    assert len(made) == 2 and all(sandbox.store.by_path(path) is not None for path in made)
    assert any("e1" in path for path in made) and any("e2" in path for path in made)
    closed = intake_issues(sandbox)["Choose your mentor (Autumn 2026): e1"]
    assert closed.state == "closed" and any("`m1`" in n for n in
                                            notes(sandbox, closed.title))
    sandbox.reset_stats()
    assert sweep(sandbox, merged, day).intake.counts() == {}
    assert sandbox.stats()["writes"] == 0


def test_the_intake_reads_a_fixed_number_of_lists(world: Sandbox) -> None:
    sandbox = world
    sweep(sandbox, INTAKE_TEXT, DAY)
    sandbox.reset_stats()
    at(sandbox, DAY)
    conn = connection(sandbox)
    conn.reads.auth()  # as the sweep has
    sandbox.reset_stats()
    read_intake(load(INTAKE_TEXT), DAY, conn)
    endpoints = sandbox.stats()["requests_by_endpoint"]
    assert endpoints == {"GET /api/v4/projects/:id": 1, "GET /api/v4/projects/:id/issues": 2,
                         "GET /api/v4/projects/:id/repository/files/:file_path": 1}, endpoints


def test_coordinator_mode_proposes_the_assignment_without_choice_issues(world: Sandbox) -> None:
    sandbox = world
    text = INTAKE_TEXT.replace("mode: mentee-choice", "mode: coordinator")
    first = sweep(sandbox, text, DAY)
    assert first.intake.counts() == {"commit_template": 1, "propose_pairs": 1}
    assert not [i for i in intake_issues(sandbox).values() if "mentor-choice" in i.labels]
    [mr] = repository(sandbox).merge_requests.values()
    proposed = load(repository(sandbox).branches["mentorship-bot/matches"][FILE])
    assert sorted((p.mentee, p.mentor) for p in proposed.pairs) == [
        ("e1", "m2"), ("e2", "m1"), ("e3", "m3")]  # m1 shares two interests with e2
    assert "the assignment that gives the most waiting mentees a mentor" in (
        mr.description or "")
    sandbox.reset_stats()
    assert sweep(sandbox, text, DAY).intake.counts() == {}
    assert sandbox.stats()["writes"] == 0


@pytest.mark.parametrize("mentees", [3, 150])
def test_the_intake_of_many_mentees_costs_the_same_lists(mentees: int) -> None:
    """The opening night and its re-run: bulk lists whose pages grow by one per hundred issues
    (the members read once, before adding the Guests; their ids a hundred per GraphQL query,
    and they are added a hundred per request), never a request per mentee but the issue each
    one gets."""
    text = generate(mentees)
    program = load(text)
    with Sandbox() as sandbox:
        sandbox.seed_program(program, text)
        conn = connection(sandbox)
        conn.reads.auth()
        at(sandbox, DAY)
        sandbox.reset_stats()
        run = write_intake(program, conn, read_intake(program, DAY, conn))
        assert run.plan.counts()["create_choice"] == mentees
        pages = -(-mentees // 100)
        stats = sandbox.stats()
        assert {k: v for k, v in stats["requests_by_endpoint"].items() if k.startswith("GET")} \
            == {"GET /api/v4/projects/:id": 1, "GET /api/v4/projects/:id/issues": 2,
                "GET /api/v4/projects/:id/members/all": 1,
                "GET /api/v4/projects/:id/repository/files/:file_path": 1}, stats
        assert stats["requests_by_endpoint"]["POST /api/v4/projects/:id/members"] == pages
        assert stats["requests_by_endpoint"]["POST /api/graphql"] == pages
        sandbox.reset_stats()
        again = write_intake(program, conn, read_intake(program, DAY, conn))
        assert again.plan.counts() == {}
        # The choice issues' pages, and one page of open requests: GitLab leaves the choice
        # issues out of that list (not[labels]), so they are not read twice.
        assert sandbox.stats()["requests_by_endpoint"] == {
            "GET /api/v4/projects/:id": 1, "GET /api/v4/projects/:id/issues": pages + 1,
            "GET /api/v4/projects/:id/repository/files/:file_path": 1}


def test_a_request_made_from_the_template_is_confidential_as_it_is_created(world: Sandbox
                                                                             ) -> None:
    sweep(world, INTAKE_TEXT, DAY)  # commits the template
    intake = world.store.by_path(INTAKE)
    assert isinstance(intake, Project)
    template = intake.files[TEMPLATE_PATH]
    filled = template.replace("- [ ] Kubernetes", "- [x] Kubernetes", 1)
    f3 = client(world, "f3").projects.get(INTAKE)
    made = f3.issues.create({"title": "Request a mentor", "description": filled})
    stored = intake.issues[made.iid]
    assert stored.confidential  # the template's /confidential ran as f3 created the issue
    assert "\n/confidential" not in (stored.description or "")
    second = sweep(world, INTAKE_TEXT, DAY.replace(day=4))
    assert "protect_request" not in second.intake.counts()  # nothing left for the bot to hide
    assert second.intake.counts().get("note_request") == 1  # and it was read as a request


def test_a_program_s_own_choice_template_is_what_the_mentee_reads_and_ticks(
        world: Sandbox, tmp_path: Path) -> None:
    """The sweep renders the program's ``choice`` override; the mentee ticks it through the API
    with their own token, and the next sweep proposes the pair."""
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "choice.md.j2").write_text(
        "Dear {{ mentee.name }}, who would you like?\n\n"
        "{% for mentor in candidates %}\n<!-- choice-mentor {{ mentor.username }} -->\n"
        "- [ ] {{ mentor.name }}\n{% endfor %}\n\n<!-- choice-none -->\n- [ ] Nobody here\n",
        encoding="utf-8")
    text = INTAKE_TEXT.replace("  dashboard_project:", "  templates: tpl\n  dashboard_project:")
    program, problems = validate_text(text, str(tmp_path / "program.yml"), base_dir=tmp_path)
    assert program is not None, [p.format() for p in problems]
    at(world, DAY)
    first = run_sweep(program, DAY, connection(world))
    assert first.intake.counts()["create_choice"] == 3
    [mine] = [i for i in own_issues(world, "e1") if "mentor-choice" in i.labels]
    assert mine.description.startswith("Dear Eve One, who would you like?\n\n"
                                       "<!-- choice-mentor m1 -->\n- [ ] Mia One\n")
    choose(world, "e1", "m1")
    at(world, DAY + timedelta(days=1))
    second = run_sweep(program, DAY + timedelta(days=1), connection(world))
    assert second.intake.counts()["link_choice"] == 1
    proposed = load(repository(world).branches["mentorship-bot/matches"][FILE])
    assert ("e1", "m1") in [(p.mentee, p.mentor) for p in proposed.pairs]
