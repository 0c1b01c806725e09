"""Deadline burst (load): N vendor organisations submit sealed applications in the last minute
before a challenge's application deadline, through the gateway of a platform started as `make run`
starts it (scripts/run.py: three processes, APP_ENV=sandbox).

    .venv/bin/python -m bench.load_deadline_burst                 # 500 vendors, SQLite (`make load`)
    .venv/bin/python -m bench.load_deadline_burst --db postgres   # the same on PostgreSQL (own databases)
    .venv/bin/python -m bench.load_deadline_burst --vendors 100 --lead 40 --window 30

1. Accounts, over HTTP as vendors and the operator do it: each vendor self-registers its
   organisation (POST /api/auth/register, a valid 统一社会信用代码, argon2id at the default cost) and
   the demo admin verifies it (POST /api/admin/organisations/{id}/verify). Access tokens are minted
   with the sandbox signing key the gateway itself uses, with the claims the gateway issues (checked
   against a real sign-in of the first vendor); `--sign-in-all` has every vendor sign in over HTTP
   instead (another argon2id verification each, about a minute more for 500).
2. ent1 creates a challenge whose application deadline is `--lead` seconds ahead (real clock:
   absolute dates are not accelerated), submits it, and gov1 approves it.
3. locust (headless, 127.0.0.1) runs one user per vendor. Every vendor submits once within the last
   `--window` seconds before the deadline, `--final-share` of them within the final
   `--final-seconds` (people file at the last moment). Every tenth vendor gives up on its first
   attempt after a 10 ms client timeout and retries with the same Idempotency-Key; another tenth
   resends the same key after its answer (a lost response); `--late-replays` of those resend it
   once more after the deadline. `--late` further vendors submit one second after the deadline.
4. After the opening (the scheduler opens the applications at the deadline), every attempt is
   checked against each vendor's `GET /applications?mine=true`, the government reviewer's list of
   opened applications and the workflow database: no acknowledged (201) receipt lost, one
   application per vendor, nothing accepted at or after the deadline, no 5xx (client side and in
   the services' own /metrics), no error or warning in the services' logs. A 502 or 503 that the vendor
   sent again with the same key (a replica gone, decision 0094) is counted apart, not as an error.

locust rather than wrk: each vendor is a stateful script (its own token and Idempotency-Key, a send
time, a retry after a client timeout, an expected answer) whose every receipt must be read back and
checked, which wrk's Lua hooks do not make practical; locust's users are gevent greenlets, so 500
mostly idle vendors cost one process.

Prints the figures as Markdown; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from bench.common import percentile, sign_in
from demo.accounts import DEFAULT_DEMO_PASSWORD
from gateway.creditcode import check_character
from kit.db import normalise_url
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from tests.e2e.conftest import METRICS_TOKEN, Platform, start_platform, stop_platform
from tests.support.databases import PG_ADMIN_URL
from tests.workflow.factories import challenge_body
from workflow.models import Application, IdempotencyKey

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "bench" / "locustfile_deadline_burst.py"
W = "/api/workflow"
DISTRICTS = ("滨江区", "萧山区", "余杭区", "钱塘区", "西湖区", "上城区")
# Every vendor registers from 127.0.0.1 within seconds: the registration limits (decision 0051) are
# not what this measures, so the platform under test is started with them out of the way.
PLATFORM_ENV = {
    "WORKFLOW_TIME_ACCELERATION": "86400",
    "GATEWAY_REGISTER_PER_ADDRESS": "1000000",
    "GATEWAY_REGISTER_GLOBAL": "1000000",
}
ABANDON_AFTER = 0.01  # seconds: the client timeout of an attempt that is given up and retried
RETRY_AFTER = 0.1  # seconds after the send of the abandoned attempt
SUBMIT = "submit"
ABANDONED = "submit: abandoned at a 10 ms client timeout"
RETRY = "submit: retry with the same key"
RESEND = "submit: resend after the answer (same key)"
LATE = "submit: 1 s after the deadline"
LATE_REPLAY = "submit: replay of the same key after the deadline"


@dataclass(frozen=True)
class BurstOptions:
    vendors: int = 500
    late: int = 5
    late_replays: int = 3
    lead: float = 75.0  # seconds from the approval to the deadline
    window: float = 60.0  # every on-time vendor submits within this many seconds before the deadline
    final_seconds: float = 10.0
    final_share: float = 0.5
    margin: float = 2.0  # the last on-time send is this many seconds before the deadline
    seed: int = 2026
    workers: int = 4  # concurrent clients for the account set-up
    sign_in_all: bool = False  # every vendor signs in over HTTP instead of minted tokens


@dataclass
class Account:
    index: int
    username: str
    password: str
    org_name: str
    credit_code: str
    district: str
    org_id: str = ""
    user_id: str = ""
    token: str = ""


@dataclass
class BurstReport:
    options: BurstOptions
    challenge_id: str
    deadline: datetime
    setup_seconds: dict[str, float]
    attempts: list[dict[str, Any]]
    locust: dict[str, Any]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    acknowledged: int = 0  # vendors holding a 201 receipt
    applications: int = 0  # rows in the workflow database for the challenge
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    late_accepted: list[str] = field(default_factory=list)
    on_time_refused: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    resent: list[str] = field(default_factory=list)  # 502/503 answers the vendor sent again (same key)
    metrics_5xx: dict[str, int] = field(default_factory=dict)
    logged_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [
            *(f"lost: {x}" for x in self.lost),
            *(f"duplicated: {x}" for x in self.duplicated),
            *(f"accepted after the deadline: {x}" for x in self.late_accepted),
            *(f"refused although sent before the deadline: {x}" for x in self.on_time_refused),
            *(f"unexpected answer: {x}" for x in self.unexpected),
            *(f"5xx: {x}" for x in self.server_errors),
            *(f"5xx in {svc} /metrics: {n}" for svc, n in self.metrics_5xx.items() if n),
            *(f"logged: {x}" for x in self.logged_errors),
        ]


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def credit_code(index: int) -> str:
    """A valid 统一社会信用代码 (check character included), unique per index."""
    first17 = f"91330108LD{index:07d}"
    return first17 + check_character(first17)


def application_body(account: Account) -> dict[str, Any]:
    plan = f"第{account.index}号申报方案：三个月完成样机，六个月完成产线部署，驻场联调并与 MES 对接。" * 4
    document = (f"%PDF-1.4 sealed technical proposal of {account.username}\n" * 64).encode()
    return {
        "lead": {
            "org_name": account.org_name,
            "credit_code": account.credit_code,
            "district": account.district,
            "contact": f"{account.username}@example.cn",
        },
        "project_leader": {"name": f"项目负责人{account.index}", "title": "技术总监"},
        "qualifications": [{"label": "高新技术企业", "level": "国家级"}],
        "commitments": [{"metric": "缺陷检出率", "value": "99.7%"}],
        "plan": plan,
        "budget": {"total": 180, "items": [{"item": "设备", "amount": 100}]},
        "declarations": {"truthful": True, "no_collusion": True},
        "documents": [
            {
                "name": "技术方案.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(document).decode(),
            }
        ],
    }


def _ok(response: httpx.Response, status: int = 200) -> Any:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: {response.status_code} {response.text}"
        )
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def create_accounts(
    http: httpx.Client, admin: str, count: int, workers: int, sign_in_all: bool, timings: dict[str, float]
) -> list[Account]:
    """Self-registration and the admin's verification over HTTP, as vendors and the operator do it;
    then every vendor signs in (`sign_in_all`), or tokens are minted (see mint_tokens)."""
    accounts = [
        Account(
            index=i,
            username=f"burst{i:04d}",
            password=f"burst-{i:04d}-password",
            org_name=f"杭州视谷第{i:04d}号智能科技有限公司",
            credit_code=credit_code(i),
            district=DISTRICTS[i % len(DISTRICTS)],
        )
        for i in range(count)
    ]

    def register(a: Account) -> None:
        body = {
            "organisation": {
                "name": a.org_name,
                "credit_code": a.credit_code,
                "district": a.district,
                "kind": "vendor",
            },
            "user": {"username": a.username, "password": a.password, "display_name": f"申报人{a.index:04d}"},
        }
        result = _ok(http.post("/api/auth/register", json=body), 201)
        a.org_id, a.user_id = result["organisation"]["id"], result["user_id"]

    def admit(a: Account) -> None:
        _ok(http.post(f"/api/admin/organisations/{a.org_id}/verify", headers=bearer(admin)))

    def token(a: Account) -> None:
        a.token = sign_in(http, a.username, a.password)

    steps = [("register", register), ("verify", admit)]
    if sign_in_all:
        steps.append(("sign in", token))
    with ThreadPoolExecutor(workers) as pool:
        for name, step in steps:
            started = time.monotonic()
            list(pool.map(step, accounts))
            timings[name] = time.monotonic() - started
            log(f"{name}: {count} vendors in {timings[name]:.1f} s ({count / timings[name]:.1f}/s)")
    if not sign_in_all:
        mint_tokens(http, accounts)
    return accounts


def mint_tokens(http: httpx.Client, accounts: list[Account]) -> None:
    """Access tokens signed with the sandbox key the gateway itself signs with, carrying the claims
    the gateway puts in them (checked against a real sign-in of the first account)."""
    codec = TokenCodec(AuthSettings(app_env="sandbox"))
    now = datetime.now(UTC)
    # Every account joined its organisation at registration, before now: a token that says "member
    # since now" may read all that its organisation seals from here on, as the gateway's own would.
    for a in accounts:
        a.token = codec.issue_access(
            user_id=a.user_id,
            username=a.username,
            roles=["vendor"],
            org_id=a.org_id,
            org_kind="vendor",
            org_name=a.org_name,
            now=now,
            member_since=now,
        )
    first = accounts[0]
    issued = codec.verify_access(sign_in(http, first.username, first.password), now=now)
    minted = codec.verify_access(first.token, now=now)
    joined, claimed = issued.member_since, minted.member_since
    if joined is None or claimed is None or joined > claimed:
        raise RuntimeError(f"the gateway's token names no membership before {claimed}: {issued}")
    # The session id names the gateway's own sign-in (a refresh-token family); minted tokens have none.
    if replace(issued, member_since=None, session_id=None) != replace(minted, member_since=None, session_id=None):
        raise RuntimeError(f"minted claims differ from the gateway's: {minted} != {issued}")


def open_challenge(http: httpx.Client, enterprise: str, reviewer: str, lead: float) -> tuple[str, datetime]:
    now = datetime.now(UTC)
    deadline = (now + timedelta(seconds=lead)).replace(microsecond=0)
    body = challenge_body(now, application_deadline=deadline.isoformat(), title="申报截止前一分钟集中提交")
    cid: str = _ok(http.post(f"{W}/challenges", json=body, headers=bearer(enterprise)), 201)["id"]
    _ok(http.post(f"{W}/challenges/{cid}/actions/submit", headers=bearer(enterprise)))
    challenge = _ok(http.post(f"{W}/challenges/{cid}/actions/approve", headers=bearer(reviewer)))
    if challenge["status"] != "open":
        raise RuntimeError(f"challenge not open after approval: {challenge['status']}")
    return cid, datetime.fromisoformat(challenge["application_deadline"])


def plan(cid: str, deadline: datetime, accounts: list[Account], options: BurstOptions) -> dict[str, Any]:
    """Who sends what when. On-time vendors first (`options.vendors`), then the late ones."""
    rng = random.Random(options.seed)
    d = deadline.timestamp()
    on_time, late = accounts[: options.vendors], accounts[options.vendors :]
    final = round(options.vendors * options.final_share)
    times = [rng.uniform(d - options.final_seconds, d - options.margin) for _ in range(final)]
    times += [rng.uniform(d - options.window, d - options.final_seconds) for _ in range(options.vendors - final)]
    rng.shuffle(times)
    vendors = []
    resends = 0
    for a, at in zip(on_time, times, strict=True):
        kind, attempts = "once", [{"label": SUBMIT, "at": at, "timeout": 30, "expect": [201]}]
        if a.index % 10 == 3:
            kind = "timeout-retry"
            attempts = [
                {"label": ABANDONED, "at": at, "timeout": ABANDON_AFTER, "expect": [0, 201]},
                {"label": RETRY, "at": at + RETRY_AFTER, "timeout": 30, "expect": [201]},
            ]
        elif a.index % 10 == 7:
            kind = "resend"
            attempts.append({"label": RESEND, "at": at, "timeout": 30, "expect": [201]})
            if resends < options.late_replays:
                resends += 1
                attempts.append({"label": LATE_REPLAY, "at": d + 1.5, "timeout": 30, "expect": [201]})
        vendors.append(_vendor(cid, a, kind, attempts))
    for a in late:
        vendors.append(_vendor(cid, a, "late", [{"label": LATE, "at": d + 1.0, "timeout": 30, "expect": [409]}]))
    return {"path": f"{W}/challenges/{cid}/applications", "deadline": d, "vendors": vendors}


def _vendor(cid: str, a: Account, kind: str, attempts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "username": a.username,
        "org_id": a.org_id,
        "token": a.token,
        "key": f"deadline-burst-{cid[:8]}-{a.index}",
        "kind": kind,
        "body": application_body(a),
        "attempts": attempts,
    }


def run_locust(
    base_url: str, burst_plan: dict[str, Any], work: Path, ca_file: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """locust, headless, one user per vendor; returns every attempt and locust's own totals."""
    plan_path, results_path, stats_prefix = work / "plan.json", work / "attempts.jsonl", work / "locust"
    plan_path.write_text(json.dumps(burst_plan, ensure_ascii=False), encoding="utf-8")
    results_path.write_text("")
    users = len(burst_plan["vendors"])
    run_time = int(burst_plan["deadline"] - time.time() + 60)
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", base_url),
        *("--users", str(users), "--spawn-rate", str(users), "--run-time", f"{run_time}s", "--stop-timeout", "30"),
        *("--only-summary", "--json-file", str(stats_prefix), "--exit-code-on-error", "0"),
    ]
    env = {**os.environ, "BURST_PLAN": str(plan_path), "BURST_RESULTS": str(results_path)}
    if ca_file is not None:
        env["BURST_CA_FILE"] = str(ca_file)
    with (work / "locust.log").open("wb") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=run_time + 90)
    if done.returncode != 0:
        raise RuntimeError(f"locust exited {done.returncode}:\n{(work / 'locust.log').read_text()[-4000:]}")
    attempts = [json.loads(line) for line in results_path.read_text(encoding="utf-8").splitlines() if line]
    entries = json.loads(Path(f"{stats_prefix}.json").read_text())
    stats = {
        "requests": sum(e["num_requests"] for e in entries),
        "failures": sum(e["num_failures"] for e in entries),
    }
    return attempts, stats


