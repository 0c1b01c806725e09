"""Challenge detail (GET /challenges/{id}) against a bare SELECT of the same row, same database, same run.

    .venv/bin/python -m bench.workflow_detail                       # SQLite and PostgreSQL (if reachable)
    .venv/bin/python -m bench.workflow_detail --db postgres --requests 1000 --rounds 5

Sets up a workflow database (a temporary SQLite file, or a PostgreSQL database created for the run and
dropped afterwards), opens --challenges challenges through the API (create, submit, approve) and reads them
in turn, as their owner (ent1, so `allowed_actions` is not empty), N times per measurement:

  bare      SELECT * FROM challenges WHERE id = :id with SQLAlchemy core on a plain engine: a pooled
            connection, one statement, the row fetched (the floor the database sets)
  service   the endpoint's work in this process, without HTTP: the service's engine and session (on
            SQLite its BEGIN IMMEDIATE and pragmas), the ORM read, the read check, `allowed_actions`,
            the response model serialised to JSON, the commit
  http      GET /challenges/{id} on a real uvicorn process of the workflow service over keep-alive httpx
            (middleware, Ed25519 token check, all of the above)
  gateway   GET /api/workflow/challenges/{id} through a gateway process proxying to that workflow process
            (the gateway's own database is a temporary SQLite file with the demo accounts; it checks the
            caller's account status, cached for five seconds)

The four measurements alternate within every round and the order rotates from round to round. Prints,
per database, the median requests/s over the rounds with the ratio to the bare select, and the median over
the rounds of each round's p50 and p95 latency, as a Markdown table.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import bindparam, create_engine, select, text

from bench.common import percentile, uvicorn_process
from demo.tokens import auth_headers
from gateway.config import Settings as GatewaySettings
from gateway.seed import seed as seed_gateway
from kit.db import make_engine, make_sessionmaker, normalise_url
from kit.migrate import upgrade
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from tests.support.databases import PG_ADMIN_URL
from tests.workflow.factories import challenge_body
from workflow.challenge import repository
from workflow.challenge.auth import can_read
from workflow.challenge.service import to_schema
from workflow.models import Challenge

CASES = ("bare", "service", "http", "gateway")
LABELS = {
    "bare": "bare `SELECT` of the row, SQLAlchemy core (baseline)",
    "service": "read + `allowed_actions` + response model, in process",
    "http": "`GET /challenges/{id}`, workflow uvicorn process",
    "gateway": "the same through the gateway (`/api/workflow/challenges/{id}`)",
}


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A database named after this process, dropped on the way out; None when PostgreSQL is unreachable."""
    name = f"shigu_bench_wfdetail_{os.getpid()}"
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


def open_challenges(server: str, codec: TokenCodec, count: int) -> list[str]:
    now = datetime.now(UTC)
    ids = []
    with httpx.Client(base_url=server, timeout=30) as client:
        for _ in range(count):
            created = client.post("/challenges", headers=auth_headers(codec, "ent1", now), json=challenge_body(now))
            created.raise_for_status()
            cid: str = created.json()["id"]
            client.post(f"/challenges/{cid}/actions/submit", headers=auth_headers(codec, "ent1", now))
            client.post(
                f"/challenges/{cid}/actions/approve", headers=auth_headers(codec, "gov1", now)
            ).raise_for_status()
            ids.append(cid)
    return ids


