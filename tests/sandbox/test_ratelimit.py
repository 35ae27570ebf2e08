"""Rate limiter stats() counts 429s per category."""

from mentorship_bot.sandbox.ratelimit import RateLimiter, RateLimitSpec


def test_stats_counts_blocked_requests_per_category() -> None:
    now = [1000.0]
    lim = RateLimiter(RateLimitSpec.parse("api=2,notes=1,issues=off"), clock=lambda: now[0])
    assert lim.stats() == {}
    results = [lim.check("u", "api").allowed for _ in range(4)]
    assert results == [True, True, False, False]
    assert [lim.check("u", "notes_create").allowed for _ in range(2)] == [True, False]
    assert lim.stats() == {"api": 2, "notes_create": 1}


def test_retry_after_is_whole_seconds_until_window_end() -> None:
    now = [120.2]
    lim = RateLimiter(RateLimitSpec.parse("api=1,minute=60"), clock=lambda: now[0])
    assert lim.check("u", "api").retry_after == 0
    blocked = lim.check("u", "api")
    assert (blocked.status, blocked.retry_after, blocked.headers["Retry-After"]) == (429, 60, "60")
    now[0] = 179.5
    assert lim.check("u", "api").retry_after == 1
    now[0] = 180.0
    assert lim.check("u", "api").allowed