def wait_until_opened(http: httpx.Client, reviewer: str, cid: str, deadline: datetime, timeout: float = 120) -> str:
    limit = time.monotonic() + max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + timeout
    while True:
        status: str = _ok(http.get(f"{W}/challenges/{cid}", headers=bearer(reviewer)))["status"]
        if status != "open":
            return status
        if time.monotonic() > limit:
            raise RuntimeError(f"challenge {cid} still open {timeout:.0f} s after its deadline")
        time.sleep(0.5)


@dataclass(frozen=True)
class Scrape:
    """The services' own /metrics (the gateway's, and workflow's inside the network) and the scrape token."""

    urls: dict[str, str]
    token: str


def platform_scrape(platform: Platform) -> Scrape:
    urls = {name: f"{platform.service_urls[name]}/metrics" for name in ("gateway", "workflow")}
    return Scrape(urls, METRICS_TOKEN)


def server_5xx(http: httpx.Client, scrape: Scrape) -> dict[str, int]:
    """5xx answers counted by the services themselves since they started (kit's Prometheus metrics)."""
    counts = {}
    for service, url in scrape.urls.items():
        total = 0.0
        answer = http.get(url, headers={"Authorization": f"Bearer {scrape.token}"})
        for family in text_string_to_metric_families(_checked_text(answer)):
            for sample in family.samples:
                if sample.name == "http_requests_total" and sample.labels.get("status", "").startswith("5"):
                    total += sample.value
        counts[service] = int(total)
    return counts


