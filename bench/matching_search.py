"""Search and indexing on a generated corpus, each against the engine used directly, in the same run.

    .venv/bin/python -m bench.matching_search --docs 100000 --queries 300 --through-service 500 --clients 8

Measures
  (1) the embedded engine's bulk insert of the corpus (documents/s; the baseline for indexing);
  (2) search latency, p50 and p95, for the same query mix on three paths, interleaved query by query:
      a direct query on the engine in this process (the baseline), GET /search on the matching service (a
      real uvicorn process over the same index directory: HTTP, middleware, validation, response model),
      and GET /api/matching/search through the gateway (a second uvicorn process proxying to matching);
      the median over --rounds rounds of each round's p50 and p95, and the ratios of the median p50s;
  (3) indexing through the service: POST /products from --clients threads, then the outbox delivers to the
      index, until every product is searchable (documents/s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import uvicorn_process
from demo.tokens import demo_token
from kit.migrate import upgrade
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from matching.search.embedded import EmbeddedBackend
from matching.search.filters import Eq, Range, all_of
from matching.search.params import DEFAULT_FACETS
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from matching.vocabulary import CAPABILITY_TAGS, DISTRICTS, QUALIFICATION_LABELS, SCENARIO_DOMAINS, SEVEN_ENDS

WORDS = (
    "视觉",
    "检测",
    "识别",
    "平台",
    "智能",
    "缺陷",
    "巡检",
    "大模型",
    "摄像机",
    "芯片",
    "医学影像",
    "城市治理",
    "首台套",
    "机器视觉",
    "热成像",
    "无人驾驶",
    "算法",
    "数据",
    "边缘计算",
    "质检",
    "客流",
    "养老",
    "物流",
    "分拣",
    "camera",
    "inspection",
    "lidar",
    "AI",
    "传感器",
    "三维重建",
    "元宇宙",
    "数字孪生",
    "遥感",
    "病理",
    "交通",
)
QUERIES = (
    "视觉检测",
    "AI质检",
    "机器视觉",
    "医学影像",
    "热成像 巡检",
    "inspectoin",
    "首台套",
    "城市治理 大模型",
    "无人驾驶",
    "客流",
    "芯片",
    "数字孪生",
    "",
)


def corpus(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rnd = random.Random(seed)
    kinds = ("provider", "product", "demand", "challenge")
    for i in range(n):
        kind = kinds[i % 4]
        words = rnd.sample(WORDS, 6)
        ends = rnd.sample(SEVEN_ENDS, 2)
        doc: dict[str, Any] = {
            "id": f"{kind}-bench-{i}",
            "entity_id": f"bench-{i}",
            "kind": kind,
            "title": f"{''.join(words[:3])}{'方案' if kind == 'provider' else '项目'}{i}",
            "summary": "，".join(words[3:]) + f"，面向{rnd.choice(SCENARIO_DOMAINS)}场景",
            "body": " ".join(rnd.sample(WORDS, 10)),
            "tags_text": " ".join([*ends, rnd.choice(CAPABILITY_TAGS)]),
            "org_name": f"杭州{rnd.choice(WORDS)}科技有限公司",
            "district": rnd.choice(DISTRICTS),
            "layer_tags": ["应用层"],
            "end_tags": ends,
            "scenario_domain": rnd.choice(SCENARIO_DOMAINS),
            "qualification_labels": rnd.sample(QUALIFICATION_LABELS, rnd.randint(0, 2)),
            "recognition_schemes": ["首台套"] if kind == "product" and i % 3 == 0 else [],
            "status": "published" if kind == "demand" else "open",
            "verified": i % 2 == 0,
            "visibility": "public",
            "readers": [],
            "budget_min": rnd.randint(10, 300),
            "budget_max": rnd.randint(300, 2000),
            "deadline": 1_790_000_000 + rnd.randint(0, 40_000_000),
            "published_at": 1_760_000_000 + i,
            "updated_at": 1_760_000_000 + i,
            "_digest": str(i),
        }
        yield doc


def request_mix(rnd: random.Random) -> tuple[SearchRequest, dict[str, Any]]:
    q = rnd.choice(QUERIES)
    district = rnd.choice(DISTRICTS) if rnd.random() < 0.4 else None
    budget = 500 if rnd.random() < 0.3 else None
    flt = all_of(Eq("district", district) if district else None, Range("budget_max", gte=budget) if budget else None)
    params: dict[str, Any] = {"q": q, "hits_per_page": 20}
    if district:
        params["district"] = district
    if budget:
        params["budget_min"] = budget
    return SearchRequest(q=q, filter=flt, facets=DEFAULT_FACETS, hits_per_page=20), params


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


PATHS = ("direct", "api", "gateway")
LABELS = {
    "direct": "direct backend query (baseline)",
    "api": "matching API, real uvicorn process",
    "gateway": "through the gateway (`/api/matching/search`)",
}


def search_latencies(
    reader: EmbeddedBackend,
    api: httpx.Client,
    gateway: httpx.Client,
    mix: list[tuple[SearchRequest, dict[str, Any]]],
    rounds: int,
) -> dict[str, list[list[float]]]:
    """Every query on all three paths back to back; the order of the paths rotates from query to query so
    that none of them always runs first (on cold caches) or last. Returns the latencies per path per round."""

    def run(path: str, request: SearchRequest, params: dict[str, Any]) -> float:
        started = time.perf_counter()
        if path == "direct":
            reader.search(request)
        else:
            response = (api if path == "api" else gateway).get(
                "/search" if path == "api" else "/api/matching/search", params=params
            )
            if response.status_code != 200:
                raise RuntimeError(f"{path} search answered {response.status_code}: {response.text[:200]}")
        return time.perf_counter() - started

    for request, params in mix[:20]:  # warm-up: the searchers, the connection pools, the jieba dictionary
        for path in PATHS:
            run(path, request, params)
    out: dict[str, list[list[float]]] = {path: [] for path in PATHS}
    for _ in range(rounds):
        times: dict[str, list[float]] = {path: [] for path in PATHS}
        for i, (request, params) in enumerate(mix):
            for k in range(len(PATHS)):
                path = PATHS[(i + k) % len(PATHS)]
                times[path].append(run(path, request, params))
        for path in PATHS:
            out[path].append(times[path])
    return out


def search_table(latencies: dict[str, list[list[float]]]) -> list[str]:
    """Median over the rounds of each round's p50 and p95; ratios of the median p50s."""
    p50 = {path: statistics.median(pct(r, 50) for r in rounds) for path, rounds in latencies.items()}
    p95 = {path: statistics.median(pct(r, 95) for r in rounds) for path, rounds in latencies.items()}
    rows = ["| path | p50 ms | p95 ms | p50 ratio |", "|---|---:|---:|---:|"]
    for path in PATHS:
        ratio = "1.00" if path == "direct" else f"{p50[path] / p50['direct']:.2f} × direct"
        if path == "gateway":
            ratio += f", {p50['gateway'] / p50['api']:.2f} × API"
        rows.append(f"| {LABELS[path]} | {p50[path]:.1f} | {p95[path]:.1f} | {ratio} |")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Prints the bulk insert rate, a Markdown table of search p50/p95 per path with ratios, and the "
        "indexing rate through the service.",
    )
    ap.add_argument("--docs", type=int, default=100_000, help="generated documents bulk-inserted into the index")
    ap.add_argument("--queries", type=int, default=300, help="queries per round, each run on every path")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the query mix (median reported)")
    ap.add_argument("--through-service", type=int, default=1000, help="products created through the API")
    ap.add_argument("--clients", type=int, default=8, help="concurrent API clients creating products")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="matching-bench-") as tmp:
        return run(Path(tmp), args)


