"""A deadline burst through real processes, smaller than `make load` but through the same code
(bench/load_deadline_burst.py and its locustfile): 100 vendor organisations submit sealed applications
in the last 15 s before a real deadline, some retrying with the same Idempotency-Key, three more one
second after it. Correctness only: nothing lost, duplicated or accepted late, no 5xx; no timings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load_deadline_burst import (
    LATE,
    LATE_REPLAY,
    PLATFORM_ENV,
    RESEND,
    RETRY,
    BurstOptions,
    platform_scrape,
    run_burst,
)
from tests.e2e.conftest import Platform, start_platform, stop_platform

pytestmark = pytest.mark.e2e

OPTIONS = BurstOptions(vendors=100, late=3, late_replays=2, lead=20, window=15, final_seconds=5, margin=3)


@pytest.fixture(scope="module")
def burst_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    # Sandbox acceleration shortens computed periods (the minimum open period) so that a challenge
    # may close 20 s after approval; the deadline itself is absolute and kept on the real clock.
    started = start_platform(tmp_path_factory.mktemp("burst"), PLATFORM_ENV)
    yield started
    stop_platform(started)


def test_deadline_burst_loses_duplicates_and_admits_late_nothing(burst_platform: Platform, tmp_path: Path) -> None:
    workflow_db = f"sqlite:///{burst_platform.var_dir / 'workflow.db'}"
    report = run_burst(
        burst_platform.base_url, workflow_db, OPTIONS, tmp_path, burst_platform.log, platform_scrape(burst_platform)
    )

    assert report.server_errors == []
    assert report.resent == []  # one replica of each, none killed: no 502/503 to send again
    assert report.metrics_5xx == {"gateway": 0, "workflow": 0}
    assert report.lost == []
    assert report.duplicated == []
    assert report.late_accepted == []
    assert report.on_time_refused == []
    assert report.unexpected == []
    assert report.logged_errors == []
    assert report.acknowledged == report.applications == OPTIONS.vendors

    by_label: dict[str, list[int]] = {}
    for attempt in report.attempts:
        by_label.setdefault(attempt["label"], []).append(attempt["status"])
    assert by_label[LATE] == [409] * OPTIONS.late
    assert by_label[LATE_REPLAY] == [201] * OPTIONS.late_replays
    assert set(by_label[RESEND]) == {201}
    assert set(by_label[RETRY]) == {201}
    replays = [a for a in report.attempts if a["label"] in (RESEND, LATE_REPLAY)]
    assert all(a["replayed"] for a in replays), "a resent key must return the original receipt"
