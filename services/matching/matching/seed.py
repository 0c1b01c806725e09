"""python -m matching.seed: demo providers, products, two published batches of demands; then the index.

Idempotent: stable ids; what exists is kept as it is. The rows are the data files in demo_data/.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from demo.accounts import ORG_BY_KEY, demo_id
from demo.data import SeedRow, load
from kit.clock import Clock, SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.migrate import upgrade
from matching.config import Settings
from matching.dates import add_years
from matching.models import Batch, Demand, Interest, Product, Provider, Qualification, Recognition
from matching.search.factory import make_backend
from matching.search.maintenance import reindex
from matching.vocabulary import normalise_scheme

DATA_DIR = Path(__file__).resolve().parent / "demo_data"


class LabelRow(SeedRow):
    label: str
    level: str
    valid_until: date


class ProviderRow(SeedRow):
    """A provider; a key naming a demo organisation takes that organisation's id, name and district."""

    key: str
    name: str
    org_type: str
    district: str
    capability_tags: list[str]
    scenario_domains: list[str]
    summary: str
    labels: list[LabelRow]


class IndicatorRow(SeedRow):
    name: str
    value: str


class RecognitionRow(SeedRow):
    scheme: str
    level: str
    edition_year: int
    recognised_on: date


class ProductRow(SeedRow):
    owner: str  # a provider's key
    name: str
    category: str
    tags: list[str]  # end tags; the layer tags are the same less 数字安防
    summary: str
    indicators: list[IndicatorRow]
    recognitions: list[RecognitionRow]


class DemandRow(SeedRow):
    title: str
    demand_type: str
    scenario_domain: str
    end_tags: list[str]
    layer_tags: list[str]
    publisher_name: str
    publisher_kind: str
    district: str
    pain_points: str
    required_capabilities: str
    budget_min: int  # 万元
    budget_max: int  # 万元
    cooperation_mode: str
    required_qualifications: list[str]


class BatchRow(SeedRow):
    code: str
    name: str
    published_at: datetime
    demands: list[DemandRow]  # coded <batch code>-001, -002, … in this order


class InterestRow(SeedRow):
    demand_code: str
    vendor: str  # a demo vendor organisation's key
    status: str


PROVIDERS = load(DATA_DIR / "providers.json", ProviderRow)
PRODUCTS = load(DATA_DIR / "products.json", ProductRow)
BATCHES = load(DATA_DIR / "batches.json", BatchRow)
INTERESTS = load(DATA_DIR / "interests.json", InterestRow)


def provider_id(key: str) -> str:
    return ORG_BY_KEY[key].id if key in ORG_BY_KEY else demo_id(f"provider:{key}")


