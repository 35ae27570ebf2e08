"""Fault injector: brief's interface (method, path, is_write), counts, repeatability."""

from mentorship_bot.sandbox.faults import Fault, FaultInjector, FaultSpec


def test_decide_accepts_method_and_path_and_is_repeatable() -> None:
    spec = FaultSpec.parse("error_before=0.3,error_after=0.3,seed=7")
    a, b = FaultInjector(spec), FaultInjector(spec)
    seq_a = [a.decide("POST", "/api/v4/x", True) for _ in range(50)]
    seq_b = [b.decide(is_write=True) for _ in range(50)]
    assert seq_a == seq_b
    assert Fault.ERROR_AFTER in seq_a and Fault.ERROR_BEFORE in seq_a


def test_after_faults_never_hit_reads_and_counts_match() -> None:
    inj = FaultInjector(FaultSpec.parse("error_after=0.5,drop_after=0.5,seed=1"))
    assert {inj.decide("GET", "/p", False) for _ in range(100)} == {Fault.NONE}
    got = [inj.decide("PUT", "/p", True) for _ in range(100)]
    assert Fault.NONE not in got
    counts = inj.counts()
    assert sum(counts.values()) == 100
    assert counts == {f.value: got.count(f) for f in set(got)}
