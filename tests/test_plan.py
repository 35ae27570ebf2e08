"""Plan cases not covered in test_diff.py: what ``--prune`` may and may not touch."""

from __future__ import annotations

from dataclasses import replace

from test_diff import desired, kinds, observed_from

from mentorship_bot.provision.diff import diff
from mentorship_bot.provision.observed_state import ObservedGroup, ObservedProject


def test_prune_touches_only_projects_inside_the_programs_round_groups() -> None:
    # The adapter's bulk read lists the program group itself and every descendant group, so a
    # coordination/dashboard project or another team's subgroup sits beside the round groups.
    state = desired()
    observed = observed_from(state)
    top = state.program_group
    extra_groups = {top: ObservedGroup(90, top), f"{top}/other": ObservedGroup(91, f"{top}/other")}
    extra_projects = {
        f"{top}/dashboard": ObservedProject(500, f"{top}/dashboard", "private"),
        f"{top}/other/tool": ObservedProject(501, f"{top}/other/tool", "internal"),
    }
    observed = replace(
        observed,
        groups={**observed.groups, **extra_groups},
        projects={**observed.projects, **extra_projects},
    )
    assert kinds(diff(state, observed, prune=True)) == []


def test_every_action_kind_has_words_in_the_plan_output() -> None:
    from mentorship_bot.provision.plan import REPORT_KINDS, WRITE_KINDS
    from mentorship_bot.provision.plan_output import _NOUNS, _VERBS

    assert set(_VERBS) == set(_NOUNS) == set(WRITE_KINDS) | set(REPORT_KINDS)
