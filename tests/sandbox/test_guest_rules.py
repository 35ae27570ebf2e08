"""A Guest in a private project, acting with their own token (app/policies/project_policy.rb).

Guests read and open issues and comment; the repository needs Reporter (``download_code``) and a
push Developer (``push_code``); no one's email is shown in member lists.
"""

from __future__ import annotations

from typing import Any

import gitlab
import pytest
from conftest import members_with_views

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def project_with(sandbox: Sandbox, gl: gitlab.Gitlab, **levels: int) -> tuple[Any, dict[str, Any]]:
    """A private project with a README, and each person's own view of it."""
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "pairs", "path": "pairs", "namespace_id": group.id,
                                  "initialize_with_readme": True})
    return project, members_with_views(sandbox, gl, project, levels)


def test_a_guest_reads_and_opens_issues_and_comments(sandbox: Sandbox,
                                                     gl: gitlab.Gitlab) -> None:
    project, views = project_with(sandbox, gl, guest=10)
    project.issues.create({"title": "Kick-off"})
    guest = views["guest"]
    assert [i.title for i in guest.issues.list(get_all=True)] == ["Kick-off"]
    created = guest.issues.create({"title": "A question"})
    note = created.notes.create({"body": "Details follow."})
    assert (created.author["username"], note.body) == ("guest", "Details follow.")


def test_a_guest_cannot_read_the_repository_a_reporter_can(sandbox: Sandbox,
                                                           gl: gitlab.Gitlab) -> None:
    _, views = project_with(sandbox, gl, guest=10, reporter=20)
    with pytest.raises(gitlab.exceptions.GitlabGetError) as caught:
        views["guest"].files.get("README.md", ref="main")
    assert (caught.value.response_code, caught.value.error_message) == (403, "403 Forbidden")
    assert views["reporter"].files.get("README.md", ref="main").decode() == b"# pairs\n"
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as pushed:
        views["reporter"].files.create({"file_path": "x.md", "branch": "main", "content": "x",
                                        "commit_message": "x"})
    assert pushed.value.response_code == 403  # push_code is Developer and above


def test_member_lists_show_no_emails_to_a_guest(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    _, views = project_with(sandbox, gl, guest=10, reporter=20)
    members = views["guest"].members_all.list(get_all=True)
    assert {m.username for m in members} >= {"guest", "reporter"}
    assert all("email" not in m.attributes and "public_email" not in m.attributes
               for m in members)
