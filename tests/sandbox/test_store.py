"""The sandbox's store: its path index follows a group that moves."""

from __future__ import annotations

from mentorship_bot.sandbox.store import Store


def test_a_moved_group_takes_its_subgroups_and_projects_and_leaves_its_neighbours() -> None:
    store = Store()
    acme = store.add_group("Acme", "acme", None, "private", "")
    group = store.add_group("Mentoring", "mentoring", acme, "private", "")
    cohort = store.add_group("Cohort", "cohort", group, "private", "")
    pair = store.add_project("Pair", "pair", cohort, "private", "")
    neighbour = store.add_group("Old", "mentoring-old", acme, "private", "")
    store.move_group(group, "mentoring-2026")
    assert (group.path, group.full_path) == ("mentoring-2026", "acme/mentoring-2026")
    assert store.by_path("ACME/Mentoring-2026/cohort") is cohort
    assert store.by_path("acme/mentoring-2026/cohort/pair") is pair
    assert store.by_path("acme/mentoring") is None
    assert store.by_path("acme/mentoring/cohort/pair") is None
    assert store.by_path("acme/mentoring-old") is neighbour
