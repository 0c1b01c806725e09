"""Fault injection in what the services depend on, with the platform running as real processes.

The platform is started as `make run` starts it (scripts/run.py), in its scaled shape: matching and workflow
on PostgreSQL, matching searching through the Meilisearch adapter.

- PostgreSQL is reached through a TCP relay this module controls. It resets every open connection and
  refuses new ones, then accepts connections and never answers them, then forwards again; separately,
  the server terminates the services' backends under their pools (`pg_terminate_backend`). Requests that
  need the database answer 503 problem+json with Retry-After, within the connect timeout, and the same
  processes serve again afterwards without losing anything they acknowledged.
- The search engine is a stand-in process speaking Meilisearch's HTTP API (tests/e2e/meili_standin.py), so
  that the tests need no Meilisearch installation. It hangs (SIGSTOP), then dies (SIGKILL): search answers
  503 with Retry-After, writes still succeed, and once the engine is back the index outbox catches up.

The embedded engine (tantivy) is not used for the search fault: its searches read memory-mapped segments
of the last commit, which stay readable whatever happens to the index directory, so it cannot be made to
refuse a search. What does fail there — writing the index — is tested in
tests/matching/test_search_embedded_faults.py.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, make_url, pool, text

from kit.db import CONNECT_TIMEOUT
from matching.search import meili_keys
from matching.search.meili import MeiliBackend
from tests.e2e.conftest import ROOT, Platform, alive, start_platform, stop_platform, timed_get, token
from tests.matching.factories import demand_body
from tests.support.databases import PG_ADMIN_URL
from tests.support.upstream import free_port
from tests.workflow.factories import challenge_body

pytestmark = pytest.mark.e2e

SERVICES = ("matching", "workflow")
# A request that needs a new database connection may wait the whole connect timeout, no longer.
REQUEST_BUDGET = CONNECT_TIMEOUT + 3.0
ENGINE_TIMEOUT = float(inspect.signature(MeiliBackend).parameters["timeout_s"].default)
RECOVERY_TIMEOUT = 45.0
PROBLEM = "application/problem+json"
DATABASE_UNAVAILABLE = "https://shigu.example/problems/database-unavailable"
SEARCH_UNAVAILABLE = "https://shigu.example/problems/service-unavailable"


def wait_for(condition: Callable[[], bool], timeout: float, what: str | Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what if isinstance(what, str) else what()}: not within {timeout} s")
        time.sleep(0.1)


# -- the database relay ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Link:
    client: socket.socket
    upstream: socket.socket | None = None
    pumps: int = 0


class TcpRelay:
    """A TCP relay on 127.0.0.1 in front of one upstream address, in one of three modes.

    `open` forwards both ways (an end of stream is passed on as such); `refuse` resets every relayed
    connection and closes the listening socket, so that connects are refused by the kernel; `stall` listens
    again and accepts connections without ever answering or reaching the upstream, like a hung server.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.mode = "open"
        self._lock = threading.Lock()
        self._links: set[_Link] = set()
        self._listener: socket.socket | None = None
        self.port = self._listen(0)

    def _listen(self, port: int) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(128)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        bound: int = listener.getsockname()[1]
        return bound

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                if self._listener is not listener:
                    return
                continue
            except OSError:
                return
            client.settimeout(None)
            link = _Link(client)
            with self._lock:
                if self._listener is not listener:
                    _reset(client)
                    return
                self._links.add(link)
                if self.mode == "stall":
                    continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                self._end(link, reset=True)
                continue
            upstream.settimeout(None)
            with self._lock:
                if link not in self._links:  # cut meanwhile
                    _reset(upstream)
                    continue
                link.upstream = upstream
                link.pumps = 2
            threading.Thread(target=self._pump, args=(link, client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(link, upstream, client), daemon=True).start()

    def _pump(self, link: _Link, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
            target.shutdown(socket.SHUT_WR)
        except OSError:
            self._end(link, reset=True)
            return
        with self._lock:
            link.pumps -= 1
            finished = link.pumps == 0
        if finished:
            self._end(link, reset=False)

    def _end(self, link: _Link, *, reset: bool) -> None:
        with self._lock:
            self._end_locked(link, reset=reset)

    def _end_locked(self, link: _Link, *, reset: bool) -> None:
        if link not in self._links:
            return
        self._links.discard(link)
        for sock in (link.client, link.upstream):
            if sock is not None:
                if reset:
                    _reset(sock)
                else:
                    with contextlib.suppress(OSError):
                        sock.close()

    def _cut_locked(self) -> int:
        links = list(self._links)
        for link in links:
            self._end_locked(link, reset=True)
        return len(links)

    def _stop_listening_locked(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()

    def refuse(self) -> int:
        """Reset every relayed connection and stop listening; returns how many connections were cut."""
        with self._lock:
            self.mode = "refuse"
            self._stop_listening_locked()
            return self._cut_locked()

    def stall(self) -> None:
        with self._lock:
            self.mode = "stall"
            self._cut_locked()
            if self._listener is None:
                self._listen(self.port)

    def open(self) -> None:
        with self._lock:
            self.mode = "open"
            self._cut_locked()  # the stalled ones
            if self._listener is None:
                self._listen(self.port)

    def close(self) -> None:
        with self._lock:
            self.mode = "refuse"
            self._stop_listening_locked()
            self._cut_locked()


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN, as a network cut looks to the peer."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)  # wakes a relay thread blocked reading it
    with contextlib.suppress(OSError):
        sock.close()


# -- the search engine stand-in -------------------------------------------------------------------

MEILI_MASTER_KEY = "e2e-master-key-" + uuid.uuid4().hex


@dataclass
class MeiliStandIn:
    """tests/e2e/meili_standin.py as a process, started again on the same port and data folder."""

    port: int
    data: Path
    log: Path
    master_key: str = MEILI_MASTER_KEY
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "tests.e2e.meili_standin", "--port", str(self.port)),
                    *("--data", str(self.data), "--master-key", self.master_key),
                ],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, "the search engine stand-in exited:\n" + self.log.read_text()[-2000:]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            assert time.monotonic() < deadline, "the search engine stand-in did not start"
            time.sleep(0.1)

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


# -- the platform ---------------------------------------------------------------------------------


@dataclass
class Dependencies:
    platform: Platform
    relay: TcpRelay
    meili: MeiliStandIn
    databases: dict[str, str]  # service -> database name

    def sql(self, service: str, statement: str, **params: object) -> list[Any]:
        """A query on the service's database straight to PostgreSQL, not through the relay."""
        url = make_url(PG_ADMIN_URL).set(database=self.databases[service])
        engine = create_engine(url, poolclass=pool.NullPool)
        try:
            with engine.begin() as conn:
                return list(conn.execute(text(statement), params))
        finally:
            engine.dispose()


def _admin(statement: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dependencies]:
    var_dir = tmp_path_factory.mktemp("dependencies")
    run = uuid.uuid4().hex[:8]
    databases = {service: f"shigu_e2e_{service}_{run}" for service in SERVICES}
    admin = make_url(PG_ADMIN_URL)
    relay = TcpRelay((admin.host or "127.0.0.1", admin.port or 5432))
    meili = MeiliStandIn(free_port(), var_dir / "meili", var_dir / "meili.log")
    started: Platform | None = None
    try:
        for name in databases.values():
            _admin(f'CREATE DATABASE "{name}"')
        meili.start()
        env = {
            f"{service.upper()}_DATABASE_URL": admin.set(
                drivername="postgresql", host="127.0.0.1", port=relay.port, database=name
            ).render_as_string(hide_password=False)
            for service, name in databases.items()
        }
        env |= {
            "MATCHING_SEARCH_BACKEND": "meilisearch",
            "MEILI_URL": meili.url,
            "MEILI_MASTER_KEY": meili.master_key,
            # Index deliveries retry at least every 2 s (instead of backing off up to 5 minutes).
            "MATCHING_OUTBOX_MAX_BACKOFF_SECONDS": "2",
        }
        started = start_platform(var_dir / "platform", env)
        yield Dependencies(started, relay, meili, databases)
    finally:
        if started is not None:
            stop_platform(started)
        meili.stop()
        relay.close()
        for name in databases.values():
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def serving(platform: Platform) -> dict[str, int]:
    """The process id of each service, checked to be alive and to be that service."""
    pids = {}
    for service in ("gateway", *SERVICES):
        pid = platform.pid(service)
        assert alive(pid), f"{service} ({pid}) is gone"
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert f"{service}.app:create_app" in cmdline, cmdline
        pids[service] = pid
    assert platform.process.poll() is None, "run.py exited"
    return pids


# -- traffic --------------------------------------------------------------------------------------

KINDS = ("matching-write", "matching-read", "workflow-write", "workflow-read")


@dataclass(frozen=True)
class Outcome:
    kind: str
    started: float
    ended: float
    status: int  # 0: no HTTP answer at all
    content_type: str = ""
    retry_after: str = ""
    problem: str = ""
    created: str = ""  # the id a successful write returned
    detail: str = ""

    @property
    def elapsed(self) -> float:
        return self.ended - self.started

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Traffic:
    """Threads sending reads and writes to matching and workflow through the gateway, until stopped.

    Writes create products (matching) and draft challenges (workflow) named `<tag>-...`; reads fetch a
    product and list challenges. Every exchange is recorded."""

    base_url: str
    vendor: dict[str, str]
    enterprise: dict[str, str]
    product_id: str
    tag: str
    workers: int = 4
    outcomes: list[Outcome] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Traffic:
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.workers)]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, error: type[BaseException] | None, *_rest: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(REQUEST_BUDGET + 15)
        if error is None:
            assert not any(t.is_alive() for t in self._threads), "a request never returned"

    def _run(self, worker: int) -> None:
        # Each worker keeps to one service, alternating its write and read: both services always have
        # requests in flight, whatever phase a fault catches them in.
        service = SERVICES[worker % len(SERVICES)]
        kinds = [f"{service}-write", f"{service}-read"]
        with httpx.Client(base_url=self.base_url, timeout=REQUEST_BUDGET + 10) as client:
            n = worker // len(SERVICES)
            while not self._stop.is_set():
                kind = kinds[n % len(kinds)]
                n += 1
                outcome = self._send(client, kind, f"{self.tag}-{worker}-{n}")
                with self._lock:
                    self.outcomes.append(outcome)
                time.sleep(0.05)

    def _send(self, client: httpx.Client, kind: str, name: str) -> Outcome:
        started = time.monotonic()
        try:
            if kind == "matching-write":
                response = client.post("/api/matching/products", json={"name": name}, headers=self.vendor)
            elif kind == "matching-read":
                response = client.get(f"/api/matching/products/{self.product_id}")
            elif kind == "workflow-write":
                draft = challenge_body(datetime.now(UTC), title=name)
                response = client.post("/api/workflow/challenges", json=draft, headers=self.enterprise)
            else:
                response = client.get("/api/workflow/challenges", params={"limit": 5}, headers=self.enterprise)
        except httpx.HTTPError as exc:
            return Outcome(kind, started, time.monotonic(), 0, detail=f"{type(exc).__name__}: {exc}")
        ended = time.monotonic()
        content_type = response.headers.get("content-type", "")
        parsed: Any = response.json() if "json" in content_type else None
        body: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
        return Outcome(
            kind,
            started,
            ended,
            response.status_code,
            content_type,
            response.headers.get("retry-after", ""),
            str(body.get("type", "")) if content_type.startswith(PROBLEM) else "",
            str(body.get("id", "")) if response.is_success and kind.endswith("write") else "",
            response.text[:300] if not response.is_success else "",
        )

    def since(self, moment: float) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if o.started >= moment]

    def recovered(self, moment: float, streak: int = 3) -> bool:
        """Each kind's last `streak` requests started after `moment` all succeeded."""
        later = self.since(moment)
        for kind in KINDS:
            last = [o for o in later if o.kind == kind][-streak:]
            if len(last) < streak or not all(o.ok for o in last):
                return False
        return True