def _checked_text(response: httpx.Response) -> str:
    if response.status_code != 200 or "http_requests_total" not in response.text:
        raise RuntimeError(f"{response.request.url.path}: no metrics ({response.status_code})")
    return response.text


def verify(
    report: BurstReport,
    http: httpx.Client,
    reviewer: str,
    accounts: list[Account],
    workflow_db: str,
) -> None:
    """Fills the report's check lists from the attempts, the database and the API."""
    options, cid = report.options, report.challenge_id
    late_names = {a.username for a in accounts[options.vendors :]}
    by_vendor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for x in report.attempts:
        by_vendor[x["vendor"]].append(x)
        who = f"{x['vendor']} ({x['label']})"
        status = x["status"]
        if status in (502, 503) and x.get("resent"):
            report.resent.append(f"{who}: {status} {x.get('problem', '')}, sent again")
        elif status >= 500:
            report.server_errors.append(f"{who}: {status} {x.get('problem', '')}")
        elif status == 0 and x["label"] != ABANDONED:
            report.unexpected.append(f"{who}: {x.get('error')}")
        elif x["vendor"] in late_names:
            if status == 201:
                report.late_accepted.append(f"{who}: receipt {x['receipt']['id']}")
            elif status != 409:
                report.unexpected.append(f"{who}: {status} {x.get('problem', '')}")
        elif status == 409 and x.get("problem") == "deadline-passed":
            report.on_time_refused.append(f"{who}: sent {x['sent_at'] - report.deadline.timestamp():+.2f} s")
        elif status not in (0, 201):
            report.unexpected.append(f"{who}: {status} {x.get('problem', '')}")

    receipts: dict[str, dict[str, Any]] = {}  # on-time vendor -> its receipt
    for a in accounts[: options.vendors]:
        attempts = by_vendor.get(a.username, [])
        if not attempts:
            report.unexpected.append(f"{a.username}: no attempt recorded")
        accepted = [x for x in attempts if x["status"] == 201]
        ids = {x["receipt"]["id"] for x in accepted}
        if len(ids) > 1:
            report.duplicated.append(f"{a.username}: {len(ids)} different receipts for one Idempotency-Key")
        if accepted:
            receipts[a.username] = accepted[0]["receipt"]
        # Every answer after the first 201 is a replay of it; so is the retry after an abandoned
        # attempt whenever that attempt reached the service first.
        for x in accepted[1:]:
            if not x.get("replayed"):
                report.duplicated.append(f"{a.username} ({x['label']}): a second 201 not marked Idempotent-Replayed")
    report.acknowledged = len(receipts)

    # The database: one row per organisation, each acknowledged receipt exactly once, none late.
    engine = create_engine(normalise_url(workflow_db))
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(
                    Application.id,
                    Application.org_id,
                    Application.receipt_no,
                    Application.sha256,
                    Application.submitted_at,
                ).where(Application.challenge_id == cid)
            ).all()
            keys = session.scalar(select(func.count()).where(IdempotencyKey.scope.like(f"application:%:{cid}")))
    finally:
        engine.dispose()
    report.applications = len(rows)
    org_of = {a.org_id: a.username for a in accounts}
    for org_id, n in Counter(r.org_id for r in rows).items():
        if n > 1:
            report.duplicated.append(f"{org_of.get(org_id, org_id)}: {n} applications in the database")
    if keys != len(rows):
        report.duplicated.append(f"{keys} idempotency records for {len(rows)} applications")
    for r in rows:
        owner = org_of.get(r.org_id, r.org_id)
        if r.submitted_at >= report.deadline:
            report.late_accepted.append(f"{owner}: stored with submitted_at {r.submitted_at.isoformat()}")
        if owner in late_names:
            report.late_accepted.append(f"{owner}: a late vendor has application {r.id}")
        elif owner not in receipts:
            # Only an abandoned attempt without a successful retry could store a row nobody holds.
            report.unexpected.append(f"{owner}: application {r.id} stored, no 201 received")
    by_id = {r.id: r for r in rows}
    for username, receipt in receipts.items():
        row = by_id.get(receipt["id"])
        if row is None:
            report.lost.append(f"{username}: receipt {receipt['id']} not in the database")
        elif (row.receipt_no, row.sha256) != (receipt["receipt_no"], receipt["sha256"]):
            report.lost.append(f"{username}: receipt {receipt['id']} stored with another number or digest")

    # The API: each vendor's own list, and the government reviewer's list of opened applications.
    def mine(a: Account) -> tuple[Account, list[str]]:
        listed = _ok(http.get(f"{W}/applications", params={"mine": "true"}, headers=bearer(a.token)))
        return a, [x["id"] for x in listed if x["challenge_id"] == cid]

    with ThreadPoolExecutor(options.workers) as pool:
        for vendor, listed in pool.map(mine, accounts):
            held = receipts.get(vendor.username)
            expected = [held["id"]] if held else []
            if listed != expected:
                problem = report.duplicated if len(listed) > 1 else report.lost if held else report.unexpected
                problem.append(f"{vendor.username}: GET /applications?mine=true lists {listed}, expected {expected}")
    opened = [x["id"] for x in _ok(http.get(f"{W}/challenges/{cid}/applications", headers=bearer(reviewer)))]
    if len(opened) != len(set(opened)):
        report.duplicated.append("the reviewer's list of opened applications repeats an application")
    missing = {r["id"] for r in receipts.values()} - set(opened)
    report.lost += [f"receipt {m} not among the opened applications" for m in sorted(missing)]


