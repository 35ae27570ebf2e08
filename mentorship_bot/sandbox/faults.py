"""Seeded, repeatable fault injection: the failures a nightly GitLab bot must survive.

Kinds: a 5xx before the write happens; a 5xx after it happened (the response is lost); a dropped
connection after it happened; a 429 with ``Retry-After``. One draw per request from a seeded
generator, so the same request sequence meets the same faults. Latency is added with jitter.
"""

from __future__ import annotations

import enum
import random
import threading
from collections import Counter
from dataclasses import dataclass, fields

ALIASES = {"429": "rate_limited", "5xx_before": "error_before", "5xx_after": "error_after"}


class Fault(enum.Enum):
    NONE = "none"
    ERROR_BEFORE = "error_before"
    ERROR_AFTER = "error_after"
    DROP_AFTER = "drop_after"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class FaultSpec:
    error_before: float = 0.0
    error_after: float = 0.0
    drop_after: float = 0.0
    rate_limited: float = 0.0
    retry_after: int = 1
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    seed: int = 0

    @classmethod
    def parse(cls, spec: str | None) -> FaultSpec:
        """``error_before=0.05,error_after=0.05,drop_after=0.02,429=0.01,seed=7``."""
        if not spec or spec.strip().lower() == "none":
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, float | int] = {}
        for part in spec.split(","):
            key, sep, value = part.strip().partition("=")
            key = ALIASES.get(key, key)
            if not sep or key not in known:
                raise ValueError(f"unknown fault setting {part.strip()!r}; expected "
                                 f"{', '.join(known)} (as key=value)")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"{key} needs a number, got {value!r}") from None
            values[key] = int(number) if key in ("retry_after", "seed") else number
        made = cls(**values)  # type: ignore[arg-type]
        chances = (made.error_before, made.error_after, made.drop_after, made.rate_limited)
        if any(not 0 <= c <= 1 for c in chances) or sum(chances) > 1:
            raise ValueError("fault probabilities are each from 0 to 1 and add up to at most 1")
        return made

    @property
    def active(self) -> bool:
        return bool(self.error_before or self.error_after or self.drop_after
                    or self.rate_limited or self.latency_ms or self.jitter_ms)


class FaultInjector:
    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._faults = random.Random(spec.seed)
        self._latency = random.Random(spec.seed + 1)
        self._lock = threading.Lock()
        self.injected: Counter[str] = Counter()

    def decide(self, method: str = "", path: str = "", is_write: bool = False) -> Fault:
        """The fault for the next request; after-write faults only hit writes.

        One rng draw per call, so a given request sequence is repeatable; method and
        path are accepted for the brief's interface and logging, not used in the roll.
        """
        spec = self.spec
        with self._lock:
            roll = self._faults.random()
            for fault, chance in ((Fault.ERROR_BEFORE, spec.error_before),
                                  (Fault.RATE_LIMITED, spec.rate_limited),
                                  (Fault.ERROR_AFTER, spec.error_after if is_write else 0.0),
                                  (Fault.DROP_AFTER, spec.drop_after if is_write else 0.0)):
                if roll < chance:
                    self.injected[fault.value] += 1
                    return fault
                roll -= chance
            return Fault.NONE

    def latency_seconds(self) -> float:
        spec = self.spec
        if not spec.latency_ms and not spec.jitter_ms:
            return 0.0
        with self._lock:
            jitter = self._latency.uniform(-spec.jitter_ms, spec.jitter_ms)
        return max(0.0, spec.latency_ms + jitter) / 1000

    def counts(self) -> dict[str, int]:
        """Faults injected so far, by kind (Fault.value)."""
        with self._lock:
            return dict(self.injected)
