"""Two replicas of every service, as real processes on PostgreSQL, behind the TLS edge (Debian's nginx on
deploy/nginx/shigu.conf.template, balancing over the two gateways), each service reaching the others'
replicas through a stand-in for compose's DNS round robin (tests/deploy/nginx.py, decision 0094). During
the deadline burst (bench/load_deadline_burst.py, the same scenario as test_load_burst.py) one replica of
each service is killed with SIGKILL. Nothing may be lost, duplicated or accepted late, and the only
answers beside the expected ones are 502/503, which the vendors send again with the same key."""

from __future__ import annotations

import os
import re
import signal
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from bench.load_deadline_burst import (
    LATE,
    LATE_REPLAY,
    PLATFORM_ENV,
    BurstOptions,
    logged_errors,
    platform_scrape,
    postgres_databases,
    run_burst,
)
from tests.deploy.nginx import Balancer, Edge, Pass, passes, start_balancer, start_edge
from tests.e2e.conftest import Platform, alive, start_platform, stop_platform
from tests.e2e.meili_standin import make_server
from tests.support.upstream import free_port

pytestmark = pytest.mark.e2e

# Fewer vendors than test_load_burst.py: eight services, two nginx and locust share CI's two cores.
OPTIONS = BurstOptions(vendors=40, late=2, late_replays=2, lead=26, window=16, final_seconds=5, margin=3, workers=2)
SERVICES = ("gateway", "matching", "workflow", "gateway-internal")
# When each service loses its second replica, in seconds before the deadline (the burst runs from 16 s
# to 3 s before it, half of it in the final 5 s).
KILLS = {"gateway": 13.0, "matching": 11.0, "workflow": 8.0, "gateway-internal": 6.0}
# Every service's address of another service, pointed at the balancer in front of that service.
PEER_URLS = {
    "GATEWAY_MATCHING_URL": "matching",
    "GATEWAY_WORKFLOW_URL": "workflow",
    "WORKFLOW_MATCHING_URL": "matching",
    "WORKFLOW_GATEWAY_URL": "gateway-internal",
    "MATCHING_GATEWAY_URL": "gateway-internal",
    "MATCHING_WORKFLOW_URL": "workflow",
    "AUTH_USER_STATUS_URL": "gateway-internal",
}
MEILI_MASTER_KEY = "replicas-master-key-0123456789abcdef"
# Read beside the burst, through the edge: one route of matching, one of workflow (its database).
READS = ("/api/matching/codelists", "/api/workflow/readyz")
# A path segment that is a row's id (a UUID, with or without its dashes).
_ID = re.compile(r"(?<=/)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?=/|$)")


@dataclass
class Replicas:
    first: Platform
    second: Platform
    balancer: Balancer
    edge: Edge
    workflow_db: str
    killed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    root = tmp_path_factory.mktemp("replicas")
    ports = {replica: [free_port() for _ in SERVICES] for replica in ("first", "second")}
    fronts = {name: free_port() for name in SERVICES[1:]}
    balancer = start_balancer(
        root / "balancer",
        {
            name: (fronts[name], [ports["first"][SERVICES.index(name)], ports["second"][SERVICES.index(name)]])
            for name in SERVICES[1:]
        },
    )
    platforms: list[Platform] = []
    edge: Edge | None = None
    engine = make_server(0, root / "meili", MEILI_MASTER_KEY)
    threading.Thread(target=engine.serve_forever, daemon=True).start()
    try:
        with postgres_databases(f"replicas{os.getpid()}") as databases:
            env = {
                **PLATFORM_ENV,
                **databases,
                **{variable: balancer.url(service) for variable, service in PEER_URLS.items()},
                "GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
                # 8 processes × (3 + 4) connections stay well inside PostgreSQL's default 100.
                "DB_POOL_SIZE": "3",
                "DB_MAX_OVERFLOW": "4",
                # One search engine for both matching replicas, as they share Meilisearch in compose (the
                # embedded index has a single writer): the Meilisearch stand-in, keys checked as the engine
                # does; each replica finds the same scoped keys with the master key (decision 0085).
                "MATCHING_SEARCH_BACKEND": "meilisearch",
                "MEILI_URL": f"http://127.0.0.1:{engine.server_address[1]}",
                "MEILI_MASTER_KEY": MEILI_MASTER_KEY,
            }
            run_args = ["--service-urls-from-env"]
            platforms.append(start_platform(root / "first", env, ports=ports["first"], run_args=run_args))
            # The second set joins the databases the first has migrated and seeded.
            platforms.append(
                start_platform(root / "second", env, ports=ports["second"], run_args=[*run_args, "--no-migrate"])
            )
            static = root / "dist"
            static.mkdir()
            (static / "index.html").write_text("<!doctype html><title>视谷机会平台</title>")
            edge = start_edge(
                root / "edge",
                gateway=[f"127.0.0.1:{p.ports['gateway']}" for p in platforms],
                static_root=static,
                http_port=free_port(),
                https_port=free_port(),
            )
            yield Replicas(platforms[0], platforms[1], balancer, edge, databases["WORKFLOW_DATABASE_URL"])
    finally:
        if edge is not None:
            edge.stop()
        for started in platforms:
            stop_platform(started)
        balancer.stop()
        engine.shutdown()
        engine.server_close()


