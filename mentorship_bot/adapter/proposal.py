"""Propose a change to the program file as one merge request, opened once and updated after.

Matching ends in a merge request coordinators review: the bot never writes the program file's
default branch. There is only ever one such request, found by its source branch: the first
proposal commits the edited file to a new branch from the default branch and opens the request; a
later one commits again only when the file would change, and edits the description only when it
differs. A branch left behind by a merged or closed request is rewritten from the default branch
(``force``), so a new proposal never carries an old one's leftovers. Reading costs three requests;
an unchanged proposal writes nothing.

The bot's words sit in the description's managed block (``render.managed_block``); what a
coordinator writes around it, and the title they give the request, are theirs and stay. A
description without the block (a coordinator removed it, or an older bot wrote it whole) is kept
as it is, and the block is added after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mentorship_bot.adapter.connection import Connection, retry_write
from mentorship_bot.adapter.lookups import file_text, found_or_none, required
from mentorship_bot.errors import GitLabError
from mentorship_bot.render.managed_block import (
    managed_block,
    normalise_block,
    render_managed_block,
    replace_managed_block,
)


@dataclass(frozen=True)
class Proposal:
    project: str  # full path of the program repository
    file_path: str  # the program file in it
    branch: str  # the one source branch every proposal uses
    title: str
    description: str
    commit_message: str
    edit: Callable[[str], str]  # the program text -> the proposed text
    # The open request's description -> the one to write (to keep what another proposer wrote
    # there); None: ``description`` as it is.
    describe: Callable[[str], str] | None = None


@dataclass(frozen=True)
class ProposalResult:
    iid: int
    web_url: str
    committed: bool
    opened: bool
    described: bool  # the description (or title) was updated

    @property
    def wrote(self) -> bool:
        return self.committed or self.opened or self.described


def propose_change(conn: Connection, proposal: Proposal) -> ProposalResult | None:
    """Open or update the proposal's merge request; None when the edit changes nothing and no
    request is open (there is nothing to propose)."""
    project = required(lambda: conn.reads.projects.get(proposal.project),
                       f"the program repository {proposal.project!r} does not exist or the "
                       "token cannot see it")
    open_mr = _open_request(project, proposal.branch)
    main = project.default_branch or "main"
    base = file_text(project, proposal.file_path, proposal.branch if open_mr else main)
    if base is None:
        raise GitLabError(f"{proposal.file_path} is not in {proposal.project} "
                          f"(branch {proposal.branch if open_mr else main})")
    proposed = proposal.edit(base)
    committed = proposed != base
    if not committed and open_mr is None:
        return None
    # Writes go through the client that never retries blindly: a lost answer is looked up.
    target = conn.writes.projects.get(project.id, lazy=True)
    if committed:
        leftover = open_mr is None and _branch_exists(project, proposal.branch)
        payload: dict[str, Any] = {
            "branch": proposal.branch, "commit_message": proposal.commit_message,
            "actions": [{"action": "update", "file_path": proposal.file_path,
                         "content": proposed}]}
        if open_mr is None:
            payload["start_branch"] = main
            if leftover:
                payload["force"] = True
        retry_write(lambda: target.commits.create(payload),
                    lambda: True if file_text(project, proposal.file_path,
                                          proposal.branch) == proposed else None)
    if open_mr is None:
        mr = retry_write(
            lambda: target.mergerequests.create({
                "source_branch": proposal.branch, "target_branch": main,
                "title": proposal.title,
                "description": render_managed_block(proposal.description)}),
            lambda: _open_request(project, proposal.branch))
        return ProposalResult(mr.iid, mr.web_url, committed, True, False)
    current = (open_mr.description or "").replace("\r\n", "\n")
    text = described_anew(current, proposal)
    if text != current:
        retry_write(lambda: target.mergerequests.update(open_mr.iid, {"description": text}),
                    lambda: None)
    return ProposalResult(open_mr.iid, open_mr.web_url, committed, False, text != current)


def described_anew(current: str, proposal: Proposal) -> str:
    """The open request's description with the bot's block brought up to date and every
    other word as it stands; ``current`` itself when nothing changes."""
    held = managed_block(current)
    own = (held or "").strip("\n")
    text = proposal.describe(own) if proposal.describe else proposal.description
    if held is not None:
        if normalise_block(text) == held:
            return current
        return replace_managed_block(current, text) or current
    kept = current.rstrip()
    return f"{kept}\n\n{render_managed_block(text)}" if kept else render_managed_block(text)


def _open_request(project: Any, branch: str) -> Any:
    found = project.mergerequests.list(state="opened", source_branch=branch, per_page=100,
                                       get_all=False)
    return found[0] if found else None


def _branch_exists(project: Any, branch: str) -> bool:
    return found_or_none(lambda: project.branches.get(branch)) is not None
