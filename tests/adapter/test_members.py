"""Adding a pair's people: the shape of the one request, and GitLab's answer read per person."""

from __future__ import annotations

import json

import pytest
import responses

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.members import add_members

URL = "https://gitlab.example.com"
MEMBERS = f"{URL}/api/v4/projects/5/members"


def project():  # type: ignore[no-untyped-def]
    return Connection(URL, "token").writes.projects.get(5, lazy=True)


@responses.activate
def test_two_people_go_in_one_request_as_comma_separated_ids() -> None:
    responses.post(MEMBERS, status=201, json={"status": "success"})
    assert add_members(project(), {"carol": 3, "alice": 4}, 30) == {"carol": None, "alice": None}
    [call] = responses.calls
    assert json.loads(call.request.body) == {"user_id": "3,4", "access_level": 30}


@responses.activate
def test_an_error_status_is_read_person_by_person() -> None:
    # Members::CreateService joins "username: messages" into one sentence.
    message = ("rosa: Access level should be greater than or equal to Maintainer inherited "
               "membership from group Acme and carol: User is blocked")
    responses.post(MEMBERS, status=201, json={"status": "error", "message": message})
    reasons = add_members(project(), {"rosa": 7, "carol": 3, "dave": 8}, 30)
    assert reasons == {"rosa": None, "dave": None,
                       "carol": "GitLab did not add carol: User is blocked"}


@responses.activate
def test_one_person_who_inherits_more_is_done() -> None:
    responses.post(MEMBERS, status=400, json={"message": {"access_level": [
        "should be greater than or equal to Maintainer inherited membership from group Acme"]}})
    assert add_members(project(), {"rosa": 7}, 30) == {"rosa": None}
    assert json.loads(responses.calls[0].request.body) == {"user_id": 7, "access_level": 30}


@responses.activate
def test_one_direct_member_whose_role_was_lowered_is_raised_back() -> None:
    # A single add never changes an existing member (409): their level is edited instead.
    responses.post(MEMBERS, status=409, json={"message": "Member already exists"})
    responses.put(f"{MEMBERS}/7", status=200, json={"id": 7, "access_level": 30})
    assert add_members(project(), {"rosa": 7}, 30) == {"rosa": None}
    assert [c.request.method for c in responses.calls] == ["POST", "PUT"]
    assert json.loads(responses.calls[1].request.body) == {"access_level": 30}


@responses.activate
def test_one_person_refused_for_another_reason_is_an_error() -> None:
    responses.post(MEMBERS, status=404, json={"message": "404 User Not Found"})
    with pytest.raises(Exception, match="404"):
        add_members(project(), {"ghost": 99}, 30)
