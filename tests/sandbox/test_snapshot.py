"""A sandbox saved to a file and started from it again: the same objects, ids and people."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import gitlab
import pytest

from mentorship_bot.sandbox import Sandbox, views
from mentorship_bot.sandbox.snapshot import load_store, save_store

pytestmark = pytest.mark.integration


def _saved(tmp_path: Path) -> tuple[Path, str, int]:
    """A sandbox with a group, a project and an issue, saved through its admin route."""
    with Sandbox(token="bot-token", tier="free") as box:
        box.set_clock(datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
        person = box.add_user("gita", "Gita Sharma")
        group = box.add_group("acme/mentoring")
        gl = gitlab.Gitlab(box.url, private_token="bot-token")
        project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
        project.issues.create({"title": "Goals", "description": "- [x] one\n- [ ] two"})
        target = tmp_path / "state.pickle"
        request = urllib.request.Request(f"{box.url}/-/sandbox/save", method="POST",
                                         data=json.dumps({"path": str(target)}).encode())
        with urllib.request.urlopen(request) as answer:
            assert json.load(answer)["bytes"] == target.stat().st_size
        return target, person, project.id


def test_a_loaded_sandbox_serves_what_was_saved_and_goes_on_from_there(tmp_path: Path) -> None:
    target, person_token, project_id = _saved(tmp_path)
    with Sandbox(store=load_store(target)) as box:
        assert box.token == "bot-token"  # the saved bot, with its token
        assert box.store.tier == "free"
        assert box.now() == datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)  # frozen clock kept
        gl = gitlab.Gitlab(box.url, private_token="bot-token")
        project = gl.projects.get("acme/mentoring/p")
        assert project.id == project_id
        assert [i.title for i in project.issues.list()] == ["Goals"]
        second = project.issues.create({"title": "Meeting"})
        assert second.iid == 2 and second.id > project_id  # ids go on, never reused
        me = gitlab.Gitlab(box.url, private_token=person_token)
        me.auth()
        assert me.user is not None and me.user.username == "gita"
        box.store.lock.acquire()  # a fresh lock, usable
        box.store.lock.release()


def test_the_task_counts_travel_with_the_state(tmp_path: Path) -> None:
    """A loaded 10,000-pair sandbox must not parse 100,000 descriptions on its first read."""
    target, _, _ = _saved(tmp_path)
    views._TASK_COUNTS.clear()
    load_store(target)
    assert views.known_task_counts() == {"- [x] one\n- [ ] two": (2, 1)}


def test_another_token_also_reaches_the_saved_bot(tmp_path: Path) -> None:
    target, _, _ = _saved(tmp_path)
    with Sandbox(token="new-token", store=load_store(target)) as box:
        for token in ("new-token", "bot-token"):
            gl = gitlab.Gitlab(box.url, private_token=token)
            gl.auth()
            assert gl.user is not None and gl.user.username == "mentorship-bot"


def test_a_file_that_is_not_a_saved_state_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.pickle"
    other.write_bytes(pickle.dumps({"not": "a store"}))
    with pytest.raises(ValueError, match="not a saved sandbox state of format"):
        load_store(other)
    text = tmp_path / "program.yml"
    text.write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a saved sandbox state"):
        load_store(text)


def test_saving_is_atomic_and_leaves_no_partial_file(tmp_path: Path) -> None:
    box = Sandbox(token="t")
    target = tmp_path / "state.pickle"
    save_store(box.store, target)
    save_store(box.store, target)  # over an existing file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.pickle"]


def test_the_command_starts_from_a_saved_state(tmp_path: Path) -> None:
    target, _, _ = _saved(tmp_path)
    command = [sys.executable, "-m", "mentorship_bot", "sandbox", "--state", str(target)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            assert first.endswith("(bot user mentorship-bot, free tier)\n")
            url = first.split()[3]
            server.stdout.readline()
            assert server.stdout.readline().strip() == "export GITLAB_TOKEN=bot-token"
            gl = gitlab.Gitlab(url, private_token="bot-token")
            assert gl.projects.get("acme/mentoring/p").name == "p"
        finally:
            server.terminate()
