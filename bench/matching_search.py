"""Search benchmark on a generated corpus: the API against the backend directly, in the same run.

    .venv/bin/python -m bench.matching_search --docs 100000 --queries 300 --through-service 500 --clients 8

Measures (1) the backend's bulk insert (documents/s), (2) indexing through the service (POST /products,
outbox, index, until searchable; documents/s), (3) search p50/p95 directly on the backend and through the
HTTP API of a real uvicorn process over the same index.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kit.settings import AuthSettings
from kit.testing import demo_token
from kit.tokens import TokenCodec
from matching.search.embedded import EmbeddedBackend
from matching.search.filters import Eq, Range, all_of
from matching.search.params import DEFAULT_FACETS
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from matching.vocabulary import CAPABILITY_TAGS, DISTRICTS, QUALIFICATION_LABELS, SCENARIO_DOMAINS, SEVEN_ENDS

ROOT = Path(__file__).resolve().parents[1]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--through-service", type=int, default=1000, help="products created through the API")
    ap.add_argument("--clients", type=int, default=8, help="concurrent API clients creating products")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="matching-bench-"))
    index_dir, db = work / "index", work / "matching.db"
    env = {
        **os.environ,
        "MATCHING_DATABASE_URL": f"sqlite:///{db}",
        "MATCHING_INDEX_DIR": str(index_dir),
        "APP_ENV": "dev",
        "MATCHING_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "kit.migrate", "matching", "upgrade", "head", "--url", f"sqlite:///{db}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )

    backend = EmbeddedBackend(SCHEMA, index_dir)
    started = time.perf_counter()
    count = backend.reindex(corpus(args.docs))
    bulk_seconds = time.perf_counter() - started
    backend.close()
    print(f"bulk insert: {count} docs in {bulk_seconds:.1f}s = {count / bulk_seconds:,.0f} docs/s")

    rnd = random.Random(11)
    mix = [request_mix(rnd) for _ in range(args.queries)]
    reader = EmbeddedBackend(SCHEMA, index_dir)
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "matching.app:create_app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            for _ in range(300):
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            for request, params in mix[:20]:
                reader.search(request)
                client.get("/search", params=params)
            # Interleaved, so both paths see the same machine load and caches.
            direct, api = [], []
            for request, params in mix:
                t = time.perf_counter()
                reader.search(request)
                direct.append(time.perf_counter() - t)
                t = time.perf_counter()
                r = client.get("/search", params=params)
                api.append(time.perf_counter() - t)
                r.raise_for_status()
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
    finally:
        proc.terminate()
        proc.wait(10)
    print(
        f"search direct:   p50 {pct(direct, 50):6.1f} ms  p95 {pct(direct, 95):6.1f} ms  "
        f"mean {statistics.mean(direct) * 1000:6.1f} ms  ({len(direct)} queries)"
    )
    print(
        f"search via API:  p50 {pct(api, 50):6.1f} ms  p95 {pct(api, 95):6.1f} ms  "
        f"mean {statistics.mean(api) * 1000:6.1f} ms"
    )
    print(
        f"through service: {args.through_service} products by {args.clients} clients in {service_seconds:.1f}s = "
        f"{args.through_service / service_seconds:,.0f} docs/s (each: request, transaction, outbox, index commit)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
