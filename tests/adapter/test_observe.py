"""Reading GitLab state: which calls are made (few, group-level, pages of 100), what is kept."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import pytest
import responses
from program_samples import small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.observe import observe
from mentorship_bot.errors import GitLabError
from mentorship_bot.provision.calendar_file import CALENDAR_PATH
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.calendar import calendar_hash
from mentorship_bot.render.markers import with_marker
from mentorship_bot.render.templates import TemplateSet

URL = "https://gitlab.example.com"
API = f"{URL}/api/v4"
DESIRED = desired_state(small_program(), date(2026, 2, 1), TemplateSet())


def calendar_of(marker: str) -> str:
    """The calendar hash a pair's Progress issue records once the bot wrote its calendar.ics."""
    path = "acme/mentoring/" + marker.split("/", 1)[1].rsplit("/", 1)[0]
    project = next(p for p in DESIRED.projects if p.full_path == path)
    return calendar_hash(dict(project.files)[CALENDAR_PATH])


def issue(iid: int, project_id: int, marker: str | None, created: str, **extra: object) -> dict:
    recorded = calendar_of(marker) if marker and marker.endswith("/progress") else None
    description = with_marker("Body", marker, calendar=recorded) if marker else (
        "written by a person")
    return {
        "id": 1000 + iid,
        "iid": iid,
        "project_id": project_id,
        "title": f"Issue {iid}",
        "description": description,
        "state": "opened",
        "labels": ["kind::milestone"],
        "milestone": {"id": 5, "title": "Meeting 1"},
        "due_date": "2026-02-05",
        "created_at": created,
        **extra,
    }


GRAPHQL = f"{URL}/api/graphql"


def projects_page(projects: list[dict], next_cursor: str | None,
                  more_members: bool = False) -> dict:
    """One answer of the members query: a page of projects, each with its members."""
    return {"data": {"group": {"projects": {
        "pageInfo": {"hasNextPage": next_cursor is not None, "endCursor": next_cursor},
        "nodes": [{"fullPath": p["fullPath"], "projectMembers": {
            "pageInfo": {"hasNextPage": more_members},
            "nodes": [{"accessLevel": {"integerValue": level}, "user": {"username": name}}
                      for name, level in p["members"]]}} for p in projects]}}}}


def register_bulk_reads(progress_for_carol: bool) -> None:
    responses.get(
        f"{API}/groups/acme%2Fmentoring",
        json={"id": 1, "full_path": "acme/mentoring", "path": "mentoring"},
    )
    responses.get(
        f"{API}/groups/1/descendant_groups",
        json=[{"id": 2, "full_path": "acme/mentoring/spring-2026"}],
    )
    responses.get(
        f"{API}/groups/1/labels",
        json=[{"id": 9, "name": "kind::milestone", "color": "#428bca", "description": None}],
    )
    responses.get(
        f"{API}/groups/1/boards",
        json=[{"id": 4, "name": "Mentorship: status", "lists": [
            {"id": 40, "label": {"id": 9, "name": "status::on-track"}, "position": 0}]}],
    )
    responses.get(
        f"{API}/groups/2/milestones",
        json=[{"id": 5, "title": "Meeting 1", "due_date": "2026-02-05", "state": "active"}],
    )
    responses.get(
        f"{API}/groups/1/projects",
        json=[
            {
                "id": 10,
                "path_with_namespace": "acme/mentoring/spring-2026/carol-alice",
                "visibility": "private",
                "archived": False,
            },
            {
                "id": 11,
                "path_with_namespace": "acme/mentoring/spring-2026/dave-bob",
                "visibility": "public",
                "archived": False,
                "created_at": "2026-02-03T23:59:00.000Z",
            },
        ],
    )
    issues = [
        issue(1, 10, "eng/spring-2026/carol-alice/meeting-01", "2026-01-10T00:00:00Z"),
        issue(2, 10, "eng/spring-2026/carol-alice/meeting-01", "2026-01-11T00:00:00Z"),
        issue(3, 10, None, "2026-01-12T00:00:00Z"),
        issue(
            1,
            11,
            "eng/spring-2026/dave-bob/progress",
            "2026-01-10T00:00:00Z",
            milestone=None,
            due_date=None,
            state="closed",
        ),
    ]
    if progress_for_carol:
        issues.append(issue(4, 10, "eng/spring-2026/carol-alice/progress", "2026-01-10T00:00Z"))
    responses.get(f"{API}/groups/1/issues", json=issues)
    finished = [{"fullPath": "acme/mentoring/spring-2026/dave-bob",
                 "members": [("dave", 30), ("Bob", 30), ("rosa", 50)]}]
    if progress_for_carol:
        finished.append({"fullPath": "acme/mentoring/spring-2026/carol-alice",
                         "members": [("carol", 30), ("alice", 20)]})
    responses.post(GRAPHQL, json=projects_page(finished, next_cursor=None))
    # The autumn round's group does not exist yet: its new project inherits the program group's.
    responses.get(
        f"{API}/groups/1/members/all",
        json=[{"id": 7, "username": "Rosa", "access_level": 40},
              {"id": 8, "username": "alice", "access_level": 20}],
    )