def assert_ok_or_database_unavailable(outcomes: list[Outcome]) -> None:
    """Never a 500, a gateway error, a dropped exchange or a hang: success, or the service's own 503."""
    for o in outcomes:
        assert o.elapsed < REQUEST_BUDGET, f"{o.kind} took {o.elapsed:.1f} s: {o}"
        if o.ok:
            continue
        assert o.status == 503, o
        assert o.content_type.startswith(PROBLEM), o
        assert o.problem == DATABASE_UNAVAILABLE, o
        assert o.retry_after.isdigit(), o
        assert int(o.retry_after) >= 1, o


def assert_acknowledged_writes_are_stored(deps: Dependencies, outcomes: list[Outcome], tag: str) -> None:
    """Every write answered 2xx is in the database; nothing was stored twice."""
    for service, table, column in (("matching", "products", "name"), ("workflow", "challenges", "title")):
        writes = [o for o in outcomes if o.kind == f"{service}-write"]
        acknowledged = {o.created for o in writes if o.ok}
        rows = deps.sql(service, f"SELECT id, {column} FROM {table} WHERE {column} LIKE :tag", tag=f"{tag}-%")
        stored = {str(row[0]) for row in rows}
        assert acknowledged, f"no {service} write succeeded"
        assert acknowledged <= stored, f"{service}: acknowledged writes lost: {sorted(acknowledged - stored)}"
        # A write that failed with 503 may or may not have committed (the answer to COMMIT can be lost).
        assert len(rows) <= len(acknowledged) + sum(1 for o in writes if o.status == 503), "stored twice"