def kill_second_replicas(replicas: Replicas, deadline: datetime) -> None:
    """SIGKILL one replica of each service at its moment before the deadline (KILLS)."""
    d = deadline.timestamp()
    for service, before in sorted(KILLS.items(), key=lambda kv: -kv[1]):
        pause = d - before - time.time()
        if pause > 0:
            time.sleep(pause)
        pid = replicas.second.pid(service)
        os.kill(pid, signal.SIGKILL)
        replicas.killed.append(f"{service} (pid {pid}) at {time.time() - d:+.1f} s")


def read_beside(edge: Edge, until: float, statuses: Counter[str]) -> None:
    """GETs through the edge until `until` (epoch seconds), counting each answer per route."""
    context = ssl.create_default_context(cafile=str(edge.cert))
    with httpx.Client(base_url=edge.origin, verify=context, timeout=30, trust_env=False) as http:
        while time.time() < until:
            for path in READS:
                try:
                    statuses[f"{path} {http.get(path).status_code}"] += 1
                except httpx.HTTPError as exc:
                    statuses[f"{path} {type(exc).__name__}"] += 1
            time.sleep(0.05)


def test_killing_one_replica_of_each_service_in_the_burst_loses_nothing(
    replicas: Replicas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reads: Counter[str] = Counter()

    def during(deadline: datetime) -> None:
        reader = threading.Thread(
            target=read_beside, args=(replicas.edge, deadline.timestamp() + 2, reads), daemon=True
        )
        reader.start()
        kill_second_replicas(replicas, deadline)
        reader.join()

    report = run_burst(
        replicas.edge.origin,
        replicas.workflow_db,
        OPTIONS,
        tmp_path,
        replicas.first.log,
        platform_scrape(replicas.first),
        ca_file=replicas.edge.cert,
        ready_paths=("/api/workflow/readyz", "/api/matching/readyz"),
        during_burst=during,
    )
    statuses = Counter(str(a["status"] or "abandoned by the client") for a in report.attempts)
    at_edge, inside = passes(replicas.edge.work), passes(replicas.balancer.work)
    edge_on, inside_on = passed_on(at_edge), passed_on(inside)
    with capsys.disabled():
        print(
            f"\nreplicas: {len(report.attempts)} submissions sent ({len(report.resent)} 502/503 sent again by "
            f"the vendors), answers {dict(sorted(statuses.items()))}; killed {replicas.killed}; "
            f"reads beside the burst {dict(sorted(reads.items()))}; acknowledged {report.acknowledged}, "
            f"stored {report.applications}; lost {len(report.lost)}, duplicated {len(report.duplicated)}, "
            f"accepted late {len(report.late_accepted)}; services' 5xx {report.metrics_5xx}\n"
            f"  edge: {len(at_edge)} requests, {served(at_edge)}; passed to the next gateway: "
            f"{sum(edge_on.values())}, per path {edge_on}\n"
            f"  balancer: {len(inside)} requests, {served(inside)}; passed to the next replica: "
            f"{sum(inside_on.values())}, per path {inside_on}"
        )

    # Every replica meant to die did, during the burst.
    assert len(replicas.killed) == len(SERVICES)
    for service in SERVICES:
        assert reaped(replicas.second.pid(service)), f"the killed {service} replica is still there"
        assert alive(replicas.first.pid(service)), f"the surviving {service} replica died"

    assert report.lost == []
    assert report.duplicated == []
    assert report.late_accepted == []
    assert report.on_time_refused == []
    assert report.unexpected == []
    # A 5xx other than a 502/503 that was sent again would be here.
    assert report.server_errors == []
    assert report.acknowledged == report.applications == OPTIONS.vendors
    assert set(statuses) <= {"201", "409", "502", "503", "abandoned by the client"}
    final = [a for a in report.attempts if not a.get("resent")]
    assert [a["status"] for a in final if a["label"] == LATE] == [409] * OPTIONS.late
    assert [a["status"] for a in final if a["label"] == LATE_REPLAY] == [201] * OPTIONS.late_replays
    # The reads are GETs, which the edge (and the stand-in balancer) pass to the next replica.
    assert reads, "nothing was read beside the burst"
    assert {key.rsplit(" ", 1)[1] for key in reads} <= {"200", "502", "503"}, reads
    # Both gateways took requests from the edge, both replicas of each service from the balancer.
    gateways = {f"127.0.0.1:{p.ports['gateway']}" for p in (replicas.first, replicas.second)}
    assert gateways <= {u for x in at_edge for u in x.upstreams}
    for service in SERVICES[1:]:
        ports = {f"127.0.0.1:{p.ports[service]}" for p in (replicas.first, replicas.second)}
        assert ports <= {u for x in inside for u in x.upstreams}, service
    assert report.logged_errors == []
    assert logged_errors(replicas.second.log) == []


def reaped(pid: int) -> bool:
    """A killed replica is a zombie until scripts/run.py reaps it (it polls its children twice a second)."""
    for _ in range(100):
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


def served(log: list[Pass]) -> dict[str, int]:
    """Requests per replica that answered them last."""
    return dict(sorted(Counter(x.upstreams[-1] for x in log if x.upstreams).items()))


def passed_on(log: list[Pass]) -> dict[str, int]:
    """How many requests nginx passed to another replica after the first failed, per method and route
    (ids as {id}, the query string left off): a count, not a line per request, so the CI log stays short."""
    routes = Counter(f"{x.method} {_ID.sub('{id}', x.uri.split('?', 1)[0])}" for x in log if len(x.upstreams) > 1)
    return dict(sorted(routes.items()))
