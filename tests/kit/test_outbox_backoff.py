"""The outbox's retry timing (kit.outbox.Backoff), shared by the event relay and the search-index delivery."""

from __future__ import annotations

from datetime import timedelta

from kit.outbox import Backoff


def test_delays_double_up_to_the_cap() -> None:
    backoff = Backoff(base=2.0, factor=2.0, cap=300.0, jitter=0.0)
    assert [backoff.delay(n).total_seconds() for n in (1, 2, 3, 8, 9)] == [2, 4, 8, 256, 300]


def test_a_row_failing_for_days_does_not_overflow() -> None:
    # 2.0 ** 1100 raises OverflowError; the relay would have crashed on a row with that many attempts.
    assert Backoff(jitter=0.0).delay(5000) == timedelta(seconds=300)


def test_jitter_only_lengthens() -> None:
    delays = {Backoff(base=1.0, jitter=0.1).delay(3).total_seconds() for _ in range(50)}
    assert all(4.0 <= d <= 4.4 for d in delays)
