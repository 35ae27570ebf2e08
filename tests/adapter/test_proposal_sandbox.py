"""Pairs proposed by merge request: one request, opened once and updated after; the default
branch never written; a merged proposal followed by a new one starts from the default branch."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import yaml
from program_samples import SMALL, small_program

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.proposal import Proposal, ProposalResult, propose_change
from mentorship_bot.program.editing import append_entries
from mentorship_bot.program.loader import validate_text
from mentorship_bot.render.managed_block import managed_block, render_managed_block
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import Project

pytestmark = pytest.mark.integration
REPO = "acme/mentoring/program"
FILE = "config/program.yml"
COMMENTED = "# The program: change it by merge request.\n" + SMALL.replace(
    "pairs:\n", "pairs:  # who mentors whom\n")


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        running.seed_program(small_program(), COMMENTED, FILE)
        yield running


def adding(*pairs: dict[str, str]) -> Callable[[str], str]:
    """An edit that adds the pairs not yet in the file."""
    def edit(text: str) -> str:
        present = {(p["mentor"], p["mentee"], p["round"])
                   for p in yaml.safe_load(text).get("pairs") or []}
        return append_entries(text, "pairs", [p for p in pairs
                                              if (p["mentor"], p["mentee"], p["round"])
                                              not in present])
    return edit


def proposal(edit: Callable[[str], str], description: str = "bob for carol") -> Proposal:
    return Proposal(REPO, FILE, "mentorship-bot/matches", "Proposed pairs", description,
                    "Propose pairs", edit)


def run(sandbox: Sandbox, edit: Callable[[str], str], description: str = "bob for carol"
        ) -> ProposalResult | None:
    return propose_change(Connection(sandbox.url, sandbox.token), proposal(edit, description))


def repository(sandbox: Sandbox) -> Project:
    found = sandbox.store.by_path(REPO)
    assert isinstance(found, Project)
    return found


CAROL = {"round": "autumn-2026", "mentor": "bob", "mentee": "carol"}


def test_the_first_proposal_opens_one_request_and_leaves_main_alone(sandbox: Sandbox) -> None:
    result = run(sandbox, adding(CAROL))
    assert result is not None and result.opened and result.committed
    project = repository(sandbox)
    assert project.files[FILE] == COMMENTED
    proposed = project.branches["mentorship-bot/matches"][FILE]
    assert proposed == COMMENTED + "  - {round: autumn-2026, mentor: bob, mentee: carol}\n"
    assert validate_text(proposed, FILE)[0] is not None
    [mr] = project.merge_requests.values()
    assert (mr.source_branch, mr.target_branch, managed_block(mr.description or "")) == (
        "mentorship-bot/matches", "main", "bob for carol\n")


def test_the_same_proposal_again_writes_nothing(sandbox: Sandbox) -> None:
    first = run(sandbox, adding(CAROL))
    sandbox.reset_stats()
    again = run(sandbox, adding(CAROL))
    assert again is not None and first is not None
    assert again.iid == first.iid and not again.wrote
    stats = sandbox.stats()
    assert stats["writes"] == 0 and stats["total"] == 3


def test_a_later_proposal_updates_the_one_request(sandbox: Sandbox) -> None:
    run(sandbox, adding(CAROL))
    dave = {"round": "autumn-2026", "mentor": "bob", "mentee": "dave"}
    result = run(sandbox, adding(CAROL, dave), "bob for carol; bob for dave")
    assert result is not None and result.committed and result.described and not result.opened
    project = repository(sandbox)
    assert len(project.merge_requests) == 1
    assert managed_block(project.merge_requests[result.iid].description or "") == (
        "bob for carol; bob for dave\n")
    pairs = yaml.safe_load(project.branches["mentorship-bot/matches"][FILE])["pairs"]
    assert pairs[-2:] == [CAROL, dave]


def test_a_coordinators_words_and_title_stay_around_the_bots_block(sandbox: Sandbox) -> None:
    first = run(sandbox, adding(CAROL))
    assert first is not None
    mr = repository(sandbox).merge_requests[first.iid]
    mr.title = "Autumn pairs (Dana reviews)"
    mr.description = ("Dana: check bob's load first.\n\n" + (mr.description or "")
                      + "\n\nMerge after Friday.")
    dave = {"round": "autumn-2026", "mentor": "bob", "mentee": "dave"}
    result = run(sandbox, adding(CAROL, dave), "bob for carol; bob for dave")
    assert result is not None and result.described
    assert mr.title == "Autumn pairs (Dana reviews)"
    assert mr.description == ("Dana: check bob's load first.\n\n"
                              + render_managed_block("bob for carol; bob for dave")
                              + "\n\nMerge after Friday.")
    sandbox.reset_stats()
    again = run(sandbox, adding(CAROL, dave), "bob for carol; bob for dave")
    assert again is not None and not again.wrote and sandbox.stats()["writes"] == 0


def test_a_description_without_the_block_is_kept_and_the_block_added(sandbox: Sandbox) -> None:
    """A coordinator removed the block, or an older bot wrote the description whole: nothing of
    it is lost."""
    first = run(sandbox, adding(CAROL))
    assert first is not None
    mr = repository(sandbox).merge_requests[first.iid]
    mr.description = "Our own summary of the pairs."
    run(sandbox, adding(CAROL), "bob for carol, again")
    assert mr.description == ("Our own summary of the pairs.\n\n"
                              + render_managed_block("bob for carol, again"))


@pytest.mark.parametrize("branch_removed", [True, False])
def test_after_a_merge_a_new_proposal_starts_from_main(sandbox: Sandbox,
                                                      branch_removed: bool) -> None:
    first = run(sandbox, adding(CAROL))
    assert first is not None
    sandbox.merge(REPO, first.iid, remove_source_branch=branch_removed)
    project = repository(sandbox)
    assert "# who mentors whom" in project.files[FILE]  # comments survive the round trip
    assert run(sandbox, adding(CAROL)) is None  # merged: nothing left to propose
    dave = {"round": "autumn-2026", "mentor": "bob", "mentee": "dave"}
    second = run(sandbox, adding(CAROL, dave), "bob for dave")
    assert second is not None and second.opened and second.iid != first.iid
    proposed = project.branches["mentorship-bot/matches"][FILE]
    assert proposed == project.files[FILE] + (
        "  - {round: autumn-2026, mentor: bob, mentee: dave}\n")


def test_a_missing_repository_is_a_clear_error(sandbox: Sandbox) -> None:
    from mentorship_bot.errors import GitLabError
    with pytest.raises(GitLabError, match="does not exist"):
        propose_change(Connection(sandbox.url, sandbox.token),
                Proposal("acme/nowhere", FILE, "b", "t", "d", "m", adding(CAROL)))
