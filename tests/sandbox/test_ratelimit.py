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