def run_burst(
    base_url: str,
    workflow_db: str,
    options: BurstOptions,
    work: Path,
    platform_log: Path | None = None,
    scrape: Scrape | None = None,
    *,
    ca_file: Path | None = None,
    ready_paths: Sequence[str] = ("/readyz", f"{W}/readyz", "/api/matching/readyz"),
    during_burst: Callable[[datetime], None] | None = None,
) -> BurstReport:
    """The whole scenario against a running platform (sandbox, demo accounts seeded). `platform_log`:
    the services' combined output, scanned for errors logged during the burst; `scrape`: where the
    gateway's and workflow's own /metrics are read (never through the gateway's /api/...); `ca_file`: the
    CA of an HTTPS edge's test certificate; `during_burst`: run in a thread beside locust, given the
    deadline (tests/e2e/test_replicas.py kills replicas from it)."""
    load_before = os.getloadavg()
    timings: dict[str, float] = {}
    limits = httpx.Limits(max_connections=options.workers * 2, max_keepalive_connections=options.workers * 2)
    tls: ssl.SSLContext | bool = True if ca_file is None else ssl.create_default_context(cafile=str(ca_file))
    with httpx.Client(base_url=base_url, timeout=60, limits=limits, trust_env=False, verify=tls) as http:
        wait_ready(http, ready_paths)
        admin = sign_in(http, "admin", DEFAULT_DEMO_PASSWORD)
        enterprise = sign_in(http, "ent1", DEFAULT_DEMO_PASSWORD)
        reviewer = sign_in(http, "gov1", DEFAULT_DEMO_PASSWORD)
        accounts = create_accounts(
            http, admin, options.vendors + options.late, options.workers, options.sign_in_all, timings
        )
        cid, deadline = open_challenge(http, enterprise, reviewer, options.lead)
        log(f"challenge {cid} open, deadline {deadline:%H:%M:%S} ({options.lead:.0f} s ahead); locust starts")
        burst_plan = plan(cid, deadline, accounts, options)
        beside = None if during_burst is None else threading.Thread(target=during_burst, args=(deadline,))
        if beside is not None:
            beside.start()
        try:
            attempts, stats = run_locust(base_url, burst_plan, work, ca_file)
        finally:
            if beside is not None:
                beside.join()
        log(f"locust done: {len(attempts)} attempts; waiting for the opening")
        status = wait_until_opened(http, reviewer, cid, deadline)
        log(f"challenge {status}; checking receipts against the API and the database")
        report = BurstReport(
            options=options,
            challenge_id=cid,
            deadline=deadline,
            setup_seconds=timings,
            attempts=attempts,
            locust=stats,
            load_before=load_before,
            load_after=os.getloadavg(),
        )
        verify(report, http, reviewer, accounts, workflow_db)
        if scrape is not None:
            report.metrics_5xx = server_5xx(http, scrape)
    if platform_log is not None:
        report.logged_errors = logged_errors(platform_log)
    return report


