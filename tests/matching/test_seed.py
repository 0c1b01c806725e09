from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.accounts import ORG_BY_KEY
from kit.clock import ManualClock
from kit.db import make_engine
from matching.config import Settings
from matching.models import Base, Demand, Interest, Product, Provider, Qualification, Recognition
from matching.search.factory import make_backend
from matching.seed import BATCHES, INTERESTS, PRODUCTS, PROVIDERS, provider_id, run
from matching.vocabulary import CORE_DISTRICTS, SEVEN_ENDS
from tests.support.databases import empty_tables


@pytest.fixture
def clean(db_url: str) -> Iterator[None]:
    empty_tables(db_url, Base.metadata)
    yield
    empty_tables(db_url, Base.metadata)


@pytest.mark.usefixtures("clean")
def test_seed_is_idempotent(settings: Settings, clock: ManualClock) -> None:
    first = run(settings, clock, progress=False)
    assert first["providers"] >= 40
    assert first["products"] == 25
    assert first["demands"] == 50
    again = run(settings, clock, progress=False)
    assert (again["providers"], again["products"], again["demands"]) == (0, 0, 0)
    assert again["indexed"] == first["indexed"]


@pytest.mark.usefixtures("clean")
def test_seeded_rows_are_the_data_files(settings: Settings, clock: ManualClock, db_url: str) -> None:
    run(settings, clock, progress=False)
    engine = make_engine(db_url)
    with Session(engine) as session:
        providers = {
            (p.id, p.org_type, p.summary, tuple(p.capability_tags), tuple(p.scenario_domains))
            for p in session.scalars(select(Provider))
        }
        labels = {(q.provider_id, q.label, q.level, q.valid_until) for q in session.scalars(select(Qualification))}
        products = {(p.name, p.owner_org_id, p.summary, tuple(p.end_tags)) for p in session.scalars(select(Product))}
        recognitions = {(r.level, r.edition_year, r.recognised_on) for r in session.scalars(select(Recognition))}
        demands = {
            (d.code, d.title, d.demand_type, d.publisher_name, d.district, d.budget_min, d.budget_max)
            for d in session.scalars(select(Demand))
        }
        interests = {(i.demand_id, i.vendor_org_id, i.status) for i in session.scalars(select(Interest))}
        codes = {d.code: d.id for d in session.scalars(select(Demand))}
    engine.dispose()
    assert providers == {
        (provider_id(p.key), p.org_type, p.summary, tuple(p.capability_tags), tuple(p.scenario_domains))
        for p in PROVIDERS
    }
    assert labels == {(provider_id(p.key), q.label, q.level, q.valid_until) for p in PROVIDERS for q in p.labels}
    assert products == {(p.name, provider_id(p.owner), p.summary, tuple(p.tags)) for p in PRODUCTS}
    assert recognitions == {(r.level, r.edition_year, r.recognised_on) for p in PRODUCTS for r in p.recognitions}
    assert demands == {
        (
            f"{b.code}-{i:03d}",
            d.title,
            d.demand_type,
            d.publisher_name,
            d.district,
            Decimal(d.budget_min),
            Decimal(d.budget_max),
        )
        for b in BATCHES
        for i, d in enumerate(b.demands, start=1)
    }
    assert interests == {(codes[i.demand_code], ORG_BY_KEY[i.vendor].id, i.status) for i in INTERESTS}


def test_seed_covers_the_seven_ends_and_the_districts() -> None:
    ends = {t for p in PROVIDERS for t in p.capability_tags if t in SEVEN_ENDS}
    assert ends == set(SEVEN_ENDS)
    assert set(CORE_DISTRICTS) <= {p.district for p in PROVIDERS}
    assert {"vendor1", "vendor2", "vendor3", "vendor4"} <= {p.key for p in PROVIDERS}


def test_settings_pick_the_backend() -> None:
    with pytest.raises(ValueError, match="MEILI_URL"):
        make_backend(Settings(search_backend="meilisearch", meili_url=""))