def start_traffic(deps: Dependencies, tag: str) -> Traffic:
    with httpx.Client(base_url=deps.platform.base_url, timeout=30) as client:
        vendor, enterprise = token(client, "vendor1"), token(client, "ent1")
        product = client.post("/api/matching/products", json={"name": f"{tag} reference"}, headers=vendor)
        assert product.status_code == 201, product.text
    return Traffic(deps.platform.base_url, vendor, enterprise, str(product.json()["id"]), tag)


def wait_until_writes_succeed(traffic: Traffic, moment: float, what: str) -> None:
    wait_for(lambda: traffic.recovered(moment), RECOVERY_TIMEOUT, what)


# -- 1. the database ------------------------------------------------------------------------------


def test_database_cut_refused_and_hung_gives_503_then_recovers_without_restart(deps: Dependencies) -> None:
    pids = serving(deps.platform)
    tag = f"dbcut{uuid.uuid4().hex[:8]}"
    with start_traffic(deps, tag) as traffic:
        began = time.monotonic()
        wait_until_writes_succeed(traffic, began, "writes before the fault")

        # Every open connection is reset, and new ones are refused.
        cutting = time.monotonic()
        assert deps.relay.refuse() >= 2, "the services held no connection through the relay"
        cut_at = time.monotonic()
        wait_for(
            lambda: time.monotonic() - cut_at >= 3 and len(traffic.since(cut_at)) >= 12,
            15,
            "requests while connections are refused",
        )
        # The server accepts connections and never answers: only the connect timeout ends the wait.
        stalling = time.monotonic()
        deps.relay.stall()
        stall_at = time.monotonic()
        wait_for(
            lambda: {o.kind.partition("-")[0] for o in traffic.since(stall_at)} == set(SERVICES),
            CONNECT_TIMEOUT * 3 + 5,
            "both services answering while the database hangs",
        )
        open_at = time.monotonic()
        deps.relay.open()
        wait_until_writes_succeed(traffic, open_at, "recovery once the database accepts connections again")

    outcomes = traffic.outcomes
    assert_ok_or_database_unavailable(outcomes)
    before = [o for o in outcomes if o.ended < cutting]
    assert before
    assert all(o.ok for o in before), [o for o in before if not o.ok]
    refused = [o for o in outcomes if cut_at <= o.started and o.ended < stalling]
    assert len(refused) >= 8, refused
    assert all(o.status == 503 for o in refused), [o for o in refused if o.status != 503]
    hung = [o for o in outcomes if stall_at <= o.started and o.ended < open_at]
    assert {o.kind.partition("-")[0] for o in hung} == set(SERVICES), hung
    assert all(o.status == 503 for o in hung), [o for o in hung if o.status != 503]
    assert min(o.elapsed for o in hung) >= CONNECT_TIMEOUT - 1, "the hung server was not waited for: no fault?"
    assert {o.kind for o in refused} == set(KINDS)
    assert_acknowledged_writes_are_stored(deps, outcomes, tag)
    assert serving(deps.platform) == pids, "a service was restarted"


