"""python -m matching.seed: demo providers, products, two published batches of demands; then the index.

Idempotent: stable ids; what exists is kept as it is.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from kit.clock import Clock, SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.demo import ORG_BY_KEY, demo_id
from kit.migrate import upgrade
from matching.config import Settings
from matching.dates import add_years
from matching.models import Batch, Demand, Interest, Product, Provider, Qualification, Recognition
from matching.search.factory import make_backend
from matching.search.maintenance import reindex
from matching.seed_data import DEMANDS, DEMANDS_2, PRODUCTS, PROVIDERS, DemandRow
from matching.vocabulary import normalise_scheme

BATCHES = (
    ("2025-4", "2025年第4批", DEMANDS, datetime(2025, 12, 18, 2, 0, tzinfo=UTC)),
    ("2026-1", "2026年第1批", DEMANDS_2, datetime(2026, 4, 16, 2, 0, tzinfo=UTC)),
)


def provider_id(key: str) -> str:
    return ORG_BY_KEY[key].id if key in ORG_BY_KEY else demo_id(f"provider:{key}")


def seed_providers(session: Session, now: datetime) -> int:
    created = 0
    for key, name, org_type, district, tags, domains, summary, labels in PROVIDERS:
        pid = provider_id(key)
        if session.get(Provider, pid) is not None:
            continue
        demo = ORG_BY_KEY.get(key)
        session.add(
            Provider(
                id=pid,
                name=demo.name if demo else name,
                org_type=org_type,
                district=demo.district if demo else district,
                summary=summary,
                capability_tags=tags,
                scenario_domains=domains,
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
        for label, level, until in labels:
            valid_until = date.fromisoformat(until)
            session.add(
                Qualification(
                    provider_id=pid,
                    label=label,
                    level=level,
                    certificate_no=f"{label[:2]}-{pid[:8]}".upper(),
                    valid_from=add_years(valid_until, -3),
                    valid_until=valid_until,
                )
            )
        created += 1
    return created


def seed_products(session: Session, now: datetime) -> int:
    created = 0
    for owner_key, name, category, tags, summary, indicators, recognitions in PRODUCTS:
        pid = demo_id(f"product:{name}")
        if session.get(Product, pid) is not None:
            continue
        owner = session.get(Provider, provider_id(owner_key))
        assert owner is not None
        session.add(
            Product(
                id=pid,
                owner_org_id=owner.id,
                owner_name=owner.name,
                name=name,
                category=normalise_scheme(category),
                summary=summary,
                layer_tags=[t for t in tags if t not in ("数字安防",)],
                end_tags=tags,
                indicators=[{"name": n, "value": v} for n, v in indicators],
                cases=[],
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        for scheme, level, year, on in recognitions:
            recognised = date.fromisoformat(on)
            session.add(
                Recognition(
                    product_id=pid,
                    scheme=normalise_scheme(scheme),
                    level=level,
                    edition_year=year,
                    certificate_no=f"SDT-{year}-{pid[:6]}".upper(),
                    recognised_on=recognised,
                    valid_until=add_years(recognised, 3),
                )
            )
        created += 1
    return created


def _demand(code: str, batch_id: str, row: DemandRow, published: datetime) -> Demand:
    (title, dtype, domain, ends, layers, publisher, pkind, district, pain, capabilities, bmin, bmax, mode, quals) = row
    return Demand(
        id=demo_id(f"demand:{code}"),
        batch_id=batch_id,
        code=code,
        title=title,
        demand_type=dtype,
        scenario_domain=domain,
        layer_tags=layers,
        end_tags=ends,
        publisher_org_id=None,
        publisher_name=publisher,
        publisher_kind=pkind,
        district=district,
        background=f"{publisher}结合“中国视谷”建设，围绕{domain}场景提出本需求。",
        pain_points=pain,
        required_capabilities=capabilities,
        technical_indicators="准确率不低于95%，支持国产化部署，提供试点运行报告。",
        data_offered="可开放脱敏样本数据" if dtype != "产品采购" else "",
        sites_offered=f"{district}试点场地",
        required_qualifications=quals,
        budget_min=Decimal(bmin),
        budget_max=Decimal(bmax),
        cooperation_mode=mode,
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
    for code, name, rows, published in BATCHES:
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
        for i, row in enumerate(rows, start=1):
            dcode = f"{code}-{i:03d}"
            if session.get(Demand, demo_id(f"demand:{dcode}")) is None:
                session.add(_demand(dcode, bid, row, published))
                created += 1
    session.flush()
    return created


def seed_interests(session: Session, now: datetime) -> None:
    plan = [
        ("2025-4-002", "vendor1", "deal"),
        ("2025-4-001", "vendor2", "deal"),
        ("2025-4-003", "vendor4", "pending"),
        ("2025-4-007", "vendor1", "declined"),
        ("2026-1-002", "vendor1", "pending"),
        ("2026-1-005", "vendor3", "pending"),
    ]
    for code, vendor, status in plan:
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