def logged_errors(platform_log: Path) -> list[str]:
    """Error and warning lines of the services' JSON logs ("database is locked", unhandled errors),
    and uvicorn's own "Exception in ASGI application"."""
    found = []
    for line in platform_log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            # Outbox deliveries are retried by design (matching may start after workflow): not counted.
            if entry.get("level") in ("warning", "error") and entry.get("logger") != "kit.outbox":
                found.append(f"{entry.get('service')} {entry['level']}: {entry.get('msg')}"[:300])
        elif line.startswith("ERROR:"):
            found.append(line[:300])
    return found


def wait_ready(http: httpx.Client, paths: Sequence[str], timeout: float = 90) -> None:
    limit = time.monotonic() + timeout
    for path in paths:
        while True:
            try:
                if http.get(path).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > limit:
                raise RuntimeError(f"{path} not ready after {timeout:.0f} s")
            time.sleep(0.5)


def latency_row(name: str, attempts: list[dict[str, Any]]) -> str:
    answered = [x["elapsed_ms"] for x in attempts if x["status"]]
    statuses = Counter(x["status"] or "timeout" for x in attempts)
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0])))
    if not answered:
        return f"| {name} | {len(attempts)} | {shown} | | | | |"
    p = [percentile(answered, q) for q in (50, 95, 99)]
    return f"| {name} | {len(attempts)} | {shown} | {p[0]:.0f} | {p[1]:.0f} | {p[2]:.0f} | {max(answered):.0f} |"


