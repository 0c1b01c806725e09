"""Sealed application submission throughput against a bare insert into the same database, same run.

    .venv/bin/python bench/workflow_submission.py            # SQLite and PostgreSQL (if reachable)
    .venv/bin/python bench/workflow_submission.py --db sqlite --n 300 --rounds 5
    .venv/bin/python bench/workflow_submission.py --db postgres --baseline-src /tmp/old  # before/after

With --baseline-src DIR (a directory holding an older `workflow` package), a second uvicorn process
runs that code against the same database and is measured in the same interleaved rounds ("http, baseline").

Three interleaved measurements per round, each N operations, one transaction per operation:
  bare     INSERT of a row of the same size into a scratch table (the floor the database sets)
  service  workflow.application.service.submit(): share lock, limits, AES-GCM sealing, receipt,
           notification, commit
  http     POST /challenges/{id}/applications to a real uvicorn process over keep-alive httpx
           (token check, validation, idempotency key, all of the above)
  sealed service / sealed http
           the same two under custodian sealing (decision 0107): an envelope sealed on the vendor's
           side (`envelope.seal`, done before the clock starts: that cost is the vendor's) through
           `custody.submission.by_custodians` — the custodians' current keys read, `envelope.check`
           (schema, binding, a SHA-256 of each ciphertext), stored as uploaded, the receipt over the
           header — and through `POST /challenges/{id}/applications/sealed`. The custodians' check at
           approval asks the gateway's directory, which this benchmark does not run: each challenge is
           approved as a service-sealed one and then switched to custodian sealing in the database
           (the three columns the submission path reads), the keys registered through the API.
Prints the median ops/s over the rounds and the ratios as a Markdown table, then the vendor's side:
the median time `envelope.seal` takes for the application with a 1 MB document.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlalchemy import Column as C
from sqlalchemy import LargeBinary, MetaData, String, Table, create_engine, text, update

from demo.tokens import auth_headers
from kit.clock import ManualClock
from kit.db import normalise_url
from kit.migrate import upgrade
from kit.tokens import Principal
from tests.support.databases import PG_ADMIN_URL
from workflow.app import create_app
from workflow.application import schemas
from workflow.application import service as applications
from workflow.config import Settings
from workflow.context import Context
from workflow.custody import envelope
from workflow.custody import submission as custody
from workflow.models import Challenge

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench.common import uvicorn_process
from tests.workflow.factories import application_body, challenge_body

CUSTODIANS = ("gov1", "gov2", "super1")


def pg_url() -> str | None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text('DROP DATABASE IF EXISTS "shigu_bench_workflow" WITH (FORCE)'))
            conn.execute(text('CREATE DATABASE "shigu_bench_workflow"'))
    except Exception:
        return None
    finally:
        admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/shigu_bench_workflow"


class Bench:
    def __init__(self, url: str) -> None:
        upgrade("workflow", url)
        self.clock = ManualClock()
        self.app = create_app(
            Settings(database_url=url, app_env="test", scheduler_enabled=False, relay_enabled=False), self.clock
        )
        # One portal for the whole run (a bare TestClient starts a thread and a loop per request).
        self.client = TestClient(self.app).__enter__()
        self.engine = create_engine(normalise_url(url))
        self.scratch = Table(
            "bench_bare_insert",
            MetaData(),
            C("id", String(36), primary_key=True),
            C("blob", LargeBinary),
            C("sha", String(64)),
        )
        self.scratch.create(self.engine, checkfirst=True)
        self.body = application_body("vendor1")
        self.content = schemas.ApplicationContent.model_validate(self.body)
        self.seq = 0
        self.server: str | None = None
        self.baseline_server: str | None = None
        self.keys = self.register_custodians()
        self.envelope_application = {k: v for k, v in self.body.items() if k != "documents"}
        self.envelope_documents = [
            envelope.Document(d["name"], d["content_type"], base64.b64decode(d["content_base64"]))
            for d in self.body["documents"]
        ]

    def register_custodians(self) -> list[envelope.OpeningKey]:
        keys = []
        for user in CUSTODIANS:
            public = envelope.public_key_of(ec.generate_private_key(ec.SECP256R1()))
            headers = auth_headers(self.app.state.tokens, user, self.clock.now())
            answer = self.client.post("/custody/keys", headers=headers, json={"public_key": envelope.b64(public)})
            if answer.status_code not in (200, 201):
                raise RuntimeError(answer.text)
            keys.append(envelope.OpeningKey(answer.json()["user_id"], public))
        return keys

    def custodian_challenge(self) -> str:
        """An open challenge under custodian sealing (see the module's docstring)."""
        cid = self.open_challenge()
        with self.engine.begin() as conn:
            conn.execute(
                update(Challenge)
                .where(Challenge.id == cid)
                .values(sealing="custodians", custodians=[k.custodian_id for k in self.keys], custodian_threshold=2)
            )
        return cid

    def seal(self, cid: str, org_id: str) -> envelope.Envelope:
        return envelope.seal(
            challenge_id=cid,
            organisation_id=org_id,
            application=self.envelope_application,
            documents=self.envelope_documents,
            custodians=self.keys,
            threshold=2,
        )

    def open_challenge(self) -> str:
        def h(user: str) -> dict[str, str]:
            return auth_headers(self.app.state.tokens, user, self.clock.now())

        cid: str = self.client.post("/challenges", headers=h("ent1"), json=challenge_body(self.clock.now())).json()[
            "id"
        ]
        self.client.post(f"/challenges/{cid}/actions/submit", headers=h("ent1"))
        assert self.client.post(f"/challenges/{cid}/actions/approve", headers=h("gov1")).status_code == 200
        return cid

    def bare(self, n: int) -> float:
        blob = os.urandom(900)
        started = time.perf_counter()
        for _ in range(n):
            self.seq += 1
            with self.engine.begin() as conn:
                conn.execute(self.scratch.insert().values(id=f"b{self.seq}", blob=blob, sha="0" * 64))
        return n / (time.perf_counter() - started)

    def service(self, n: int) -> float:
        cid = self.open_challenge()
        state = self.app.state
        started = time.perf_counter()
        for i in range(n):
            principal = Principal(
                kind="user",
                subject=f"u{i}",
                roles=frozenset({"vendor"}),
                org_id=f"s{cid[:8]}-{i}",
                org_name=f"揭榜单位{i}",
            )
            with state.sessionmaker() as session, session.begin():
                ctx = Context(
                    session=session,
                    clock=self.clock,
                    settings=state.settings,
                    sealer=state.sealer,
                )
                applications.submit(ctx, principal, cid, applications.by_service(ctx, self.content), None)
        return n / (time.perf_counter() - started)

    def sealed_service(self, n: int) -> float:
        cid = self.custodian_challenge()
        state = self.app.state
        principals = [
            Principal(kind="user", subject=f"c{i}", roles=frozenset({"vendor"}), org_id=f"c{cid[:8]}-{i}")
            for i in range(n)
        ]
        sealed = [self.seal(cid, p.org_id or "") for p in principals]
        started = time.perf_counter()
        for principal, one in zip(principals, sealed, strict=True):
            with state.sessionmaker() as session, session.begin():
                ctx = Context(session=session, clock=self.clock, settings=state.settings, sealer=state.sealer)
                applications.submit(ctx, principal, cid, custody.by_custodians(ctx, principal, one), None)
        return n / (time.perf_counter() - started)

    def sealed_http(self, n: int) -> float:
        """An envelope through the real uvicorn process, as the browser or the offline tool uploads it."""
        assert self.server is not None
        codec = self.app.state.tokens
        now = datetime.now(UTC)
        cid = self.custodian_challenge()
        orgs = [f"e{cid[:8]}-{i}" for i in range(n)]
        headers = [
            {
                "Authorization": "Bearer "
                + codec.issue_access(
                    user_id=f"e{i}",
                    username=f"e{i}",
                    roles=["vendor"],
                    org_id=org,
                    org_kind="vendor",
                    org_name=f"揭榜单位{i}",
                    now=now,
                ),
                "Idempotency-Key": f"e{i}",
            }
            for i, org in enumerate(orgs)
        ]
        bodies = [{"envelope": self.seal(cid, org).model_dump(mode="json")} for org in orgs]
        with httpx.Client(base_url=self.server, timeout=30) as client:
            started = time.perf_counter()
            for i in range(n):
                r = client.post(f"/challenges/{cid}/applications/sealed", headers=headers[i], json=bodies[i])
                if r.status_code != 201:
                    raise RuntimeError(r.text)
            return n / (time.perf_counter() - started)

    def http(self, n: int, server: str | None = None) -> float:
        """The same submission through a real uvicorn process and a keep-alive httpx client."""
        server = server or self.server
        assert server is not None
        codec = self.app.state.tokens
        now = datetime.now(UTC)

        def h(user: str) -> dict[str, str]:
            return auth_headers(codec, user, now)

        with httpx.Client(base_url=server, timeout=30) as client:
            cid = client.post("/challenges", headers=h("ent1"), json=challenge_body(now)).json()["id"]
            client.post(f"/challenges/{cid}/actions/submit", headers=h("ent1")).raise_for_status()
            client.post(f"/challenges/{cid}/actions/approve", headers=h("gov1")).raise_for_status()
            headers = [
                {
                    "Authorization": "Bearer "
                    + codec.issue_access(
                        user_id=f"h{i}",
                        username=f"h{i}",
                        roles=["vendor"],
                        org_id=f"h{cid[:8]}-{i}",
                        org_kind="vendor",
                        org_name=f"揭榜单位{i}",
                        now=now,
                    ),
                    "Idempotency-Key": f"k{i}",
                }
                for i in range(n)
            ]
            started = time.perf_counter()
            for i in range(n):
                r = client.post(f"/challenges/{cid}/applications", headers=headers[i], json=self.body)
                if r.status_code != 201:
                    raise RuntimeError(r.text)
            return n / (time.perf_counter() - started)


def run(name: str, url: str, n: int, rounds: int, baseline_src: str | None = None) -> list[str]:
    bench = Bench(url)
    env = {
        "APP_ENV": "test",
        "WORKFLOW_DATABASE_URL": url,
        "WORKFLOW_SCHEDULER_ENABLED": "false",
        "WORKFLOW_RELAY_ENABLED": "false",
        "WORKFLOW_LOG_LEVEL": "WARNING",
    }
    with uvicorn_process("workflow.app:create_app", env=env) as server:
        bench.server = server
        if baseline_src is None:
            return _measure(name, bench, n, rounds)
        old_env = {**env, "PYTHONPATH": os.pathsep.join([baseline_src, os.environ.get("PYTHONPATH", "")])}
        with uvicorn_process("workflow.app:create_app", env=old_env) as old_server:
            bench.baseline_server = old_server
            return _measure(name, bench, n, rounds)


def _measure(name: str, bench: Bench, n: int, rounds: int) -> list[str]:
    bench.clock.advance(timedelta(0))
    steps: dict[str, Callable[[int], float]] = {
        "bare": bench.bare,
        "service": bench.service,
        "http": bench.http,
        "sealed service": bench.sealed_service,
        "sealed http": bench.sealed_http,
    }
    results: dict[str, list[float]] = {key: [] for key in steps}
    if bench.baseline_server is not None:
        results["baseline"] = []
        steps["baseline"] = lambda k: bench.http(k, bench.baseline_server)
    for key in steps:
        steps[key](max(5, n // 20))  # warm-up
    for _ in range(rounds):
        for key, step in steps.items():
            results[key].append(step(n))
    med = {k: statistics.median(v) for k, v in results.items()}
    bench.client.__exit__(None, None, None)
    bench.engine.dispose()
    for key, values in results.items():
        print(f"{name} {key}: ops/s per round " + ", ".join(f"{v:.0f}" for v in values), file=sys.stderr)
    row = (
        f"| {name} | {med['bare']:.0f} | {med['service']:.0f} | {med['service'] / med['bare']:.2f}× "
        f"| {med['http']:.0f} | {med['http'] / med['bare']:.2f}× "
        f"| {med['sealed service']:.0f} | {med['sealed service'] / med['bare']:.2f}× "
        f"| {med['sealed http']:.0f} | {med['sealed http'] / med['bare']:.2f}× |"
    )
    if "baseline" in med:
        row += f" {med['baseline']:.0f} | {med['baseline'] / med['bare']:.2f}× |"
    return [row]


def vendor_side(rounds: int) -> str:
    """The vendor's cost, which custodian sealing moved off the server: `envelope.seal` of the application
    with a 1 MB document to three custodians (k = 2), median of `rounds`."""
    keys = [
        envelope.OpeningKey(f"c{i}", envelope.public_key_of(ec.generate_private_key(ec.SECP256R1()))) for i in range(3)
    ]
    body = application_body("vendor1")
    application = {k: v for k, v in body.items() if k != "documents"}
    document = envelope.Document("方案.pdf", "application/pdf", os.urandom(1 << 20))
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        envelope.seal(
            challenge_id="c",
            organisation_id="o",
            application=application,
            documents=[document],
            custodians=keys,
            threshold=2,
        )
        times.append(time.perf_counter() - started)
    small = []
    for _ in range(rounds):
        started = time.perf_counter()
        envelope.seal(challenge_id="c", organisation_id="o", application=application, custodians=keys, threshold=2)
        small.append(time.perf_counter() - started)
    return (
        f"Vendor's side (Python `envelope.seal`, 3 custodians, k = 2, median of {rounds}): "
        f"application with a 1 MB document {statistics.median(times) * 1000:.1f} ms, "
        f"application alone {statistics.median(small) * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-src", default=None, help="directory holding an older `workflow` package")
    args = parser.parse_args()
    import logging

    logging.disable(logging.INFO)
    rows = [
        "| database | bare insert ops/s | submit, service layer ops/s | ratio "
        + "| submit, HTTP to uvicorn ops/s | ratio "
        + "| envelope, service layer ops/s | ratio | envelope, HTTP ops/s | ratio |"
        + (" HTTP, baseline code ops/s | ratio |" if args.baseline_src else ""),
        "|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if args.baseline_src else ""),
    ]
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            rows += run(
                "SQLite (WAL, synchronous=FULL)", f"sqlite:///{tmp}/bench.db", args.n, args.rounds, args.baseline_src
            )
    if args.db in ("postgres", "both"):
        url = pg_url()
        rows += (
            run("PostgreSQL", url, args.n, args.rounds, args.baseline_src)
            if url
            else ["| PostgreSQL | unreachable | | | | | | | | |"]
        )
    print(f"\nN={args.n} per measurement, median of {args.rounds} interleaved rounds, one transaction per op\n")
    print("\n".join(rows))
    print("\n" + vendor_side(max(5, args.rounds * 3)))


if __name__ == "__main__":
    main()