@responses.activate
def test_a_read_is_a_few_group_level_lists() -> None:
    register_bulk_reads(progress_for_carol=True)
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    assert conn.request_counts() == {"GET": 8, "POST": 1}
    assert all("per_page=100" in c.request.url for c in responses.calls[1:]
               if c.request.url != GRAPHQL)
    assert [c.request.url for c in responses.calls].count(GRAPHQL) == 1
    urls = [c.request.url for c in responses.calls]
    assert urls[-1].startswith(f"{API}/groups/1/members/all")
    assert state.group_members == {"acme/mentoring": {"rosa": 40, "alice": 20}}
    assert any("state=all" in u for u in urls if u.startswith(f"{API}/groups/1/issues"))
    assert any("include_subgroups=true" in u for u in urls
               if u.startswith(f"{API}/groups/1/projects"))
    assert set(state.groups) == {"acme/mentoring", "acme/mentoring/spring-2026"}
    assert state.milestones[("acme/mentoring/spring-2026", "Meeting 1")].due_date == date(
        2026, 2, 5
    )
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].visibility == "public"
    # Every finished pair's members are verified in bulk, at their highest level.
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].members == {
        "dave": 30, "bob": 30, "rosa": 50}
    assert state.projects["acme/mentoring/spring-2026/carol-alice"].members == {
        "carol": 30, "alice": 20}
    assert state.boards is not None and state.boards[0].lists[0].label == "status::on-track"
    assert state.labels["kind::milestone"].id == 9