def seed_providers(session: Session, now: datetime) -> int:
    created = 0
    for row in PROVIDERS:
        pid = provider_id(row.key)
        if session.get(Provider, pid) is not None:
            continue
        demo = ORG_BY_KEY.get(row.key)
        labels, summary = row.labels, row.summary
        session.add(
            Provider(
                id=pid,
                name=demo.name if demo else row.name,
                org_type=row.org_type,
                district=demo.district if demo else row.district,
                summary=summary,
                capability_tags=row.capability_tags,
                scenario_domains=row.scenario_domains,
                cases=[{"title": f"{summary.split('，')[0]}示范项目", "description": summary, "year": 2025}],
                certifications=["ISO9001"],
                website="",
                verified=bool(labels),
                verified_at=now if labels else None,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        for q in labels:
            session.add(
                Qualification(
                    provider_id=pid,
                    label=q.label,
                    level=q.level,
                    certificate_no=f"{q.label[:2]}-{pid[:8]}".upper(),
                    valid_from=add_years(q.valid_until, -3),
                    valid_until=q.valid_until,
                )
            )
        created += 1
    return created


def seed_products(session: Session, now: datetime) -> int:
    created = 0
    for row in PRODUCTS:
        pid = demo_id(f"product:{row.name}")
        if session.get(Product, pid) is not None:
            continue
        owner = session.get(Provider, provider_id(row.owner))
        assert owner is not None
        session.add(
            Product(
                id=pid,
                owner_org_id=owner.id,
                owner_name=owner.name,
                name=row.name,
                category=normalise_scheme(row.category),
                summary=row.summary,
                layer_tags=[t for t in row.tags if t not in ("数字安防",)],
                end_tags=row.tags,
                indicators=[{"name": i.name, "value": i.value} for i in row.indicators],
                cases=[],
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        for r in row.recognitions:
            session.add(
                Recognition(
                    product_id=pid,
                    scheme=normalise_scheme(r.scheme),
                    level=r.level,
                    edition_year=r.edition_year,
                    certificate_no=f"SDT-{r.edition_year}-{pid[:6]}".upper(),
                    recognised_on=r.recognised_on,
                    valid_until=add_years(r.recognised_on, 3),
                )
            )
        created += 1
    return created


def _demand(code: str, batch_id: str, row: DemandRow, published: datetime) -> Demand:
    publisher, district = row.publisher_name, row.district
    return Demand(
        id=demo_id(f"demand:{code}"),
        batch_id=batch_id,
        code=code,
        title=row.title,
        demand_type=row.demand_type,
        scenario_domain=row.scenario_domain,
        layer_tags=row.layer_tags,
        end_tags=row.end_tags,
        publisher_org_id=None,
        publisher_name=publisher,
        publisher_kind=row.publisher_kind,
        district=district,
        background=f"{publisher}结合“中国视谷”建设，围绕{row.scenario_domain}场景提出本需求。",
        pain_points=row.pain_points,
        required_capabilities=row.required_capabilities,
        technical_indicators="准确率不低于95%，支持国产化部署，提供试点运行报告。",
        data_offered="可开放脱敏样本数据" if row.demand_type != "产品采购" else "",
        sites_offered=f"{district}试点场地",
        required_qualifications=row.required_qualifications,
        budget_min=Decimal(row.budget_min),
        budget_max=Decimal(row.budget_max),
        cooperation_mode=row.cooperation_mode,
        timeline="6-12个月",
        contact_name="张工",
        contact_phone="0571-8765" + code[-4:].replace("-", "0"),
        valid_until=(published + timedelta(days=540)).date(),
        status="published",
        review_note="",
        extra={},
        version=1,
        created_at=published,
        updated_at=published,
        published_at=published,
    )


def seed_batches(session: Session) -> int:
    created = 0
    for batch in BATCHES:
        code, name, published = batch.code, batch.name, batch.published_at
        bid = demo_id(f"batch:{code}")
        if session.get(Batch, bid) is None:
            session.add(
                Batch(
                    id=bid,
                    code=code,
                    name=name,
                    description=f"幸会·杭州 机遇发布 {name}场景清单",
                    status="published",
                    created_at=published - timedelta(days=10),
                    published_at=published,
                )
            )
            session.flush()
        for i, row in enumerate(batch.demands, start=1):
            dcode = f"{code}-{i:03d}"
            if session.get(Demand, demo_id(f"demand:{dcode}")) is None:
                session.add(_demand(dcode, bid, row, published))
                created += 1
    session.flush()
    return created


def seed_interests(session: Session, now: datetime) -> None:
    for row in INTERESTS:
        code, vendor, status = row.demand_code, row.vendor, row.status
        iid = demo_id(f"interest:{code}:{vendor}")
        if session.get(Interest, iid) is not None:
            continue
        org = ORG_BY_KEY[vendor]
        session.add(
            Interest(
                id=iid,
                demand_id=demo_id(f"demand:{code}"),
                vendor_org_id=org.id,
                vendor_name=org.name,
                proposal="我司在该场景有成熟案例，愿提供试点方案与报价。",
                contact_name="李经理",
                contact_phone="0571-8600" + code[-4:].replace("-", "0"),
                contact_email=f"bd@{vendor}.example",
                status=status,
                decision_reason="预算与方案不匹配" if status == "declined" else "",
                created_at=now,
                decided_at=None if status == "pending" else now,
            )
        )


def run(settings: Settings, clock: Clock, *, progress: bool = True) -> dict[str, int]:
    url = settings.resolved_database_url("matching")
    upgrade("matching", url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    now = clock.now()
    with factory() as session, session.begin():
        counts = {"providers": seed_providers(session, now)}
        counts["products"] = seed_products(session, now)
        counts["demands"] = seed_batches(session)
        seed_interests(session, now)
    backend = make_backend(settings)
    try:
        counts["indexed"] = reindex(factory, backend, clock, progress=progress)
    finally:
        backend.close()
        engine.dispose()
    return counts


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="python -m matching.seed", description=__doc__).parse_args(argv)
    counts = run(Settings(), SystemClock())
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