def summary(report: BurstReport) -> str:
    attempts = report.attempts
    d = report.deadline.timestamp()
    answered = [x for x in attempts if x["status"]]
    starts = [x["sent_at"] for x in attempts]
    ends = [x["sent_at"] + x["elapsed_ms"] / 1000 for x in attempts]
    span = max(ends) - min(starts) if attempts else 0.0
    per_second = Counter(int(x["sent_at"] - d) for x in attempts if x["sent_at"] < d)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for x in attempts:
        by_label[x["label"]].append(x)
    o = report.options
    lines = [
        f"Vendors: {o.vendors} on time + {o.late} late; challenge {report.challenge_id}, "
        f"deadline {report.deadline.isoformat()}",
        "Account set-up over HTTP: "
        + ", ".join(f"{k} {v:.1f} s ({(o.vendors + o.late) / v:.1f}/s)" for k, v in report.setup_seconds.items()),
        f"Machine load average before / after: {'/'.join(f'{v:.2f}' for v in report.load_before)} / "
        f"{'/'.join(f'{v:.2f}' for v in report.load_after)} ({os.cpu_count()} cores)",
        "",
        f"Requests: {len(attempts)} (locust counted {report.locust['requests']}, "
        f"{report.locust['failures']} failures against the expected answers); "
        f"answered {len(answered)}, abandoned by the client {len(attempts) - len(answered)}",
        f"Throughput: {len(attempts) / span:.1f} req/s over {span:.1f} s; busiest second before the deadline "
        f"{max(per_second.values(), default=0)} requests sent",
        "",
        "| requests | n | answers | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---|---:|---:|---:|---:|",
        latency_row("all answered", answered),
        latency_row(
            f"answered, sent in the final {o.final_seconds:.0f} s",
            [x for x in answered if d - o.final_seconds <= x["sent_at"] < d],
        ),
        *(latency_row(label, xs) for label, xs in by_label.items()),
        "",
        f"Acknowledged (201) vendors: {report.acknowledged}; applications in the database: {report.applications}",
        f"Lost: {len(report.lost)}; duplicated: {len(report.duplicated)}; accepted after the deadline: "
        f"{len(report.late_accepted)}; refused although sent in time: {len(report.on_time_refused)}; "
        f"5xx: {len(report.server_errors)} (services' /metrics: {report.metrics_5xx}); "
        f"502/503 sent again with the same key: {len(report.resent)}; "
        f"other unexpected: {len(report.unexpected)}; errors and warnings in the services' logs: "
        f"{len(report.logged_errors)}",
    ]
    if report.problems:
        lines += ["", "Problems:", *(f"  - {p}" for p in report.problems[:50])]
    return "\n".join(lines)


