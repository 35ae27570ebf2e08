"""The coordinators' board as a pure diff (provision/board.py) and in the plan's three outputs."""

from __future__ import annotations

import json
from datetime import date

from program_samples import small_program

from mentorship_bot.provision.board import BOARD_NAME, board_actions, board_labels, find_board
from mentorship_bot.provision.desired_state import STATUSES, desired_state
from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.observed_state import (
    ObservedBoard,
    ObservedBoardList,
    ObservedState,
)
from mentorship_bot.provision.plan_writers import format_json, format_markdown, format_text
from mentorship_bot.render.templates import TemplateSet

TODAY = date(2026, 2, 1)
DESIRED = desired_state(small_program(), TODAY, TemplateSet())


def lists(*labels: str) -> tuple[ObservedBoardList, ...]:
    return tuple(ObservedBoardList(100 + n, label, n) for n, label in enumerate(labels))


def planned(*boards: ObservedBoard) -> list[tuple[str, str]]:
    return [(a.kind, a.attribute("label") or a.attribute("name"))
            for a in board_actions(DESIRED, ObservedState(boards=boards))]


def test_the_board_has_one_list_per_status_in_status_order() -> None:
    assert board_labels() == tuple(f"status::{s}" for s in STATUSES)


def test_an_empty_group_gets_the_board_then_its_lists_in_order() -> None:
    assert planned() == [("create_board", BOARD_NAME)] + [
        ("create_board_list", label) for label in board_labels()]
    plan = diff(DESIRED, ObservedState.empty())
    kinds = [a.kind for a in plan.actions if a.kind.startswith("create_board")]
    assert kinds == ["create_board"] + ["create_board_list"] * len(STATUSES)
    in_plan = [a.attribute("label") for a in plan.actions if a.kind == "create_board_list"]
    assert in_plan == list(board_labels())  # the plan's order is the board's order


def test_boards_not_read_are_left_alone() -> None:
    assert board_actions(DESIRED, ObservedState()) == []


def test_only_missing_lists_are_added_and_a_persons_lists_stay() -> None:
    ours = ObservedBoard(7, BOARD_NAME, lists("kind::milestone", "status::on-track"))
    actions = board_actions(DESIRED, ObservedState(boards=(ours,)))
    assert [a.attribute("label") for a in actions] == [
        label for label in board_labels() if label != "status::on-track"]
    assert {a.attribute("board_id") for a in actions} == {7}
    complete = ObservedBoard(7, BOARD_NAME, lists("kind::milestone", *board_labels()))
    assert board_actions(DESIRED, ObservedState(boards=(complete,))) == []


def test_the_named_board_wins_over_others() -> None:
    other = ObservedBoard(3, "Development", lists("status::on-track"))
    ours = ObservedBoard(9, BOARD_NAME, lists(*board_labels()))
    assert find_board([other, ours]) == ours
    assert planned(other, ours) == []


def test_a_groups_only_board_with_a_status_list_is_ours_the_free_tier_reuse() -> None:
    reused = ObservedBoard(3, "Development", lists("status::not-started"))
    assert find_board([reused]) == reused
    assert [label for _, label in planned(reused)] == list(board_labels()[1:])


def test_a_board_is_created_with_the_groups_only_board_as_fallback() -> None:
    only = ObservedBoard(3, "Development", lists("doing"))
    actions = board_actions(DESIRED, ObservedState(boards=(only,)))
    assert actions[0].kind == "create_board" and actions[0].attribute("fallback") == 3
    two = (only, ObservedBoard(4, "Team", ()))
    assert board_actions(DESIRED, ObservedState(boards=two))[0].attribute("fallback") is None


def test_plan_outputs_show_the_board_and_its_lists() -> None:
    program = small_program()
    plan = diff(DESIRED, ObservedState.empty())
    text = format_text(plan, program, TODAY, verbose=True)
    assert f"+ board {BOARD_NAME} on acme/mentoring" in text
    assert f"+ board list status::stalled on {BOARD_NAME}" in text
    assert f"1 board, {len(STATUSES)} board lists" in text
    data = json.loads(format_json(plan, program, TODAY))
    assert data["summary"]["by_kind"]["create_board_list"] == len(STATUSES)
    assert "+ board list status::on-track" in format_markdown(plan, program, TODAY)
