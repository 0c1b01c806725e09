"""Full reindex from the database against the engine's bulk insert of the same documents, same run.

    .venv/bin/python -m bench.matching_reindex                      # SQLite and PostgreSQL (if reachable)
    .venv/bin/python -m bench.matching_reindex --db sqlite --docs 40000 --rounds 5

Stores --docs generated entities in a matching database (a temporary SQLite file, or a PostgreSQL database
created for the run and dropped afterwards): a quarter providers with their qualification labels, half
products with their recognitions, a quarter published demands in ten opportunity-list batches. Then, into a
new empty embedded (tantivy + jieba) index directory each time, with the same documents:

  bulk      the engine's bulk insert (EmbeddedBackend.reindex) of the documents built beforehand (the baseline)
  reindex   matching.search.maintenance.reindex(): read every row from the database, build the documents
            (text, facets, digest) and bulk-insert them, in this process
  cli       `python -m matching.search reindex`, the command an operator runs: a new process (imports, engine,
            backend) doing the same
  build     reading the rows and building the documents only, no index (where reindex's extra time goes)

Each timing runs until the index is committed and its writer closed. The measurements alternate within
every round and the order rotates from round to round. Prints, per database, the median documents/s over
the rounds and the ratio to the bulk insert, as a Markdown table.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text

from bench.common import ROOT
from bench.matching_search import WORDS
from kit.clock import ManualClock
from kit.db import make_engine, make_sessionmaker
from kit.migrate import upgrade
from matching.dates import today
from matching.models import Batch, Demand, Product, Provider, Qualification, Recognition
from matching.search import analysis
from matching.search.documents import all_documents
from matching.search.embedded import EmbeddedBackend
from matching.search.maintenance import reindex
from matching.search.schema import SCHEMA
from matching.vocabulary import (
    CAPABILITY_TAGS,
    COOPERATION_MODES,
    DEMAND_TYPES,
    DISTRICTS,
    LAYERS,
    PUBLISHER_KINDS,
    QUALIFICATION_LABELS,
    QUALIFICATION_LEVELS,
    RECOGNITION_SCHEMES,
    SCENARIO_DOMAINS,
    SEVEN_ENDS,
)
from tests.support.databases import PG_ADMIN_URL

CASES = ("bulk", "reindex", "cli", "build")
LABELS = {
    "bulk": "engine bulk insert of the built documents (baseline)",
    "reindex": "full reindex from the database, in process",
    "cli": "`python -m matching.search reindex` (new process)",
    "build": "read rows and build documents only, no index",
}
CHUNK = 2000
NOW = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)


def sentence(rnd: random.Random, words: int) -> str:
    return "，".join("".join(rnd.sample(WORDS, 3)) for _ in range(words // 3)) + "。"


def rows(n: int, seed: int = 5) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """(table, rows) in chunks: n documents' worth of providers, products and demands with their details."""
    rnd = random.Random(seed)
    n_providers, n_demands = n // 4, n // 4
    n_products = n - n_providers - n_demands
    batches = [
        {"id": f"batch-{i}", "code": f"2026-{i:02d}", "name": f"2026年第{i + 1}批场景机会清单", "created_at": NOW}
        for i in range(10)
    ]
    yield Batch.__table__, batches
    providers: list[dict[str, Any]] = []
    quals: list[dict[str, Any]] = []
    for i in range(n_providers):
        pid = f"prov-{i:07d}"
        providers.append(
            {
                "id": pid,
                "name": f"杭州{''.join(rnd.sample(WORDS, 2))}科技有限公司{i}",
                "district": rnd.choice(DISTRICTS),
                "summary": sentence(rnd, 12),
                "capability_tags": rnd.sample(CAPABILITY_TAGS, 4),
                "scenario_domains": rnd.sample(SCENARIO_DOMAINS, 2),
                "cases": [{"title": sentence(rnd, 3), "description": sentence(rnd, 9)} for _ in range(2)],
                "certifications": ["ISO 9001"],
                "verified": i % 3 != 0,
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        for label in rnd.sample(QUALIFICATION_LABELS, rnd.randint(0, 2)):
            quals.append(
                {
                    "id": f"q-{len(quals)}",
                    "provider_id": pid,
                    "label": label,
                    "level": rnd.choice(QUALIFICATION_LEVELS),
                    "valid_until": date(2028, 12, 31),
                }
            )
        if len(providers) == CHUNK:
            yield Provider.__table__, providers
            providers = []
    yield Provider.__table__, providers
    for start in range(0, len(quals), CHUNK):
        yield Qualification.__table__, quals[start : start + CHUNK]
    products: list[dict[str, Any]] = []
    recs: list[dict[str, Any]] = []
    for i in range(n_products):
        owner = rnd.randrange(n_providers)
        scheme = RECOGNITION_SCHEMES[i % 2]
        products.append(
            {
                "id": f"prod-{i:07d}",
                "owner_org_id": f"prov-{owner:07d}",
                "owner_name": f"杭州科技有限公司{owner}",
                "name": f"{''.join(rnd.sample(WORDS, 3))}系统{i}",
                "category": scheme if i % 3 == 0 else "普通产品",
                "summary": sentence(rnd, 12),
                "layer_tags": [rnd.choice(list(LAYERS))],
                "end_tags": rnd.sample(SEVEN_ENDS, 2),
                "indicators": [{"name": "检出率", "value": "99.5%"}, {"name": "响应时间", "value": "50 ms"}],
                "cases": [{"title": sentence(rnd, 3), "description": sentence(rnd, 6)}],
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        if i % 3 == 0:
            recs.append(
                {
                    "id": f"r-{i}",
                    "product_id": f"prod-{i:07d}",
                    "scheme": scheme,
                    "level": "provincial",
                    "edition_year": 2025,
                    "recognised_on": date(2025, 6, 1),
                    "valid_until": date(2028, 6, 1),
                }
            )
        if len(products) == CHUNK:
            yield Product.__table__, products
            products = []
    yield Product.__table__, products
    for start in range(0, len(recs), CHUNK):
        yield Recognition.__table__, recs[start : start + CHUNK]
    demands: list[dict[str, Any]] = []
    for i in range(n_demands):
        demands.append(
            {
                "id": f"dem-{i:07d}",
                "batch_id": f"batch-{i % 10}",
                "code": f"D2026-{i:07d}",
                "title": f"{''.join(rnd.sample(WORDS, 3))}场景需求{i}",
                "demand_type": rnd.choice(DEMAND_TYPES),
                "scenario_domain": rnd.choice(SCENARIO_DOMAINS),
                "layer_tags": ["应用层"],
                "end_tags": rnd.sample(SEVEN_ENDS, 2),
                "publisher_name": f"杭州市{rnd.choice(DISTRICTS)}某单位",
                "publisher_kind": rnd.choice(PUBLISHER_KINDS),
                "district": rnd.choice(DISTRICTS),
                "background": sentence(rnd, 30),
                "pain_points": sentence(rnd, 9),
                "required_capabilities": sentence(rnd, 9),
                "technical_indicators": sentence(rnd, 6),
                "budget_min": rnd.randint(10, 300),
                "budget_max": rnd.randint(300, 2000),
                "cooperation_mode": rnd.choice(COOPERATION_MODES),
                "valid_until": date(2027, 6, 30),
                "status": "published",
                "created_at": NOW,
                "updated_at": NOW,
                "published_at": NOW - timedelta(days=i % 300),
            }
        )
        if len(demands) == CHUNK:
            yield Demand.__table__, demands
            demands = []
    yield Demand.__table__, demands


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A database named after this process, dropped on the way out; None when PostgreSQL is unreachable."""
    name = f"shigu_bench_reindex_{os.getpid()}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        admin.dispose()
        yield None
        return
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(url: str, n: int, rounds: int, work: Path) -> dict[str, list[float]]:
    """Documents/s per case per round."""
    upgrade("matching", url)
    engine = make_engine(url)
    with engine.begin() as conn:
        for table, chunk in rows(n):
            if chunk:
                conn.execute(insert(table), chunk)
    factory = make_sessionmaker(engine)
    clock = ManualClock(NOW)
    with factory() as session:
        docs = list(all_documents(session, today(clock)))
    if len(docs) != n:
        raise RuntimeError(f"{len(docs)} documents stored, {n} expected")
    env = {**os.environ, "MATCHING_DATABASE_URL": url, "APP_ENV": "dev", "MATCHING_LOG_LEVEL": "WARNING"}

    def into_new_index(fill: Callable[[EmbeddedBackend], int]) -> float:
        path = Path(tempfile.mkdtemp(dir=work))
        started = time.perf_counter()
        backend = EmbeddedBackend(SCHEMA, path)
        count = fill(backend)
        backend.close()
        seconds = time.perf_counter() - started
        shutil.rmtree(path)
        if count != n:
            raise RuntimeError(f"indexed {count} of {n}")
        return n / seconds

    def cli() -> float:
        path = Path(tempfile.mkdtemp(dir=work))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "matching.search", "reindex"],
            cwd=ROOT,
            env={**env, "MATCHING_INDEX_DIR": str(path)},
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        shutil.rmtree(path)
        return n / seconds

    def build() -> float:
        started = time.perf_counter()
        with factory() as session:
            count = sum(1 for _ in all_documents(session, today(clock)))
        return count / (time.perf_counter() - started)

    ops: dict[str, Callable[[], float]] = {
        "bulk": lambda: into_new_index(lambda b: b.reindex(docs)),
        "reindex": lambda: into_new_index(lambda b: reindex(factory, b, clock)),
        "cli": cli,
        "build": build,
    }
    analysis.index_tokens("视觉检测")  # loads the segmenter's dictionary once, outside the timings
    results: dict[str, list[float]] = {case: [] for case in CASES}
    for r in range(rounds):
        for k in range(len(CASES)):
            case = CASES[(r + k) % len(CASES)]
            results[case].append(ops[case]())
    engine.dispose()
    for case, values in results.items():
        print(f"{case}: docs/s per round " + ", ".join(f"{v:,.0f}" for v in values), file=sys.stderr)
    return results


def table(name: str, results: dict[str, list[float]]) -> list[str]:
    med = {case: statistics.median(values) for case, values in results.items()}
    return [
        f"| {name} | {LABELS[case]} | {med[case]:,.0f} | "
        + ("1.00" if case == "bulk" else f"{med[case] / med['bulk']:.2f} × bulk")
        + " |"
        for case in CASES
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--docs", type=int, default=20_000, help="stored entities, one document each")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median reported)")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    out = ["| database | case | docs/s | ratio |", "|---|---|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="matching-reindex-") as tmp:
        work = Path(tmp)
        if args.db in ("sqlite", "both"):
            out += table("SQLite", measure(f"sqlite:///{work / 'matching.db'}", args.docs, args.rounds, work))
        if args.db in ("postgres", "both"):
            with postgres_database() as pg:
                out += (
                    table("PostgreSQL", measure(pg, args.docs, args.rounds, work))
                    if pg
                    else ["| PostgreSQL | unreachable | | |"]
                )
    print(f"\n{args.docs:,} documents, a new index each time, median of {args.rounds} interleaved rounds\n")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