@responses.activate
def test_members_are_read_by_project_ids_a_query_per_100_in_parallel(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The projects' ids come from the REST list: each query names up to 100 of them (here 1),
    so the queries need no cursor and go out together."""
    monkeypatch.setattr("mentorship_bot.adapter.graphql_members.PER_QUERY", 1)
    register_bulk_reads(progress_for_carol=True)
    members = {"gid://gitlab/Project/11": ("acme/mentoring/spring-2026/dave-bob", ("dave", 30)),
               "gid://gitlab/Project/10": ("acme/mentoring/spring-2026/carol-alice",
                                           ("carol", 10))}

    def answer(request):  # type: ignore[no-untyped-def]
        [gid] = json.loads(request.body)["variables"]["ids"]
        path, member = members[gid]
        return 200, {}, json.dumps(projects_page([{"fullPath": path, "members": [member]}],
                                                 next_cursor=None))

    responses.remove(responses.POST, GRAPHQL)
    responses.add_callback(responses.POST, GRAPHQL, callback=answer,
                           content_type="application/json")
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    queries = [json.loads(c.request.body) for c in responses.calls if c.request.url == GRAPHQL]
    assert sorted(gid for q in queries for gid in q["variables"]["ids"]) == sorted(members)
    assert all(q["variables"]["group"] == "acme/mentoring" and "after" not in q["variables"]
               for q in queries)
    assert "ids: $ids, first: 100" in queries[0]["query"]
    assert state.projects["acme/mentoring/spring-2026/carol-alice"].members == {"carol": 10}
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].members == {"dave": 30}


@responses.activate
def test_a_project_with_more_than_a_page_of_members_is_read_over_rest() -> None:
    register_bulk_reads(progress_for_carol=True)
    responses.replace(responses.POST, GRAPHQL, json=projects_page(
        [{"fullPath": "acme/mentoring/spring-2026/dave-bob", "members": [("dave", 30)]}],
        next_cursor=None, more_members=True))
    responses.get(f"{API}/projects/11/members/all",
                  json=[{"id": 4, "username": "dave", "access_level": 30},
                        {"id": 5, "username": "bob", "access_level": 10}])
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    assert conn.request_counts() == {"GET": 9, "POST": 1}
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].members == {
        "dave": 30, "bob": 10}


@responses.activate
def test_a_refused_members_query_is_a_clear_error() -> None:
    register_bulk_reads(progress_for_carol=True)
    responses.replace(responses.POST, GRAPHQL, json={"errors": [
        {"message": "Query has complexity of 300, which exceeds max complexity of 250"}]})
    with pytest.raises(GitLabError, match="refused the members query: Query has complexity"):
        observe(Connection(URL, "token"), DESIRED)


@responses.activate
def test_a_projects_creation_day_comes_from_the_bulk_list() -> None:
    register_bulk_reads(progress_for_carol=True)
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    assert conn.request_counts() == {"GET": 8, "POST": 1}  # no request more than before
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].created_on == date(2026, 2, 3)
    assert state.projects["acme/mentoring/spring-2026/carol-alice"].created_on is None


@responses.activate
def test_issues_are_found_by_marker_and_the_older_duplicate_counts() -> None:
    register_bulk_reads(progress_for_carol=True)
    state = observe(Connection(URL, "token"), DESIRED)
    assert sorted(state.issues) == [
        "eng/spring-2026/carol-alice/meeting-01",
        "eng/spring-2026/carol-alice/progress",
        "eng/spring-2026/dave-bob/progress",
    ]
    meeting = state.issues["eng/spring-2026/carol-alice/meeting-01"]
    assert (meeting.iid, meeting.milestone_title, meeting.due_date) == (
        1,
        "Meeting 1",
        date(2026, 2, 5),
    )
    assert state.issues["eng/spring-2026/dave-bob/progress"].state == "closed"


@responses.activate
def test_members_and_files_are_read_only_for_unfinished_pairs() -> None:
    register_bulk_reads(progress_for_carol=False)
    responses.get(
        f"{API}/projects/10/members/all",
        json=[{"id": 3, "username": "Carol", "access_level": 30},
              {"id": 7, "username": "rosa", "access_level": 50}],
    )
    readme = base64.b64encode(b"# Hello\n").decode()
    responses.get(
        f"{API}/projects/10/repository/files/README.md",
        json={"file_path": "README.md", "content": readme, "encoding": "base64"},
    )
    responses.get(
        re.compile(rf"{API}/projects/10/repository/files/(\.gitlab.*|calendar\.ics)"),
        status=404,
        json={"message": "404 File Not Found"},
    )
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    # bulk, finished pairs' members (GraphQL), new projects' group members, members,
    # README + calendar.ics + 5 templates
    assert conn.request_counts() == {"GET": 7 + 1 + 1 + 7, "POST": 1}
    carol = state.projects["acme/mentoring/spring-2026/carol-alice"]
    assert carol.members == {"carol": 30, "rosa": 50}
    assert carol.files == {"README.md": "# Hello\n"}
    assert state.projects["acme/mentoring/spring-2026/dave-bob"].files is None


@responses.activate
def test_a_missing_program_group_is_a_clear_error() -> None:
    responses.get(
        f"{API}/groups/acme%2Fmentoring", status=404, json={"message": "404 Group Not Found"}
    )
    with pytest.raises(GitLabError, match="program group 'acme/mentoring' does not exist"):
        observe(Connection(URL, "token"), DESIRED)


@responses.activate
def test_a_calendar_is_read_only_where_the_progress_issue_records_another() -> None:
    """A pair provisioned before calendars (its Progress issue records none): one file read."""
    register_bulk_reads(progress_for_carol=False)
    responses.replace(responses.GET, f"{API}/groups/1/issues", json=[
        issue(1, 11, "eng/spring-2026/dave-bob/progress", "2026-01-10T00:00:00Z"),
        {**issue(2, 10, "eng/spring-2026/carol-alice/progress", "2026-01-10T00:00:00Z"),
         "description": with_marker("Body", "eng/spring-2026/carol-alice/progress")}])
    responses.get(f"{API}/projects/10/repository/files/calendar.ics", status=404,
                  json={"message": "404 File Not Found"})
    conn = Connection(URL, "token")
    state = observe(conn, DESIRED)
    assert conn.request_counts() == {"GET": 8 + 1, "POST": 1}
    carol = state.projects["acme/mentoring/spring-2026/carol-alice"]
    assert (carol.calendar_read, carol.calendar, carol.files) == (True, None, None)
    assert not state.projects["acme/mentoring/spring-2026/dave-bob"].calendar_read