@contextmanager
def postgres_databases(tag: str) -> Iterator[dict[str, str]]:
    """Three fresh PostgreSQL databases, one per service, dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    names = {svc: f"shigu_load_{tag}_{svc}" for svc in ("gateway", "matching", "workflow")}
    try:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        yield {f"{svc.upper()}_DATABASE_URL": f"{base}/{name}" for svc, name in names.items()}
    finally:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    defaults = BurstOptions()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--vendors", type=int, default=defaults.vendors)
    parser.add_argument("--late", type=int, default=defaults.late)
    parser.add_argument("--late-replays", type=int, default=defaults.late_replays)
    parser.add_argument("--lead", type=float, default=defaults.lead, help="seconds from approval to the deadline")
    parser.add_argument("--window", type=float, default=defaults.window)
    parser.add_argument("--final-seconds", type=float, default=defaults.final_seconds)
    parser.add_argument("--final-share", type=float, default=defaults.final_share)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--sign-in-all",
        action="store_true",
        help="every vendor signs in over HTTP (argon2id each) instead of minted tokens",
    )
    parser.add_argument("--keep", action="store_true", help="keep the platform's folder (logs, plan, attempts)")
    args = parser.parse_args(argv)
    options = BurstOptions(
        vendors=args.vendors,
        late=args.late,
        late_replays=args.late_replays,
        lead=args.lead,
        window=args.window,
        final_seconds=args.final_seconds,
        final_share=args.final_share,
        seed=args.seed,
        sign_in_all=args.sign_in_all,
    )
    if options.lead < options.window + 5:
        parser.error("--lead must leave at least 5 s before the burst window opens")
    work = Path(tempfile.mkdtemp(prefix="shigu-load-"))
    log(f"platform folder {work}")
    started = time.monotonic()
    with _databases(args.db) as env:
        platform = start_platform(work / "var", {**PLATFORM_ENV, **env})
        try:
            workflow_db = env.get("WORKFLOW_DATABASE_URL", f"sqlite:///{work / 'var' / 'workflow.db'}")
            report = run_burst(platform.base_url, workflow_db, options, work, platform.log, platform_scrape(platform))
        finally:
            stop_platform(platform)
    print(f"\n## Deadline burst ({args.db}), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    print(summary(report))
    print(f"\nTotal {time.monotonic() - started:.0f} s.")
    if args.keep or report.problems:
        print(f"Kept {work}: attempts.jsonl (every attempt), plan.json, locust.log, var/platform.log")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if report.problems else 0


@contextmanager
def _databases(db: str) -> Iterator[dict[str, str]]:
    if db == "sqlite":
        yield {}
        return
    with postgres_databases(f"{os.getpid()}") as env:
        yield env


if __name__ == "__main__":
    sys.exit(main())