def run(work: Path, args: argparse.Namespace) -> int:
    index_dir, db, gateway_db = work / "index", work / "matching.db", work / "gateway.db"
    upgrade("matching", f"sqlite:///{db}")
    upgrade("gateway", f"sqlite:///{gateway_db}")
    env = {
        "MATCHING_DATABASE_URL": f"sqlite:///{db}",
        "MATCHING_INDEX_DIR": str(index_dir),
        "APP_ENV": "dev",
        "MATCHING_LOG_LEVEL": "WARNING",
    }

    backend = EmbeddedBackend(SCHEMA, index_dir)
    started = time.perf_counter()
    count = backend.reindex(corpus(args.docs))
    bulk_seconds = time.perf_counter() - started
    backend.close()
    print(f"bulk insert: {count} docs in {bulk_seconds:.1f}s = {count / bulk_seconds:,.0f} docs/s")

    rnd = random.Random(11)
    mix = [request_mix(rnd) for _ in range(args.queries)]
    reader = EmbeddedBackend(SCHEMA, index_dir)
    with uvicorn_process("matching.app:create_app", env) as matching:
        env_gw = {
            "APP_ENV": "dev",
            "GATEWAY_DATABASE_URL": f"sqlite:///{gateway_db}",
            "GATEWAY_MATCHING_URL": matching,
            "GATEWAY_LOG_LEVEL": "WARNING",
        }
        with (
            uvicorn_process("gateway.app:create_app", env_gw) as gateway_url,
            httpx.Client(base_url=matching, timeout=120) as client,
            httpx.Client(base_url=gateway_url, timeout=120) as gateway,
        ):
            for _ in range(300):
                if client.get("/readyz").status_code == 200:
                    break
                time.sleep(0.2)
            latencies = search_latencies(reader, client, gateway, mix, args.rounds)
            token = demo_token(TokenCodec(AuthSettings()), "vendor1", datetime.now(UTC))
            headers = {"Authorization": f"Bearer {token}"}
            started = time.perf_counter()

            def create(i: int) -> None:
                body = {
                    "name": f"基准测试产品{i} 视觉检测设备",
                    "category": "首台套",
                    "end_tags": ["工业视觉"],
                    "summary": "面向工业视觉的在线检测",
                    "recognitions": [
                        {
                            "scheme": "首台(套)",
                            "level": "provincial",
                            "edition_year": 2025,
                            "recognised_on": "2025-06-01",
                        }
                    ],
                }
                client.post("/products", json=body, headers=headers).raise_for_status()

            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(create, range(args.through_service)))
            while (
                client.get("/search", params={"q": "基准测试产品", "kind": "product"}).json()["total"]
                < args.through_service
            ):
                time.sleep(0.05)
            service_seconds = time.perf_counter() - started
    reader.close()
    print(f"\nsearch: {args.queries} queries × {args.rounds} interleaved rounds, median over the rounds\n")
    print("\n".join(search_table(latencies)))
    print(
        f"\nthrough service: {args.through_service} products by {args.clients} clients in {service_seconds:.1f}s = "
        f"{args.through_service / service_seconds:,.0f} docs/s (each: request, transaction, outbox, index commit)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
