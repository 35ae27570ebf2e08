"""Confidential feedback surveys, each person acting with their own token.

One confidential issue per person in a coordinators' project where the people are Guests (alice
through the group, bob of the project itself): each
sees only their own survey (app/models/issue.rb ``project_level_readable_by?``,
app/policies/issue_policy.rb and issuable_policy.rb), and a coordinator sees them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gitlab
import pytest
import requests

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration

GUEST, REPORTER, MAINTAINER = 10, 20, 40


@dataclass
class Surveys:
    """The coordinators' project as the bot made it, and a client per person."""

    sandbox: Sandbox
    project: Any  # the bot's view of the project
    clients: dict[str, gitlab.Gitlab]
    survey: dict[str, int]  # person -> iid of their confidential survey
    welcome: int  # iid of an ordinary issue everyone may read

    def as_(self, person: str) -> Any:
        return self.clients[person].projects.get(self.project.id)

    def raw(self, person: str, path: str, **params: Any) -> requests.Response:
        token = self.clients[person].private_token
        return requests.get(f"{self.sandbox.url}/api/v4{path}", params=params,
                            headers={"PRIVATE-TOKEN": str(token)}, timeout=10)


@pytest.fixture
def surveys(sandbox: Sandbox, gl: gitlab.Gitlab) -> Surveys:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "Coordinators", "path": "coordinators",
                                  "namespace_id": group.id})
    levels = {"alice": GUEST, "bob": GUEST, "rita": REPORTER, "coordinator": MAINTAINER}
    clients: dict[str, gitlab.Gitlab] = {}
    survey: dict[str, int] = {}
    for name, level in levels.items():
        clients[name] = gitlab.Gitlab(sandbox.url, private_token=sandbox.add_user(name))
        user_id = gl.users.list(username=name)[0].id
        # alice is a Guest through the group (inherited), the others members of the project.
        (group if name == "alice" else project).members.create(
            {"user_id": user_id, "access_level": level})
        if level == GUEST:
            survey[name] = project.issues.create({
                "title": f"Feedback survey: {name}", "confidential": True,
                "assignee_ids": [user_id],
                "description": "- [ ] My mentor listened\n- [ ] We met every week"}).iid
    welcome = project.issues.create({"title": "Welcome"}).iid
    return Surveys(sandbox, project, clients, survey, welcome)


def test_a_guest_sees_only_their_own_survey_in_lists_and_counts(surveys: Surveys) -> None:
    alice = surveys.as_("alice")
    titles = sorted(i.title for i in alice.issues.list(get_all=True))
    assert titles == ["Feedback survey: alice", "Welcome"]
    listing = surveys.raw("alice", f"/projects/{surveys.project.id}/issues", per_page=1)
    assert listing.headers["X-Total"] == "2"  # the paging headers do not count bob's survey
    assert listing.headers["X-Total-Pages"] == "2"
    group = surveys.clients["alice"].groups.get("acme/mentoring")
    assert sorted(i.title for i in group.issues.list(get_all=True)) == titles
    # Projects::OpenIssuesCountService: the public count, even for an assignee.
    assert alice.open_issues_count == 1


def test_another_persons_survey_is_404_by_iid_notes_and_events(surveys: Surveys) -> None:
    alice = surveys.as_("alice")
    bobs = surveys.survey["bob"]
    with pytest.raises(gitlab.exceptions.GitlabGetError) as caught:
        alice.issues.get(bobs)
    assert (caught.value.response_code, caught.value.error_message) == (404, "404 Not found")
    lazy = alice.issues.get(bobs, lazy=True)
    for listing in (lazy.notes, lazy.resourcelabelevents, lazy.resourcestateevents):
        with pytest.raises(gitlab.exceptions.GitlabListError) as listed:
            listing.list()
        assert listed.value.response_code == 404
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as noted:
        lazy.notes.create({"body": "peeking"})
    assert noted.value.response_code == 404
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as edited:
        alice.issues.update(bobs, {"title": "mine now"})
    assert edited.value.response_code == 404
    found = alice.issues.list(iids=[bobs], get_all=True)
    assert found == []


def test_coordinators_and_reporters_see_every_survey(surveys: Surveys) -> None:
    for person in ("coordinator", "rita"):
        project = surveys.as_(person)
        titles = sorted(i.title for i in project.issues.list(get_all=True))
        assert titles == ["Feedback survey: alice", "Feedback survey: bob", "Welcome"]
        assert project.issues.get(surveys.survey["bob"]).confidential is True
        assert project.open_issues_count == 3


def test_a_guest_assignee_answers_ticks_and_closes_their_survey(surveys: Surveys) -> None:
    """issuable_policy.rb: ``can?(:guest_access) & assignee_or_author`` gives update_issue and
    reopen_issue; metadata stays with Reporter and above (admin_issue), silently dropped."""
    alice = surveys.as_("alice")
    own = alice.issues.get(surveys.survey["alice"])
    note = own.notes.create({"body": "My answers are in the list."})
    assert note.body == "My answers are in the list."
    own.description = "- [x] My mentor listened\n- [ ] We met every week"
    own.labels = ["answered"]
    own.confidential = False
    own.save()
    again = alice.issues.get(own.iid)
    assert again.task_completion_status == {"count": 2, "completed_count": 1}
    assert again.labels == [] and again.confidential is True  # dropped, as GitLab does
    again.state_event = "close"
    again.save()
    assert alice.issues.get(own.iid).state == "closed"
    again.state_event = "reopen"
    again.save()
    assert alice.issues.get(own.iid).state == "opened"


def test_a_guest_may_not_edit_an_issue_that_is_not_theirs(surveys: Surveys) -> None:
    alice = surveys.as_("alice")
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as caught:
        alice.issues.update(surveys.welcome, {"title": "Mine"})
    assert caught.value.response_code == 403  # readable, so 403 rather than 404


def test_quick_actions_by_a_guest_are_refused_loudly(surveys: Surveys) -> None:
    own = surveys.as_("alice").issues.get(surveys.survey["alice"], lazy=True)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        own.notes.create({"body": "/label ~answered"})
    assert caught.value.response_code == 400
    assert "quick actions" in str(caught.value.error_message)


def test_a_guests_own_confidential_issue_is_theirs_and_coordinators(surveys: Surveys) -> None:
    """The author reads a confidential issue (``assignee_or_author``); a Guest member may set it
    confidential on create (``~persisted & can?(:create_issue)`` gives set_confidentiality)."""
    created = surveys.as_("bob").issues.create({"title": "A worry", "confidential": True})
    assert created.confidential is True
    assert surveys.as_("bob").issues.get(created.iid).title == "A worry"
    with pytest.raises(gitlab.exceptions.GitlabGetError):
        surveys.as_("alice").issues.get(created.iid)
    assert surveys.as_("coordinator").issues.get(created.iid).title == "A worry"


def test_labels_set_on_create_by_a_guest_member_are_kept(surveys: Surveys) -> None:
    """issue_policy.rb: ``~persisted & is_project_member & can?(:guest_access)`` enables
    set_issue_metadata (gitlab-org/gitlab#300100), so filter_params keeps them on create."""
    created = surveys.as_("alice").issues.create({"title": "Idea", "labels": "idea"})
    assert created.labels == ["idea"]
    created.labels = ["idea", "later"]
    created.save()
    assert surveys.as_("alice").issues.get(created.iid).labels == ["idea"]  # dropped on edit
    as_rita = surveys.as_("rita").issues.get(created.iid)
    as_rita.labels = ["idea", "later"]
    as_rita.save()
    assert surveys.as_("rita").issues.get(created.iid).labels == ["idea", "later"]