def measure(url: str, gateway_db: str, n: int, rounds: int, challenges: int) -> dict[str, list[list[float]]]:
    """Latencies (seconds) of every operation, per case, per round."""
    upgrade("workflow", url)
    env = {
        "APP_ENV": "test",
        "WORKFLOW_DATABASE_URL": url,
        "WORKFLOW_SCHEDULER_ENABLED": "false",
        "WORKFLOW_RELAY_ENABLED": "false",
        "WORKFLOW_LOG_LEVEL": "WARNING",
    }
    codec = TokenCodec(AuthSettings())
    with uvicorn_process("workflow.app:create_app", env) as workflow:
        env_gw = {
            "APP_ENV": "test",
            "GATEWAY_DATABASE_URL": gateway_db,
            "GATEWAY_WORKFLOW_URL": workflow,
            "GATEWAY_LOG_LEVEL": "WARNING",
        }
        ids = open_challenges(workflow, codec, challenges)
        headers = auth_headers(codec, "ent1", datetime.now(UTC))
        principal = codec.verify_access(headers["Authorization"].split()[1], now=datetime.now(UTC))
        bare_engine = create_engine(normalise_url(url))
        service_engine = make_engine(url)
        factory = make_sessionmaker(service_engine)
        stmt = select(Challenge.__table__).where(Challenge.__table__.c.id == bindparam("id"))
        with (
            uvicorn_process("gateway.app:create_app", env_gw) as gateway,
            httpx.Client(base_url=workflow, headers=headers, timeout=30) as direct_client,
            httpx.Client(base_url=gateway, headers=headers, timeout=30) as gateway_client,
        ):

            def bare(cid: str) -> None:
                with bare_engine.connect() as conn:
                    conn.execute(stmt, {"id": cid}).one()

            def service(cid: str) -> None:
                with factory() as session, session.begin():
                    ch = repository.get(session, cid)
                    assert can_read(ch, principal)
                    to_schema(ch, principal).model_dump_json()

            def get(client: httpx.Client, path: str) -> Callable[[str], None]:
                def call(cid: str) -> None:
                    response = client.get(path.format(cid))
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:200]}")

                return call

            ops: dict[str, Callable[[str], None]] = {
                "bare": bare,
                "service": service,
                "http": get(direct_client, "/challenges/{}"),
                "gateway": get(gateway_client, "/api/workflow/challenges/{}"),
            }
            for op in ops.values():  # warm-up: connection pools, first-use imports, the gateway's status cache
                for cid in ids:
                    op(cid)
            latencies: dict[str, list[list[float]]] = {case: [] for case in CASES}
            for r in range(rounds):
                for k in range(len(CASES)):
                    case = CASES[(r + k) % len(CASES)]
                    times = []
                    for i in range(n):
                        started = time.perf_counter()
                        ops[case](ids[i % len(ids)])
                        times.append(time.perf_counter() - started)
                    latencies[case].append(times)
        bare_engine.dispose()
        service_engine.dispose()
    return latencies


def table(name: str, latencies: dict[str, list[list[float]]]) -> list[str]:
    rps = {case: statistics.median(len(r) / sum(r) for r in rounds) for case, rounds in latencies.items()}
    p50 = {case: statistics.median(percentile(r, 50) for r in rounds) * 1000 for case, rounds in latencies.items()}
    p95 = {case: statistics.median(percentile(r, 95) for r in rounds) * 1000 for case, rounds in latencies.items()}
    rows = []
    for case in CASES:
        ratio = "1.00" if case == "bare" else f"{rps[case] / rps['bare']:.2f} × bare"
        if case == "gateway":
            ratio += f", {rps['gateway'] / rps['http']:.2f} × direct HTTP"
        rows.append(f"| {name} | {LABELS[case]} | {rps[case]:,.0f} | {p50[case]:.2f} | {p95[case]:.2f} | {ratio} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=1000, help="sequential operations per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median reported)")
    parser.add_argument("--challenges", type=int, default=20, help="open challenges read in turn")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    rows = [
        "| database | case | req/s | p50 ms | p95 ms | ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="workflow-detail-") as tmp:
        gateway_db = f"sqlite:///{Path(tmp) / 'gateway.db'}"
        upgrade("gateway", gateway_db)
        seed_gateway(GatewaySettings(database_url=gateway_db, app_env="test"))
        if args.db in ("sqlite", "both"):
            url = f"sqlite:///{Path(tmp) / 'workflow.db'}"
            rows += table("SQLite", measure(url, gateway_db, args.requests, args.rounds, args.challenges))
        if args.db in ("postgres", "both"):
            with postgres_database() as pg:
                if pg is None:
                    rows.append("| PostgreSQL | unreachable | | | | |")
                else:
                    rows += table("PostgreSQL", measure(pg, gateway_db, args.requests, args.rounds, args.challenges))
    print(
        f"\n{args.requests} sequential reads per measurement, {args.challenges} challenges in turn, "
        f"median of {args.rounds} interleaved rounds\n"
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
