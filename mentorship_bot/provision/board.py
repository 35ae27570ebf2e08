"""The coordinators' board: an issue board on the program group with one list per status label.

Every Progress issue carries exactly one ``status::`` label, so the board shows each pair once,
in the list of its status, across every round (a group board shows the issues of the group's
projects and subgroups). A pure function of the desired and the observed state.

GitLab's rules (doc/api/group_boards.md; ee/lib/ee/api/boards_responses.rb): on Premium and
Ultimate a group has as many boards as it likes and the API creates them by name; on Free a group
has one board, which only a person opening the group's boards page creates, and the API refuses
to create any (403). So the board is found by what identifies it:

1. a board named ``BOARD_NAME``: ours;
2. else, when the group has exactly one board and it already has a status list: ours too (on
   Free the bot reused the group's one board in an earlier run);
3. else a board is created, and if GitLab refuses (Free) while the group has exactly one board,
   that one is used (``fallback`` of the action; the executor decides, as only GitLab knows the
   tier).

Lists a person added stay, and so does their order: the bot only adds the status lists that are
missing, in status order, after the others. Nothing is ever deleted or moved.
"""

from __future__ import annotations

from collections.abc import Iterable

from mentorship_bot.provision.desired_state import STATUSES, DesiredState, status_label
from mentorship_bot.provision.observed_state import ObservedBoard, ObservedState
from mentorship_bot.provision.plan import Action, attrs

BOARD_NAME = "Mentorship: status"

# The writes that make the board; a run with only these needs no username check.
BOARD_KINDS = ("create_board", "create_board_list")


def board_labels() -> tuple[str, ...]:
    """The board's lists, left to right: one per status label, in the statuses' order."""
    return tuple(status_label(status) for status in STATUSES)


def find_board(boards: Iterable[ObservedBoard]) -> ObservedBoard | None:
    """The program's board among the group's (rules 1 and 2 above), or None."""
    boards = sorted(boards, key=lambda b: b.id)
    named = [b for b in boards if b.name == BOARD_NAME]
    if named:
        return named[0]
    wanted = set(board_labels())
    if len(boards) == 1 and any(item.label in wanted for item in boards[0].lists):
        return boards[0]
    return None


def board_actions(desired: DesiredState, observed: ObservedState) -> list[Action]:
    """The board and list writes that give the program group its status board."""
    if observed.boards is None:
        return []  # not read: leave boards alone
    group = desired.program_group
    board = find_board(observed.boards)
    actions = []
    if board is None:
        only = observed.boards[0].id if len(observed.boards) == 1 else None
        actions.append(Action(
            "create_board", f"{group}:{BOARD_NAME}",
            attrs(group=group, name=BOARD_NAME, fallback=only),
            reason="one list per status label shows every pair by status"))
        have: set[str] = set()
        name = BOARD_NAME
    else:
        have = {item.label for item in board.lists}
        name = board.name
    for position, label in enumerate(board_labels()):
        if label not in have:
            # The position in the target keeps the plan (sorted by target) in status order.
            actions.append(Action(
                "create_board_list", f"{group}:{name}:{position + 1:02d}:{label}",
                attrs(group=group, board=name, board_id=board.id if board else None,
                      label=label)))
    return actions
