"""Group issue boards and their label lists (doc/api/group_boards.md).

GitLab's rules, each from the file that holds it:
- lib/api/group_boards.rb: listing boards and lists, and creating a list, are on every tier;
  reading needs ``read_issue_board`` (anyone who can see the group), writing a list needs
  ``admin_issue_board_list`` (Planner or above: Reporter or above here, store.py PLANNER).
- ee/lib/ee/api/group_boards.rb: ``POST /groups/:id/boards`` (``requires :name``) is EE code,
  ``authorize!(:admin_board)`` first; ee/lib/ee/api/boards_responses.rb ``create_board`` then
  answers ``forbidden!`` unless ``multiple_issue_boards_available?`` (Premium). On Free the API
  never creates a board, not even a group's first (GitLab makes that one when a person opens
  the group's boards page: app/services/boards/list_service.rb ``create_default_board``).
- lib/api/boards_responses.rb: ``board_parent.boards.find`` (404 "Not found"); lists are the
  board's label lists (``destroyable``), backlog and closed left out; ``requires :label_id,
  type: Integer``.
- app/services/boards/lists/base_create_service.rb: the label must be one available to the
  group (its own and its ancestors' labels), else 400 ``{"error": "Label not found"}``; a new
  list goes after the last (``max(position) + 1``, 0 for the first).
- app/models/list.rb: one list per label on a board (``validates :label_id, uniqueness``):
  400 ``{"error": "Label has already been taken"}`` (the service's first error message).
Moving, deleting and updating boards or lists are not implemented (the router's 400 says so).
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.sandbox import lookup
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, forbidden, paged
from mentorship_bot.sandbox.http import record_not_found as not_found
from mentorship_bot.sandbox.store import REPORTER, Board, BoardList, Group, Store

# The board a group gets when a person first opens its boards page (Boards::CreateService with
# no name; the UI shows it as "Development").
DEFAULT_BOARD_NAME = "Development"


def register(router: Router, store: Store) -> None:
    def list_view(item: BoardList) -> dict[str, Any]:
        label = store.labels[item.label_id]
        return {"id": item.id, "label": {"id": label.id, "name": label.name,
                                         "color": label.color,
                                         "description": label.description or None},
                "position": item.position, "max_issue_count": 0, "max_issue_weight": 0,
                "limit_metric": None}

    def board_view(board: Board, base: str) -> dict[str, Any]:
        group = store.groups[board.group_id]
        return {"id": board.id, "name": board.name, "hide_backlog_list": False,
                "hide_closed_list": False, "project": None,
                "group": {"id": group.id, "name": group.name,
                          "web_url": f"{base}/groups/{group.full_path}"},
                "milestone": None, "assignee": None, "labels": [], "weight": None,
                "lists": [list_view(item) for item in _ordered(board)]}

    def find_board(request: Request, level: int = 0) -> tuple[Group, Board]:
        group = lookup.group(store, request, level=level)
        ident = request.params["board_id"]
        board = store.boards.get(int(ident)) if ident.isdigit() else None
        if board is None or board.group_id != group.id:
            raise not_found()
        return group, board

    def list_boards(request: Request) -> Response:
        group = lookup.group(store, request)
        boards = sorted((b for b in store.boards.values() if b.group_id == group.id),
                        key=lambda b: b.id)
        return paged(request, boards, lambda b: board_view(b, request.base_url))

    def get_board(request: Request) -> Response:
        _, board = find_board(request)
        return Response(200, board_view(board, request.base_url))

    def create_board(request: Request) -> Response:
        name = str(request.required("name"))
        group = lookup.group(store, request, level=REPORTER)
        if not store.multiple_boards():
            raise forbidden()
        board = Board(store.new_id(), name, group.id)
        store.boards[board.id] = board
        return Response(201, board_view(board, request.base_url))

    def list_lists(request: Request) -> Response:
        _, board = find_board(request)
        return paged(request, _ordered(board), list_view)

    def get_list(request: Request) -> Response:
        _, board = find_board(request)
        ident = request.params["list_id"]
        found = next((item for item in board.lists if str(item.id) == ident), None)
        if found is None:
            raise not_found()
        return Response(200, list_view(found))

    def create_list(request: Request) -> Response:
        label_id = lookup.integer(request, "label_id")
        if label_id is None:
            raise ApiError(400, {"error": "label_id is missing"})
        group, board = find_board(request, REPORTER)
        available = {label.id for label in store.labels_available(group)}
        if label_id not in available:
            raise ApiError(400, {"error": "Label not found"})
        if any(item.label_id == label_id for item in board.lists):
            raise ApiError(400, {"error": "Label has already been taken"})
        position = max((item.position for item in board.lists), default=-1) + 1
        item = BoardList(store.new_id(), label_id, position)
        board.lists.append(item)
        return Response(201, list_view(item))

    router.add("GET", "/groups/:id/boards", list_boards)
    router.add("POST", "/groups/:id/boards", create_board)
    router.add("GET", "/groups/:id/boards/:board_id", get_board)
    router.add("GET", "/groups/:id/boards/:board_id/lists", list_lists)
    router.add("POST", "/groups/:id/boards/:board_id/lists", create_list)
    router.add("GET", "/groups/:id/boards/:board_id/lists/:list_id", get_list)


def _ordered(board: Board) -> list[BoardList]:
    return sorted(board.lists, key=lambda item: (item.position, item.id))


def open_boards_page(store: Store, group: Group) -> Board:
    """What a person opening the group's boards page in GitLab does: the group's first board is
    created then, on every tier (app/services/boards/list_service.rb); the first one is returned."""
    with store.lock:
        mine = sorted((b for b in store.boards.values() if b.group_id == group.id),
                      key=lambda b: b.id)
        if mine:
            return mine[0]
        board = Board(store.new_id(), DEFAULT_BOARD_NAME, group.id)
        store.boards[board.id] = board
        return board
