"""The coordinators' board through python-gitlab on the sandbox, on Premium and on Free: made
once, every pair in it by status, a person's lists kept, and a second apply writing nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import gitlab
import pytest
from click.testing import CliRunner
from program_samples import SMALL, small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.execute import ApplyResult, Executor
from mentorship_bot.adapter.observe import observe
from mentorship_bot.cli import main
from mentorship_bot.provision.board import BOARD_NAME, board_labels
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.api_boards import open_boards_page
from mentorship_bot.sandbox.store import Group

pytestmark = pytest.mark.integration
TODAY = date(2026, 2, 1)


def apply(sandbox: Sandbox) -> tuple[Plan, ApplyResult]:
    desired = desired_state(small_program(), TODAY, TemplateSet())
    conn = Connection(sandbox.url, sandbox.token)
    observed = observe(conn, desired)
    plan = diff(desired, observed)
    return plan, Executor(conn, observed).run(plan)


def group_of(sandbox: Sandbox) -> Group:
    found = sandbox.store.by_path("acme/mentoring")
    assert isinstance(found, Group)
    return found


def board_lists(sandbox: Sandbox, name: str) -> list[str]:
    """The label lists of the group's board ``name``, left to right, as GitLab serves them."""
    gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    group = gl.groups.get("acme/mentoring")
    board = next(b for b in group.boards.list(get_all=True) if b.name == name)
    return [item.label["name"] for item in board.lists.list(get_all=True)]


def test_premium_apply_makes_the_board_and_every_pair_is_in_one_list() -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        _, result = apply(sandbox)
        assert result.failed() == ()
        assert board_lists(sandbox, BOARD_NAME) == list(board_labels())
        # Each Progress issue carries one status label, so it sits in exactly one list.
        progress = [i for p in sandbox.store.projects.values() for i in p.issues.values()
                    if "kind::progress" in i.labels]
        assert len(progress) == 3
        assert all(len(set(i.labels) & set(board_labels())) == 1 for i in progress)
        sandbox.reset_stats()
        again, _ = apply(sandbox)
        assert again.writes() == ()
        stats = sandbox.stats()
        assert stats["writes"] == 0
        # The no-op re-run: 7 reads before the board, one more for the boards with their lists.
        assert stats["requests_by_method"] == {"GET": 8, "POST": 1}  # POST: the members query
        assert stats["requests_by_endpoint"]["GET /api/v4/groups/:id/boards"] == 1


def test_a_persons_list_stays_and_a_removed_status_list_comes_back_at_the_end() -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        apply(sandbox)
        board = next(b for b in sandbox.store.boards.values() if b.name == BOARD_NAME)
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
        group = gl.groups.get("acme/mentoring")
        kind = next(lb for lb in group.labels.list(get_all=True) if lb.name == "kind::milestone")
        group.boards.get(board.id, lazy=True).lists.create({"label_id": kind.id})
        with sandbox.store.lock:  # a person removed one of the bot's lists
            board.lists = [item for item in board.lists
                           if sandbox.store.labels[item.label_id].name != "status::at-risk"]
        plan, result = apply(sandbox)
        assert [a.kind for a in plan.writes()] == ["create_board_list"]
        assert result.failed() == ()
        assert board_lists(sandbox, BOARD_NAME) == [
            *[lb for lb in board_labels() if lb != "status::at-risk"], "kind::milestone",
            "status::at-risk"]


def test_free_without_a_board_says_how_to_make_one_and_then_fills_it() -> None:
    with Sandbox(tier="free") as sandbox:
        sandbox.seed_program(small_program())
        _, result = apply(sandbox)
        # Not a failure (a first apply on Free exits 0): a notice saying what a person does.
        assert result.failed() == ()
        noticed = {n["kind"]: n["reason"] for n in result.noticed()}
        assert set(noticed) == {"create_board", "create_board_list"}
        assert "Issues > Boards page" in noticed["create_board"]
        assert sum(1 for p in sandbox.store.projects.values() for i in p.issues.values()
                   if "kind::progress" in i.labels) == 3  # the pairs are not held up
        open_boards_page(sandbox.store, group_of(sandbox))  # a person opens the page
        _, result = apply(sandbox)
        assert result.failed() == ()
        assert board_lists(sandbox, "Development") == list(board_labels())
        sandbox.reset_stats()
        again, _ = apply(sandbox)
        assert again.writes() == () and sandbox.stats()["writes"] == 0


def test_free_with_the_groups_one_board_reuses_it_and_keeps_its_lists() -> None:
    with Sandbox(tier="free") as sandbox:
        sandbox.seed_program(small_program())
        board = open_boards_page(sandbox.store, group_of(sandbox))
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
        group = gl.groups.get("acme/mentoring")
        doing = group.labels.create({"name": "doing", "color": "#428bca"})
        group.boards.get(board.id, lazy=True).lists.create({"label_id": doing.id})
        plan, result = apply(sandbox)
        assert result.failed() == ()
        assert [a.kind for a in plan.writes()].count("create_board") == 1  # refused, then reused
        assert len(sandbox.store.boards) == 1
        assert board_lists(sandbox, "Development") == ["doing", *board_labels()]
        sandbox.reset_stats()
        again, _ = apply(sandbox)
        assert again.writes() == () and sandbox.stats()["writes"] == 0


def test_a_list_another_run_added_meanwhile_counts_as_done() -> None:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        apply(sandbox)
        board = next(b for b in sandbox.store.boards.values() if b.name == BOARD_NAME)
        stalled = next(item for item in board.lists
                       if sandbox.store.labels[item.label_id].name == "status::stalled")
        with sandbox.store.lock:
            board.lists.remove(stalled)
        desired = desired_state(small_program(), TODAY, TemplateSet())
        conn = Connection(sandbox.url, sandbox.token)
        observed = observe(conn, desired)
        plan = diff(desired, observed)
        assert [a.kind for a in plan.writes()] == ["create_board_list"]
        with sandbox.store.lock:  # a second run got there first
            board.lists.append(stalled)
        result = Executor(conn, observed).run(plan)
        assert result.failed() == ()  # GitLab's 400 "already taken", then found: done
        assert board_lists(sandbox, BOARD_NAME).count("status::stalled") == 1


def test_a_first_apply_on_free_exits_0_with_a_notice_and_nights_check_no_users(
        tmp_path: Path) -> None:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    with Sandbox(tier="free") as sandbox:
        sandbox.seed_program(small_program())
        env = {"GITLAB_URL": sandbox.url, "GITLAB_TOKEN": sandbox.token}
        applied = CliRunner().invoke(main, ["apply", str(path), "--today", "2026-02-01"], env=env)
        assert applied.exit_code == 0, applied.output
        assert "notice:" in applied.output and "Issues > Boards page" in applied.output
        assert "0 failed" in applied.output
        sandbox.reset_stats()
        night = CliRunner().invoke(main, ["sweep", str(path), "--today", "2026-02-01"], env=env)
        assert night.exit_code == 0, night.output
        assert "Issues > Boards page" in night.output
        # Only the board is pending: no username is looked up one by one each night.
        assert not any("/users" in e for e in sandbox.stats()["requests_by_endpoint"])
