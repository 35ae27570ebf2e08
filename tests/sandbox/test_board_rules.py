"""Group issue boards and their lists as GitLab serves them (sandbox/api_boards.py), through
python-gitlab: Premium creates boards, Free refuses the create, lists need a group label."""

from __future__ import annotations

from collections.abc import Iterator

import gitlab
import pytest

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.api_boards import open_boards_page
from mentorship_bot.sandbox.store import Group

pytestmark = pytest.mark.integration


@pytest.fixture(params=["premium", "free"])
def tiered(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(tier=request.param) as running:
        running.add_group("acme/mentoring")
        yield running


def client(sandbox: Sandbox) -> gitlab.Gitlab:
    return gitlab.Gitlab(sandbox.url, private_token=sandbox.token, per_page=100)


def test_premium_creates_boards_by_name_and_names_need_not_be_unique() -> None:
    with Sandbox() as sandbox:
        sandbox.add_group("acme/mentoring")
        group = client(sandbox).groups.get("acme/mentoring")
        first = group.boards.create({"name": "Mentorship: status"})
        second = group.boards.create({"name": "Mentorship: status"})
        assert first.id != second.id and first.attributes["lists"] == []
        assert first.group["id"] == group.id
        assert [b.name for b in group.boards.list(get_all=True)] == ["Mentorship: status"] * 2
        with pytest.raises(gitlab.exceptions.GitlabHttpError) as missing:
            client(sandbox).http_post(f"/groups/{group.id}/boards", post_data={})
        assert (missing.value.response_code, missing.value.error_message) == (
            400, "name is missing")


def test_free_refuses_to_create_a_board_even_the_first() -> None:
    with Sandbox(tier="free") as sandbox:
        sandbox.add_group("acme/mentoring")
        group = client(sandbox).groups.get("acme/mentoring")
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as refused:
            group.boards.create({"name": "Mentorship: status"})
        assert (refused.value.response_code, refused.value.error_message) == (
            403, "403 Forbidden")
        # A person opening the boards page makes the group's one board, which the API serves.
        stored = sandbox.store.by_path("acme/mentoring")
        assert isinstance(stored, Group)
        made = open_boards_page(sandbox.store, stored)
        assert [b.id for b in group.boards.list(get_all=True)] == [made.id]
        assert open_boards_page(sandbox.store, stored) is made


def test_lists_take_group_labels_once_each_in_order(tiered: Sandbox) -> None:
    gl = client(tiered)
    group = gl.groups.get("acme/mentoring")
    stored = tiered.store.by_path("acme/mentoring")
    assert isinstance(stored, Group)
    board = group.boards.get(open_boards_page(tiered.store, stored).id)
    first = group.labels.create({"name": "status::on-track", "color": "#108548"})
    second = group.labels.create({"name": "status::stalled", "color": "#dd2b0e"})
    made = [board.lists.create({"label_id": first.id}), board.lists.create({"label_id": second.id})]
    assert [m.position for m in made] == [0, 1]
    assert [item.label["name"] for item in board.lists.list(get_all=True)] == [
        "status::on-track", "status::stalled"]
    assert board.lists.get(made[1].id).label["id"] == second.id
    assert [item["label"]["name"] for item in group.boards.get(board.id).attributes["lists"]] == [
        "status::on-track", "status::stalled"]
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as taken:
        board.lists.create({"label_id": first.id})
    assert (taken.value.response_code, taken.value.error_message) == (
        400, "Label has already been taken")


def test_a_list_needs_a_label_the_group_can_use(tiered: Sandbox) -> None:
    gl = client(tiered)
    tiered.add_group("other")
    elsewhere = gl.groups.get("other").labels.create({"name": "status::on-track",
                                                      "color": "#108548"})
    group = gl.groups.get("acme/mentoring")
    stored = tiered.store.by_path("acme/mentoring")
    assert isinstance(stored, Group)
    board = group.boards.get(open_boards_page(tiered.store, stored).id)
    for data, expected in (({"label_id": elsewhere.id}, "Label not found"),
                           ({"label_id": "x"}, "label_id is invalid"),
                           ({}, "label_id is missing")):
        with pytest.raises(gitlab.exceptions.GitlabHttpError) as refused:
            gl.http_post(f"/groups/{group.id}/boards/{board.id}/lists", post_data=data)
        assert (refused.value.response_code, refused.value.error_message) == (400, expected)


def test_unknown_boards_lists_and_parameters_are_refused(tiered: Sandbox) -> None:
    gl = client(tiered)
    group = gl.groups.get("acme/mentoring")
    with pytest.raises(gitlab.exceptions.GitlabGetError) as missing:
        group.boards.get(999)
    assert (missing.value.response_code, missing.value.error_message) == (404, "404 Not found")
    stored = tiered.store.by_path("acme/mentoring")
    assert isinstance(stored, Group)
    board = group.boards.get(open_boards_page(tiered.store, stored).id)
    with pytest.raises(gitlab.exceptions.GitlabGetError):
        board.lists.get(999)
    with pytest.raises(gitlab.exceptions.GitlabHttpError) as unknown:
        gl.http_post(f"/groups/{group.id}/boards/{board.id}/lists",
                     post_data={"milestone_id": 1})
    assert unknown.value.response_code == 400
    assert "not implemented by the sandbox" in str(unknown.value.error_message)


def test_a_reporter_may_add_lists_a_guest_may_only_look(tiered: Sandbox) -> None:
    gl = client(tiered)
    group = gl.groups.get("acme/mentoring")
    label = group.labels.create({"name": "status::on-track", "color": "#108548"})
    stored = tiered.store.by_path("acme/mentoring")
    assert isinstance(stored, Group)
    board_id = open_boards_page(tiered.store, stored).id
    token = tiered.add_user("gus")
    group.members.create({"user_id": gl.users.list(username="gus")[0].id, "access_level": 10})
    guest = gitlab.Gitlab(tiered.url, private_token=token).groups.get("acme/mentoring")
    assert [b.id for b in guest.boards.list()] == [board_id]
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as refused:
        guest.boards.get(board_id, lazy=True).lists.create({"label_id": label.id})
    assert refused.value.response_code == 403
