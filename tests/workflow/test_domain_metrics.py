"""Workflow's domain gauges on /metrics: the outbox backlog and its oldest event's age, dead letters and the
scheduler's lag, read from the database at each scrape — and nothing that moves when a sealed application
is submitted."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from tests.workflow.factories import DEAD_LETTER_ATTEMPTS, Api, Matching, dead_letter_relay

DOMAIN = (
    "workflow_outbox_backlog",
    "workflow_outbox_oldest_age_seconds",
    "workflow_outbox_dead_letters",
    "workflow_scheduler_lag_seconds",
    "workflow_domain_metrics_up",
)


def scrape(api: Api) -> dict[str, float]:
    response = api.get("/metrics")
    assert response.status_code == 200
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if not sample.name.startswith("http_")
    }


def test_the_outbox_backlog_and_its_age_then_dead_letters(api: Api, app: FastAPI) -> None:
    before = scrape(api)
    assert {name: before[name] for name in DOMAIN} == dict.fromkeys(DOMAIN, 0.0) | {"workflow_domain_metrics_up": 1.0}
    api.open_challenge()
    api.clock.advance(timedelta(seconds=90))
    waiting = scrape(api)
    assert waiting["workflow_outbox_backlog"] >= 1
    assert waiting["workflow_outbox_oldest_age_seconds"] == 90.0
    assert waiting["workflow_outbox_dead_letters"] == 0

    relay, dead = dead_letter_relay(app, Matching())  # a consumer that never accepts
    for _ in range(DEAD_LETTER_ATTEMPTS + 1):
        asyncio.run(dead.run_once(relay))
    given_up = scrape(api)
    assert given_up["workflow_outbox_dead_letters"] == waiting["workflow_outbox_backlog"]
    assert given_up["workflow_outbox_backlog"] == 0
    assert given_up["workflow_outbox_oldest_age_seconds"] == 0


def test_the_scheduler_lag_is_the_age_of_the_oldest_due_check(api: Api) -> None:
    api.open_challenge()
    assert scrape(api)["workflow_scheduler_lag_seconds"] == 0  # nothing due yet
    api.clock.advance(timedelta(days=30))
    lag = scrape(api)["workflow_scheduler_lag_seconds"]
    assert lag > 0
    api.clock.advance(timedelta(seconds=60))
    assert scrape(api)["workflow_scheduler_lag_seconds"] == lag + 60
    while api.tick():
        pass
    assert scrape(api)["workflow_scheduler_lag_seconds"] == 0


def test_nothing_on_metrics_moves_when_a_sealed_application_is_submitted(api: Api) -> None:
    cid = api.open_challenge()
    api.apply(cid, "vendor1")
    before = scrape(api)
    for vendor in ("vendor2", "vendor3"):
        api.apply(cid, vendor)
    after = scrape(api)
    assert after == before
    assert not [name for name in after if "application" in name or "submission" in name]
