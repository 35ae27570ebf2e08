"""The sandbox's GitLab validation rules as plain functions, one case a line."""

from __future__ import annotations

import pytest

from mentorship_bot.sandbox import colors
from mentorship_bot.sandbox import validation as v
from mentorship_bot.sandbox.http import ApiError


@pytest.mark.parametrize(("path", "root", "expected"), [
    ("spring-2026", False, []),
    ("Spring.2026_x", False, []),
    ("jane--bob", False, [v.OCI_PATH_MESSAGE]),
    ("-jane", False, [v.OCI_PATH_MESSAGE, v.NAMESPACE_FORMAT_MESSAGE]),
    ("jane.git", False, [v.NAMESPACE_FORMAT_MESSAGE]),
    ("jane.atom", False, [v.NAMESPACE_FORMAT_MESSAGE]),
    ("tree", False, ["tree is a reserved name"]),
    ("help", True, ["help is a reserved name"]),
    ("help", False, []),
    ("x", False, ["is too short (minimum is 2 characters)"]),
    ("a" * 256, False, [v.too_long(255)]),
    ("", False, ["can't be blank"]),
])
def test_group_paths(path: str, root: bool, expected: list[str]) -> None:
    assert v.group_path(path, root=root) == expected


def test_an_unchanged_group_path_or_name_skips_the_changed_only_rules() -> None:
    # namespace.rb: OCI format and minimum length ``if: :path_changed?``; group.rb: the name
    # format ``if: :name_changed?``. namespace_path and the lengths run on every save.
    assert v.group_path("x", root=False, changed=False) == []
    assert v.group_path("x.git", root=False, changed=False) == [v.NAMESPACE_FORMAT_MESSAGE]
    assert v.group_name("-old", changed=False) == []
    assert v.group_name("-new", taken=True) == [v.TAKEN, v.GROUP_NAME_MESSAGE]


@pytest.mark.parametrize(("path", "expected"), [
    ("carol-alice", []),
    ("x", []),
    ("carol_", [v.OCI_PATH_MESSAGE]),
    ("carol.git", [v.PROJECT_FORMAT_MESSAGE]),
    ("Edit", ["Edit is a reserved name"]),
])
def test_project_paths(path: str, expected: list[str]) -> None:
    assert v.project_path(path) == expected


@pytest.mark.parametrize(("name", "group_ok", "project_ok"), [
    ("Spring 2026", True, True), ("Jane (mentor)", True, False), ("C++ pair", False, True),
    ("Carol / Alice", False, False), ("_private", True, True), ("-dash", False, False),
    ("Zoë & Ana", False, False), ("Zoë", True, True),
])
def test_group_and_project_names(name: str, group_ok: bool, project_ok: bool) -> None:
    assert (v.group_name(name) == []) is group_ok
    assert (v.project_name(name) == []) is project_ok


@pytest.mark.parametrize(("title", "expected"), [
    ("status::on-track", []), ("a,b", ["is invalid"]), ("x" * 256, [v.too_long(255)]),
    ("", ["can't be blank"]),
])
def test_label_titles(title: str, expected: list[str]) -> None:
    assert v.label_title(title) == expected


def test_errors_print_as_ruby_hashes() -> None:
    errors = {"name": ["has already been taken"], "path": ['say "hi" #{x}', "b"]}
    assert v.ruby_inspect(errors) == (
        '{:name=>["has already been taken"], :path=>["say \\"hi\\" \\#{x}", "b"]}')


@pytest.mark.parametrize(("given", "expected"), [
    ("2026-03-01", "2026-03-01"), ("2026-3-1", "2026-03-01"),
    ("2026-03-01T23:00:00Z", "2026-03-01"), ("", None), (None, None),
])
def test_dates_come_back_as_year_month_day(given: str | None, expected: str | None) -> None:
    assert v.date_param("due_date", given) == expected


@pytest.mark.parametrize("given", ["tomorrow", "2026-02-30", "01/03/2026"])
def test_dates_gitlab_would_turn_into_nothing_are_refused(given: str) -> None:
    with pytest.raises(ApiError) as caught:
        v.date_param("due_date", given)
    assert caught.value.status == 400


@pytest.mark.parametrize(("given", "stored", "valid"), [
    ("#FFAABB", "#FFAABB", True), ("#fab", "#fab", True), ("  RebeccaPurple ", "#663399", True),
    ("#FFAABBC", "#FFAABBC", False), ("FFAABB", "FFAABB", False), ("#FFAABB\n", "#FFAABB", True),
])
def test_colours(given: str, stored: str, valid: bool) -> None:
    assert colors.parse(given) == stored
    assert colors.is_valid(colors.parse(given)) is valid
