"""The sandbox's Python API: start it on a free port, seed it, read its counts, move its clock."""

from __future__ import annotations

import secrets
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from mentorship_bot.model import Program
from mentorship_bot.sandbox.faults import FaultInjector, FaultSpec
from mentorship_bot.sandbox.ratelimit import RateLimiter, RateLimitSpec
from mentorship_bot.sandbox.server import App, _Server
from mentorship_bot.sandbox.store import MAINTAINER, OWNER, Group, MergeRequest, Project, Store

BOT_USERNAME = "mentorship-bot"


class Sandbox:
    """A GitLab stand-in on 127.0.0.1; use as a context manager or call start() and stop()."""

    def __init__(self, token: str | None = None, *, faults: str | FaultSpec | None = None,
                 rate_limit: str | RateLimitSpec | None = None,
                 latency_ms: float = 0.0, tier: str = "premium",
                 store: Store | None = None) -> None:
        # Premium by default: where tiers differ the sandbox follows the stricter one (scoped
        # labels are exclusive on Premium and Ultimate only). A saved ``store`` keeps its own.
        self.store = store or Store(tier=tier)
        spec = faults if isinstance(faults, FaultSpec) else FaultSpec.parse(faults)
        if latency_ms:
            spec = replace(spec, latency_ms=latency_ms, jitter_ms=spec.jitter_ms or latency_ms / 5)
        # GitLab.com's limits unless told otherwise ("off"): a self-managed GitLab may have none,
        # but the bot must live within the stricter.
        limits = rate_limit if isinstance(rate_limit, RateLimitSpec) else RateLimitSpec.parse(
            "gitlab.com" if rate_limit is None else rate_limit)
        self.app = App(self.store, spec, limits)
        saved_bot = self.store.user_named(BOT_USERNAME)
        self.token = token or (saved_bot.token if saved_bot else f"sandbox-{secrets.token_hex(8)}")
        if saved_bot is None:
            self.bot = self.store.add_user(BOT_USERNAME, "Mentorship Bot", self.token)
        else:  # a saved state's bot, also known by this run's token
            self.bot = saved_bot
            self.store.users_by_token[self.token] = saved_bot
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle

    def start(self, port: int = 0) -> Sandbox:
        self._server = _Server(port, self.app)
        self._thread = threading.Thread(target=self._server.serve_forever, name="sandbox",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Sandbox:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox is not started")
        return self._server.base_url

    # -- seeding

    def add_user(self, username: str, name: str | None = None) -> str:
        """Create a user and return its token, so a test can act as that person."""
        token = f"user-{secrets.token_hex(8)}"
        with self.store.lock:
            self.store.add_user(username, name or username.title(), token)
        return token

    def add_group(self, path: str, owner: str = BOT_USERNAME) -> Group:
        """Create ``path`` and any missing parent groups, private, owned by ``owner``."""
        user = self.store.user_named(owner)
        assert user is not None, f"no user {owner!r}"
        with self.store.lock:
            parent = None
            built = ""
            for part in path.split("/"):
                built = f"{built}/{part}" if built else part
                found = self.store.by_path(built)
                if found is None:
                    found = self.store.add_group(part.title(), part, parent, "private", "")
                assert isinstance(found, Group), f"{built} is a project"
                parent = found
            assert parent is not None
            parent.members[user.id] = OWNER
            return parent

    def add_project(self, path: str, level: int = MAINTAINER) -> Project:
        """Create the private project ``path`` (and its groups), the bot a member at ``level``:
        a program repository, a dashboard project, something a person made."""
        namespace, name = path.rsplit("/", 1)
        group = self.add_group(namespace)
        with self.store.lock:
            project = self.store.add_project(name, name, group, "private", "")
            project.members[self.bot.id] = level
            return project

    def add_merge_request(self, project_path: str, title: str = "Change the program") -> int:
        """Open a merge request in ``project_path`` (the bot posts its plan on it); its iid."""
        with self.store.lock:
            project = self.store.by_path(project_path)
            assert isinstance(project, Project), f"no project {project_path!r}"
            iid = len(project.merge_requests) + 1
            project.merge_requests[iid] = MergeRequest(
                self.store.new_id(), iid, project.id, title, source_branch="change",
                author_id=self.bot.id, created_at=self.store.now())
            return iid

    def merge(self, project_path: str, iid: int, *, remove_source_branch: bool = True) -> None:
        """Merge a merge request as a coordinator would in GitLab's UI: the source branch's files
        land on the target, the request is ``merged`` and, as the UI offers by default, its
        branch is deleted. No conflict detection: tests merge what they have just opened."""
        with self.store.lock:
            project = self.store.by_path(project_path)
            assert isinstance(project, Project), f"no project {project_path!r}"
            mr = project.merge_requests[iid]
            assert mr.state == "opened", f"!{iid} is {mr.state}"
            source = project.branches[mr.source_branch]
            target = dict(project.files if mr.target_branch == project.default_branch
                          else project.branches[mr.target_branch])
            target.update(source)
            if mr.target_branch == project.default_branch:
                project.files = target
            else:
                project.branches[mr.target_branch] = target
            mr.state = "merged"
            if remove_source_branch:
                del project.branches[mr.source_branch]

    def seed_program(self, program: Program, program_text: str | None = None,
                     program_file: str = "config/program.yml") -> list[str]:
        """What a coordinator creates by hand before the bot runs; what it made, by kind and path.

        Every user the program names and its group owned by the bot. Given the file's text (the
        ``sandbox --program`` command), also the dashboard, feedback and intake projects it names
        (the bot a Maintainer: it only writes issues there) and a program repository
        (``matching.program_project``, else ``GROUP/program``) holding the text at
        ``program_file``. Objects already there are kept.
        """
        names = {m.username: m.name for m in program.mentors}
        names.update({m.username: m.name for m in program.mentees})
        created = []
        for username in program.usernames():
            if self.store.user_named(username) is None:
                self.add_user(username, names.get(username))
                created.append(f"user {username}")
        if self.store.by_path(program.group) is None:
            created.append(f"group {program.group}")
        self.add_group(program.group)
        projects = []
        repository_path = program.matching.program_project or f"{program.group}/program"
        if program_text is not None:
            feedback = program.feedback.project if program.feedback else None
            projects = [p for p in (program.dashboard_project, feedback,
                                    program.matching.intake_project, repository_path) if p]
        for path in projects:
            if self.store.by_path(path) is None:
                self.add_project(path)
                created.append(f"project {path}")
        if program_text is not None:
            repository = self.store.by_path(repository_path)
            assert isinstance(repository, Project)
            with self.store.lock:
                repository.files[program_file] = program_text
        return created

    # -- observing and steering

    def stats(self) -> dict[str, Any]:
        return self.app.stats_snapshot()

    def set_faults(self, spec: str | FaultSpec) -> None:
        """Change faults while running (a fresh seeded generator starts with the new spec)."""
        self.app.faults = FaultInjector(spec if isinstance(spec, FaultSpec)
                                        else FaultSpec.parse(spec))

    def set_rate_limit(self, spec: str | RateLimitSpec) -> None:
        self.app.limiter = RateLimiter(spec if isinstance(spec, RateLimitSpec)
                                       else RateLimitSpec.parse(spec))

    def reset_stats(self) -> None:
        self.app.stats.reset()

    def set_clock(self, moment: datetime) -> None:
        self.store.clock.set(moment)

    def advance(self, **delta: float) -> None:
        self.store.clock.advance(timedelta(**delta))

    def now(self) -> datetime:
        return self.store.now()
