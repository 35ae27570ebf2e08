"""Writing the coordinators' board (provision/board.py): the board, then its status lists.

A board is created by name (Premium and Ultimate). GitLab Free refuses to create one (403; a
GitLab without the EE code has no such route: 404); the group's one board is then used when it
has one, and when it has none a person must open the group's boards page once, which creates it:
a notice, not a failure (``BoardUnavailable``), so a first apply on Free still exits 0.
A list is created by its label's id; a list that is already there (400, a raced run) counts as
done.
"""

from __future__ import annotations

from typing import Any

import gitlab

from mentorship_bot.adapter.connection import Connection, retry_write
from mentorship_bot.errors import GitLabError
from mentorship_bot.provision.plan import Action


class BoardUnavailable(Exception):
    """GitLab Free, and the group has no board yet: not a failure, a step for a person."""


# Marks a board GitLab would not create, so its lists are skipped the same way.
UNAVAILABLE = -1

FREE_TIER_HELP = (
    "GitLab did not let the bot create the issue board {name!r} ({code}): on GitLab Free a "
    "group has one board, which the API cannot create. Open the group's Issues > Boards page "
    "once in GitLab (that creates it), then run apply again: the bot adds its status lists to it")


def create_board(conn: Connection, group_id: int, action: Action, boards: dict[str, int]) -> None:
    name = action.attribute("name")
    group = conn.writes.groups.get(group_id, lazy=True)

    def find() -> Any:
        listed = conn.reads.groups.get(group_id, lazy=True).boards.list(get_all=True)
        return next((b for b in listed if b.name == name), None)

    try:
        board = retry_write(lambda: group.boards.create({"name": name}), find)
    except gitlab.exceptions.GitlabCreateError as exc:
        fallback = action.attribute("fallback")
        if exc.response_code not in (403, 404):
            raise
        if fallback is None:
            boards[name] = UNAVAILABLE
            raise BoardUnavailable(FREE_TIER_HELP.format(name=name, code=exc.response_code)
                                   ) from None
        boards[name] = int(fallback)  # Free: the group's one board
        return
    boards[name] = int(board.id)


def create_board_list(conn: Connection, group_id: int, action: Action, boards: dict[str, int],
                      labels: dict[str, int]) -> None:
    board_id = action.attribute("board_id") or boards.get(action.attribute("board"))
    if board_id == UNAVAILABLE:
        raise BoardUnavailable("its board does not exist yet; the list is added once it does")
    if board_id is None:
        raise GitLabError(f"the board {action.attribute('board')!r} was not created")
    label = action.attribute("label")
    if label not in labels:
        found = conn.reads.groups.get(group_id, lazy=True).labels.list(get_all=True)
        labels.update({lb.name: lb.id for lb in found})
    if label not in labels:
        raise GitLabError(f"the label {label!r} is missing on the program group")
    board = conn.writes.groups.get(group_id, lazy=True).boards.get(board_id, lazy=True)

    def find() -> Any:
        raw = conn.reads.groups.get(group_id, lazy=True).boards.get(board_id)
        return next((item for item in raw.attributes.get("lists") or ()
                     if (item.get("label") or {}).get("name") == label), None)

    try:
        retry_write(lambda: board.lists.create({"label_id": labels[label]}), find)
    except gitlab.exceptions.GitlabCreateError as exc:
        # 400 for a list already there (a raced run) and for a label GitLab cannot use: look.
        if exc.response_code != 400 or find() is None:
            raise
