"""What keeping one proposal up to date needs, with GitLab's rules: reading a branch, listing
merge requests by source branch, editing one, and rewriting a leftover branch (``force``)."""

from __future__ import annotations

import gitlab
import pytest
from test_merge_request_rules import program_repo

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def test_a_branch_is_read_by_name_and_a_missing_one_is_404(sandbox: Sandbox,
                                                          gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30, guest=10)
    views["dev"].branches.create({"branch": "mentorship-bot/matches", "ref": "main"})
    assert views["dev"].branches.get("mentorship-bot/matches").name == "mentorship-bot/matches"
    with pytest.raises(gitlab.exceptions.GitlabGetError) as missing:
        views["dev"].branches.get("nope")
    assert missing.value.response_code == 404
    with pytest.raises(gitlab.exceptions.GitlabGetError) as guest:
        views["guest"].branches.get("main")
    assert guest.value.response_code == 403


def test_merge_requests_are_listed_by_source_branch_and_edited(sandbox: Sandbox,
                                                              gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30, other=30, reporter=20)
    dev = views["dev"]
    for name in ("a", "b"):
        dev.branches.create({"branch": name, "ref": "main"})
        dev.commits.create({"branch": name, "commit_message": name, "actions": [
            {"action": "update", "file_path": "pairs.yml", "content": f"pairs: [{name}]\n"}]})
        dev.mergerequests.create({"source_branch": name, "target_branch": "main",
                                  "title": name})
    [found] = dev.mergerequests.list(state="opened", source_branch="b")
    assert found.title == "b"
    views["other"].mergerequests.update(found.iid, {"description": "checked"})
    assert dev.mergerequests.get(found.iid).description == "checked"
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as reporter:
        views["reporter"].mergerequests.update(found.iid, {"description": "mine"})
    assert reporter.value.response_code == 403
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as nothing:
        dev.mergerequests.update(found.iid, {})
    assert nothing.value.response_code == 400


def test_force_rewrites_a_branch_from_its_start_but_never_main(sandbox: Sandbox,
                                                              gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30, lead=40)
    dev = views["dev"]
    dev.branches.create({"branch": "old", "ref": "main"})
    dev.commits.create({"branch": "old", "commit_message": "stale", "actions": [
        {"action": "create", "file_path": "stale.md", "content": "x"}]})
    change = {"branch": "old", "start_branch": "main", "commit_message": "fresh", "actions": [
        {"action": "update", "file_path": "pairs.yml", "content": "pairs: [new]\n"}]}
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as exists:
        dev.commits.create(change)
    assert exists.value.response_code == 400
    dev.commits.create({**change, "force": True})
    with pytest.raises(gitlab.exceptions.GitlabGetError):
        dev.files.get("stale.md", ref="old")  # the branch starts again from main
    assert dev.files.get("pairs.yml", ref="old").decode() == b"pairs: [new]\n"
    views["lead"].branches.create({"branch": "side", "ref": "main"})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as protected:
        views["lead"].commits.create({"branch": "main", "start_branch": "side", "force": True,
                                      "commit_message": "x", "actions": [
                                          {"action": "update", "file_path": "pairs.yml",
                                           "content": "x\n"}]})
    assert protected.value.response_code == 403
