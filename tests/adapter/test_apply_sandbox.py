"""apply against the sandbox through python-gitlab: exact, idempotent, safe, and resilient."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from program_samples import SMALL, small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.cli import main
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration
TODAY = date(2026, 2, 1)


@pytest.fixture
def seeded() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        yield sandbox


def plan_and_apply(sandbox: Sandbox, text: str = SMALL) -> tuple[Plan, DesiredState]:
    desired = desired_state(small_program(text), TODAY, TemplateSet())
    conn = Connection(sandbox.url, sandbox.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed)
    result = Executor(conn, observed).run(plan)
    assert result.failed() == ()
    return plan, desired


def test_a_cold_apply_creates_exactly_the_desired_objects(seeded: Sandbox) -> None:
    plan, desired = plan_and_apply(seeded)
    store = seeded.store
    # One request per write, but a pair's two members go in one request (lib/api/members.rb).
    assert seeded.stats()["writes"] == len(plan.writes()) - len(desired.projects)
    paths = {store.full_path(p): p for p in store.projects.values()}
    assert sorted(paths) == sorted(p.full_path for p in desired.projects)
    assert {p.visibility for p in paths.values()} == {"private"}
    for project in desired.projects:
        stored = paths[project.full_path]
        members = {store.users[i].username for i, level in stored.members.items() if level == 30}
        assert members == {u for u, _ in project.members}
        assert stored.files == dict(project.files)
    issues = {(store.full_path(store.projects[i.project_id]), i.title): i
              for p in store.projects.values() for i in p.issues.values()}
    assert len(issues) == len(desired.issues)
    kickoff = issues[("acme/mentoring/spring-2026/carol-alice", "Kickoff and ground rules")]
    assert kickoff.due_date == "2026-01-12" and kickoff.state == "opened"
    assert sorted(kickoff.labels) == ["kind::milestone", "milestone::kickoff"]
    assert store.milestones[kickoff.milestone_id].title == "Kickoff and ground rules"
    assert {lb.group_id for lb in store.labels.values()} == {
        store.by_path("acme/mentoring").id}  # labels once, on the program group


def test_a_second_apply_writes_nothing_and_reads_little(seeded: Sandbox) -> None:
    plan_and_apply(seeded)
    seeded.reset_stats()
    plan, _ = plan_and_apply(seeded)
    assert plan.writes() == ()
    stats = seeded.stats()
    assert stats["writes"] == 0
    # the last GET: boards; one GraphQL query (a POST that reads) verifies every pair's members
    assert stats["requests_by_method"] == {"GET": 2 + 1 + 2 + 1 + 1 + 1, "POST": 1}
    assert stats["requests_by_endpoint"]["POST /api/graphql"] == 1


def test_a_person_edit_survives_a_template_change(seeded: Sandbox) -> None:
    plan_and_apply(seeded)
    issue = next(i for p in seeded.store.projects.values() for i in p.issues.values()
                 if i.title == "Goal and purpose" and "carol" in seeded.store.full_path(
                     seeded.store.projects[i.project_id]))
    issue.description = issue.description.replace("- [ ]", "- [x]", 1)  # a ticked task
    edited = issue.description
    changed = SMALL.replace("name: Carol Diaz", "name: Carol Díaz")
    desired = desired_state(small_program(changed), TODAY, TemplateSet())
    conn = Connection(seeded.url, seeded.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed, update_templates=True)
    Executor(conn, observed).run(plan)
    assert issue.description == edited
    assert any(a.kind == "keep_edited" for a in plan.actions)


def test_faults_never_duplicate_and_a_rerun_converges() -> None:
    with Sandbox(faults="error_before=0.05,error_after=0.05,drop_after=0.05,seed=11") as sandbox:
        sandbox.seed_program(small_program())
        desired = desired_state(small_program(), TODAY, TemplateSet())
        for _ in range(3):
            conn = Connection(sandbox.url, sandbox.token)
            observed = observe(conn, desired)
            Executor(conn, observed).run(diff(desired, observed))
        injected = sum(sandbox.stats()["faults"].values())
        sandbox.set_faults("none")
        conn = Connection(sandbox.url, sandbox.token)
        assert diff(desired, observe(conn, desired)).writes() == ()
        titles = [(i.project_id, i.title) for p in sandbox.store.projects.values()
                  for i in p.issues.values()]
        assert len(titles) == len(set(titles)) == len(desired.issues)
        assert len(sandbox.store.projects) == len(desired.projects)
        assert injected > 0


def test_apply_command_with_an_unknown_user_writes_nothing(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        program = small_program()
        sandbox.add_group(program.group)
        for name in program.usernames():
            if name != "dave":
                sandbox.add_user(name)
        path = tmp_path / "program.yml"
        path.write_text(SMALL)
        result = CliRunner().invoke(main, ["apply", str(path), "--today", "2026-02-01"],
                                    env={"GITLAB_URL": sandbox.url,
                                         "GITLAB_TOKEN": sandbox.token})
        assert result.exit_code == 2
        assert f"{path}:16:16: error: mentees[1].username: 'dave' is not a GitLab user" in (
            result.stderr)
        assert sandbox.stats()["writes"] == 0
        assert sandbox.token not in result.output + result.stderr


def test_apply_command_reports_and_second_run_is_a_no_op(tmp_path: Path) -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        path = tmp_path / "program.yml"
        path.write_text(SMALL)
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        first = CliRunner().invoke(main, ["apply", str(path), "--today", "2026-02-01"], env=env)
        assert first.exit_code == 0, first.output + first.stderr
        assert "0 failed" in first.stdout
        second = CliRunner().invoke(main, ["apply", str(path), "--today", "2026-02-01",
                                           "--format", "json"], env=env)
        assert second.exit_code == 0
        assert '"writes": 0' in second.stdout
        assert sandbox.token not in first.output + second.output


def test_the_terminal_progress_counter_counts_every_write(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    from mentorship_bot.adapter.execute import Outcome
    from mentorship_bot.commands.apply_command import _Progress
    from mentorship_bot.provision.plan import Action

    shown = _Progress(2)
    for _ in range(2):
        shown.step(Outcome(Action("create_label", "x")))
    shown.finish()
    assert capsys.readouterr().err == "\rapplying: 1/2\rapplying: 2/2\n"