def terminate_backends(deps: Dependencies, service: str) -> int:
    rows = deps.sql(
        service,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()",
        db=deps.databases[service],
    )
    return sum(1 for (done,) in rows if done)


def test_backends_terminated_under_the_pools_give_503_or_success_then_recover(deps: Dependencies) -> None:
    pids = serving(deps.platform)
    tag = f"dbkill{uuid.uuid4().hex[:8]}"
    with start_traffic(deps, tag) as traffic:
        began = time.monotonic()
        wait_until_writes_succeed(traffic, began, "writes before the fault")
        killing = time.monotonic()
        killed = {service: terminate_backends(deps, service) for service in SERVICES}
        killed_at = time.monotonic()
        assert all(n >= 1 for n in killed.values()), f"no pooled connection to terminate: {killed}"
        wait_for(lambda: len(traffic.since(killed_at)) >= 12, 30, "requests after the backends were terminated")
        wait_until_writes_succeed(traffic, killed_at, "recovery after the backends were terminated")

    outcomes = traffic.outcomes
    assert_ok_or_database_unavailable(outcomes)
    assert all(o.ok for o in outcomes if o.ended < killing), "failures before the fault"
    assert_acknowledged_writes_are_stored(deps, outcomes, tag)
    assert serving(deps.platform) == pids, "a service was restarted"


