"""GitLab.com's per-endpoint limits, each answering its 429 the way GitLab's code does.

doc/user/gitlab_com/rate_limits.md gives the numbers; lib/gitlab/rack_attack.rb,
lib/api/helpers/rate_limiter.rb and app/services/concerns/rate_limited_service.rb the answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import gitlab
import pytest
import requests

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.ratelimit import RateLimiter, RateLimitSpec

pytestmark = pytest.mark.integration
TOO_MANY = {"message": {"error": "This endpoint has been requested too many times. "
                                 "Try again later."}}


def test_the_gitlab_com_preset_has_the_published_numbers() -> None:
    spec = RateLimitSpec.parse("gitlab.com")
    assert (spec.api, spec.project_api, spec.group_api, spec.group_projects_api,
            spec.project_members_api, spec.users_get_by_id, spec.issues_create,
            spec.notes_create, spec.minute_seconds) == (2000, 400, 400, 600, 200, 300, 200, 60,
                                                         60.0)
    assert RateLimitSpec.parse("off") == RateLimitSpec.off() == RateLimitSpec.parse(None)


def test_a_spec_changes_gitlab_com_limits_by_name_and_scales_the_minute() -> None:
    spec = RateLimitSpec.parse("gitlab.com,project=5,notes=off,minute=0.5")
    assert (spec.project_api, spec.notes_create, spec.group_api, spec.minute_seconds) == (
        5, None, 400, 0.5)
    assert RateLimitSpec.parse("api=3,minute=1").issues_create == 200  # unnamed: GitLab.com's
    with pytest.raises(ValueError, match="unknown rate limit setting 'projects=1'"):
        RateLimitSpec.parse("projects=1")
    with pytest.raises(ValueError, match="needs a number"):
        RateLimitSpec.parse("notes=many")


def test_users_by_id_is_counted_over_ten_minutes() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimitSpec.parse("user=1,minute=1"), clock=lambda: now[0])
    assert limiter.check_request("GET", "/users/:id", 7).allowed
    now[0] = 9.5  # nine and a half scaled minutes later: the same ten-minute window
    blocked = limiter.check_request("GET", "/users/:id", 7)
    assert (blocked.status, blocked.retry_after) == (429, 10)
    now[0] = 10.0
    assert limiter.check_request("GET", "/users/:id", 7).allowed


@contextmanager
def limited(spec: str) -> Iterator[Sandbox]:
    """A sandbox whose limiter's clock stands still at a window's start: no test straddles two."""
    with Sandbox() as sandbox:
        sandbox.app.limiter = RateLimiter(RateLimitSpec.parse(spec), clock=lambda: 6000.0)
        yield sandbox


def _get(sandbox: Sandbox, path: str, method: str = "GET",
         body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{sandbox.url}/api/v4{path}", json=body,
                            headers={"PRIVATE-TOKEN": sandbox.token}, timeout=10)


@pytest.mark.parametrize(("setting", "path", "name"), [
    ("project=2", "/projects/acme%2Fmentoring%2Fpair", "project_api"),
    ("group=2", "/groups/acme%2Fmentoring", "group_api"),
    ("group_projects=2", "/groups/acme%2Fmentoring/projects", "group_projects_api"),
    ("members=2", "/projects/acme%2Fmentoring%2Fpair/members/all", "project_members_api"),
])
def test_an_endpoint_limit_answers_json_with_retry_after_and_no_ratelimit_headers(
        setting: str, path: str, name: str) -> None:
    with limited(setting) as sandbox:
        sandbox.add_project("acme/mentoring/pair")
        answers = [_get(sandbox, path) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2].json() == TOO_MANY
        assert answers[2].headers["Retry-After"] == "60"  # the limit's interval
        assert not any(h.lower().startswith("ratelimit-") for h in answers[2].headers)
        assert sandbox.stats()["rate_limited"] == {name: 1}


def test_other_endpoints_do_not_count_against_an_endpoint_limit() -> None:
    with limited("project=1") as sandbox:
        sandbox.add_project("acme/mentoring/pair")
        assert _get(sandbox, "/projects/acme%2Fmentoring%2Fpair").status_code == 200
        for _ in range(3):
            assert _get(sandbox, "/projects/acme%2Fmentoring%2Fpair/issues").status_code == 200
        assert _get(sandbox, "/projects/acme%2Fmentoring%2Fpair").status_code == 429


def test_notes_are_limited_per_user_across_issues_and_merge_requests() -> None:
    with limited("notes=2") as sandbox:
        sandbox.add_project("acme/mentoring/pair")
        iid = sandbox.add_merge_request("acme/mentoring/pair")
        project = "/projects/acme%2Fmentoring%2Fpair"
        _get(sandbox, f"{project}/issues", "POST", {"title": "t"})
        assert _get(sandbox, f"{project}/issues/1/notes", "POST", {"body": "a"}).ok
        assert _get(sandbox, f"{project}/merge_requests/{iid}/notes", "POST", {"body": "b"}).ok
        blocked = _get(sandbox, f"{project}/issues/1/notes", "POST", {"body": "c"})
        assert (blocked.status_code, blocked.json()) == (429, TOO_MANY)
        assert blocked.headers["Retry-After"] == "60"
        alice_token = sandbox.add_user("alice")
        pair = sandbox.store.by_path("acme/mentoring/pair")
        alice = sandbox.store.user_named("alice")
        assert pair is not None and alice is not None
        pair.members[alice.id] = 30
        answer = requests.post(f"{sandbox.url}/api/v4{project}/issues/1/notes", timeout=10,
                               json={"body": "d"}, headers={"PRIVATE-TOKEN": alice_token})
        assert answer.status_code == 201  # another user has a quota of their own


def test_issue_creation_is_limited_per_project_and_user_without_headers() -> None:
    with limited("issues=1") as sandbox:
        sandbox.add_project("acme/mentoring/one")
        sandbox.add_project("acme/mentoring/two")
        one, two = "/projects/acme%2Fmentoring%2Fone", "/projects/acme%2Fmentoring%2Ftwo"
        assert _get(sandbox, f"{one}/issues", "POST", {"title": "a"}).status_code == 201
        blocked = _get(sandbox, f"{one}/issues", "POST", {"title": "b"})
        assert (blocked.status_code, blocked.json()) == (429, TOO_MANY)
        # RateLimitedError#headers is {} (rate_limited_service.rb): no Retry-After at all.
        assert "Retry-After" not in blocked.headers
        assert _get(sandbox, f"{two}/issues", "POST", {"title": "c"}).status_code == 201
        assert len(sandbox.store.by_path("acme/mentoring/one").issues) == 1


def test_the_api_limit_is_plain_text_with_ratelimit_headers_only_on_the_429() -> None:
    with limited("api=2") as sandbox:
        sandbox.add_group("acme/mentoring")
        allowed = [_get(sandbox, "/user") for _ in range(2)]
        assert all(not any(h.lower().startswith("ratelimit-") for h in a.headers)
                   for a in allowed)
        blocked = _get(sandbox, "/user")
        assert (blocked.status_code, blocked.text) == (429, "Retry later\n")
        assert blocked.headers["Content-Type"] == "text/plain"
        assert blocked.headers["RateLimit-Name"] == "throttle_authenticated_api"
        assert (blocked.headers["RateLimit-Limit"], blocked.headers["RateLimit-Observed"],
                blocked.headers["RateLimit-Remaining"]) == ("2", "3", "0")
        assert blocked.headers["Retry-After"] == "60"  # the clock stands at a window's start
        assert blocked.headers["RateLimit-Reset"] == "6060"
        assert {"RateLimit-Reset", "RateLimit-ResetTime"} <= set(blocked.headers)


def test_head_counts_like_get() -> None:
    with limited("project=1") as sandbox:
        sandbox.add_project("acme/mentoring/pair")
        url = f"{sandbox.url}/api/v4/projects/acme%2Fmentoring%2Fpair"
        headers = {"PRIVATE-TOKEN": sandbox.token}
        assert requests.head(url, headers=headers, timeout=10).status_code == 200
        assert requests.head(url, headers=headers, timeout=10).status_code == 429


def test_python_gitlab_waits_out_an_endpoint_limit() -> None:
    with Sandbox(rate_limit="project=2,minute=1") as sandbox:
        sandbox.add_project("acme/mentoring/pair")
        gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
        for _ in range(4):  # the third waits Retry-After (one scaled minute), then succeeds
            assert gl.projects.get("acme/mentoring/pair").path == "pair"
        assert sandbox.stats()["rate_limited"]["project_api"] >= 1