# -- 2. the search engine -------------------------------------------------------------------------


def search(client: httpx.Client, q: str, kind: str = "product") -> tuple[httpx.Response | None, float, str]:
    return timed_get(client, "/api/matching/search", params={"q": q, "kind": kind, "hits_per_page": "100"})


def hit_ids(client: httpx.Client, q: str, kind: str = "product") -> list[str] | None:
    response, _elapsed, _error = search(client, q, kind)
    if response is None or response.status_code != 200:
        return None
    return sorted(str(hit["id"]) for hit in response.json()["hits"])


def assert_search_unavailable(client: httpx.Client, q: str, budget: float) -> float:
    response, elapsed, error = search(client, q)
    assert response is not None, error
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    assert response.json()["type"] == SEARCH_UNAVAILABLE, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert elapsed < budget, f"search took {elapsed:.1f} s"
    return elapsed


def test_search_engine_down_search_503_writes_succeed_index_catches_up(deps: Dependencies) -> None:
    pids = serving(deps.platform)
    tag = f"engine{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=deps.platform.base_url, timeout=30) as client:
        vendor, enterprise, admin = token(client, "vendor1"), token(client, "ent1"), token(client, "admin")
        created = client.post("/api/matching/products", json={"name": f"{tag}a 线阵视觉检测设备"}, headers=vendor)
        assert created.status_code == 201, created.text
        first = str(created.json()["id"])
        wait_for(lambda: hit_ids(client, f"{tag}a") == [first], 30, "the product indexed before the fault")

        # The engine hangs: search gives up at the adapter's timeout, not later.
        deps.meili.pause()
        hung = assert_search_unavailable(client, f"{tag}a", ENGINE_TIMEOUT + 3)
        assert hung >= ENGINE_TIMEOUT - 1, f"answered in {hung:.1f} s: the engine was not hanging"
        # The engine's process dies: connections are refused, answered before any timeout.
        deps.meili.kill()
        for q in (f"{tag}a", "", "视觉"):
            assert_search_unavailable(client, q, ENGINE_TIMEOUT)
        ready = client.get("/api/matching/readyz")
        assert ready.status_code == 503, ready.text
        assert ready.json()["checks"]["search"].startswith("failed"), ready.text
        assert ready.json()["checks"]["database"] == "ok", ready.text

        # Writes go on: a new product, a renamed one, a demand published after review.
        second_created = client.post("/api/matching/products", json={"name": f"{tag}b 面阵相机"}, headers=vendor)
        assert second_created.status_code == 201, second_created.text
        second = str(second_created.json()["id"])
        renamed = client.patch(
            f"/api/matching/products/{first}", json={"name": f"{tag}c 线阵视觉检测设备"}, headers=vendor
        )
        assert renamed.status_code == 200, renamed.text
        demand_created = client.post(
            "/api/matching/demands", json=demand_body(title=f"{tag}d 产线缺陷检测"), headers=enterprise
        )
        assert demand_created.status_code == 201, demand_created.text
        demand = str(demand_created.json()["id"])
        published = client.post(f"/api/matching/demands/{demand}/review", json={"approve": True}, headers=admin)
        assert published.status_code == 200, published.text
        assert published.json()["status"] == "published", published.text
        assert client.get(f"/api/matching/products/{first}").json()["name"].startswith(f"{tag}c")

        # The index changes wait in the outbox: delivered, refused, kept for another attempt.
        # (Only these documents' rows: a delivery cut short by an earlier database fault keeps its rows
        # leased for two minutes.)
        ours = {"ids": [first, second, demand]}
        pending = "SELECT doc_id, attempts, last_error FROM index_outbox WHERE doc_id = ANY(:ids)"
        outbox: list[Any] = []

        def waiting() -> bool:
            outbox[:] = deps.sql("matching", pending, **ours)
            return {row[0] for row in outbox} == set(ours["ids"]) and all(
                n >= 1 and "unreachable" in (error or "") for _id, n, error in outbox
            )

        wait_for(waiting, 30, lambda: f"failed deliveries kept in the index outbox (last seen: {outbox})")
        assert_search_unavailable(client, f"{tag}b", ENGINE_TIMEOUT)

        # The engine is back (same port, same data): the outbox catches up, the same process serves.
        deps.meili.start()
        wait_for(
            lambda: (
                hit_ids(client, f"{tag}b") == [second]
                and hit_ids(client, f"{tag}c") == [first]
                and hit_ids(client, f"{tag}a") == []
                and hit_ids(client, f"{tag}d", kind="demand") == [demand]
            ),
            RECOVERY_TIMEOUT,
            "the writes made while the engine was down, searchable",
        )
        wait_for(lambda: not deps.sql("matching", pending, **ours), 30, "their index outbox rows gone")
    assert serving(deps.platform) == pids, "a service was restarted"


def test_the_search_engine_saw_the_master_key_only_while_the_keys_were_made(deps: Dependencies) -> None:
    """Through every fault above, the master key went only to `/keys` (each process that opens the index —
    the seed, the matching service — finds its two scoped keys there once, at its start); every other
    request went out with a scoped key (tests/e2e/meili_standin.py logs the key of every request and
    refuses a key outside its actions and indexes)."""
    log = [json.loads(line) for line in (deps.meili.data / "requests.jsonl").read_text().splitlines()]
    with_master = [r for r in log if r["auth"] == "master"]
    assert all(r["path"].startswith("/keys") for r in with_master), [r for r in with_master if "/keys" not in r["path"]]
    # Two look-ups per process start, not one per request: the faults above sent hundreds of requests.
    assert len(with_master) <= 8, len(with_master)
    assert not [r for r in log if r["status"] in (401, 403)], "a scoped key lacked a permission"
    used = {r["auth"] for r in log if not r["path"].startswith("/keys") and r["path"] != "/health"}
    assert used == {spec.uid for spec in meili_keys.specs("shigu")}
