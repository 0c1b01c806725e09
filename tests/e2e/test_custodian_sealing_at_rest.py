"""Issue 16's first "done when": before the deadline, whoever holds the workflow database, a backup, the
workflow service's full environment, every file under its VAR_DIR and a memory dump of the running
workflow and gateway processes cannot read a custodian-sealed application.

The platform runs as real processes (scripts/run.py), on SQLite and on PostgreSQL. The test plays the
custodians (gov1, gov2, super1 register opening keys it generated; the private keys never leave the
test) and three vendors, who seal with `envelope.seal` applications whose text fields and documents hold
random 32-hex markers. Beside them, one application to a `sealing: service` challenge in the same
processes, with markers of its own: the service receives that plaintext, so the same search must find
its markers (otherwise a search that finds nothing proves nothing).

What is collected, with the challenges still open:
- the database: on SQLite every file under VAR_DIR (the databases with their -wal and -shm, the search
  index, the log, the pid files); on PostgreSQL a `pg_dump` of each service's database as well;
- a backup with the project's command (`scripts/backup.py backup`, `make backup`'s, SQLite only; on
  PostgreSQL `pg_dump` is the backup, docs/operations.md), its archive unpacked and each member searched;
- `/proc/<pid>/environ` of the workflow process;
- its memory and the gateway's: every readable region of `/proc/<pid>/maps` read through
  `/proc/<pid>/mem` (heap, stacks, anonymous and file-backed mappings alike), except the kernel's
  `[vvar]`/`[vsyscall]` pages and the read-only mappings of the interpreter's and libraries' own
  files, which are those files on disk and cannot hold anything the process received.

Each marker is searched as UTF-8 (the JSON on the wire, `bytes`), UTF-16 LE/BE and UTF-32 LE (how
CPython stores a string that holds Chinese text), hex (PostgreSQL's bytea in a dump) and base64 and
base64url at each of the three alignments it can take inside a longer base64 text (documents travel
base64-encoded).
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from bench.load_deadline_burst import postgres_databases
from demo.accounts import DEFAULT_DEMO_PASSWORD, ORG_BY_KEY, USER_BY_NAME
from kit.audit import canonical
from tests.e2e.conftest import ROOT, Platform, start_platform, stop_platform
from tests.workflow.factories import application_body, challenge_body
from workflow.custody import envelope

pytestmark = pytest.mark.e2e

W = "/api/workflow"
CUSTODIANS = ("gov1", "gov2", "super1")
VENDORS = ("vendor1", "vendor2", "vendor3")
# Read-only mappings of files under these prefixes are the interpreter's and the libraries' code and
# constants, identical to the files on disk.
_CODE = tuple({sys.prefix, sys.base_prefix, "/usr/", "/lib/", "/lib64/", "/opt/", "/etc/"})
_SKIPPED_REGIONS = ("[vvar]", "[vsyscall]", "[vvar_vclock]")


# Every marker of a run starts with the run's own random 12 hex digits, then 20 of its own: the search
# looks for the run's prefix in each form (eleven needles, one pass over each source) and compares the
# whole of every marker where the prefix is found, instead of a pass per marker and form.
RUN = secrets.token_hex(6)


def marker() -> str:
    return RUN + secrets.token_hex(10)


@dataclass
class Markers:
    """The markers of one application: one per text field, one per document."""

    plan: str = field(default_factory=marker)
    leader: str = field(default_factory=marker)
    commitment: str = field(default_factory=marker)
    qualification: str = field(default_factory=marker)
    documents: tuple[str, str] = field(default_factory=lambda: (marker(), marker()))

    def all(self) -> list[str]:
        return [self.plan, self.leader, self.commitment, self.qualification, *self.documents]

    def application(self, org_key: str) -> dict[str, Any]:
        """The application's fields (no documents), each text field holding its marker among Chinese text."""
        body = application_body(
            org_key,
            plan=f"三个月完成样机 {self.plan} 六个月完成产线部署。",
            project_leader={"name": f"张工{self.leader}", "title": "技术总监"},
            commitments=[{"metric": "缺陷检出率", "value": f"99.7% {self.commitment}"}],
            qualifications=[{"label": f"高新技术企业 {self.qualification}", "level": "国家级"}],
        )
        del body["documents"]
        return body

    def document_data(self) -> list[bytes]:
        # Some kilobytes around each marker: the part travels and is stored like a real file's.
        return [os.urandom(3000) + f"%PDF 技术方案 {m} 附件".encode() + os.urandom(5000) for m in self.documents]


def needles(text: str) -> dict[str, bytes]:
    """Every form of `text` the search looks for, by name."""
    raw = text.encode()
    forms = {
        "utf-8": raw,
        "utf-16-le": text.encode("utf-16-le"),
        "utf-16-be": text.encode("utf-16-be"),
        "utf-32-le": text.encode("utf-32-le"),
        "hex": raw.hex().encode(),
    }
    for offset in range(3):
        # `raw` after `offset` bytes of something else: the base64 characters that depend on `raw` alone.
        encoded = base64.b64encode(bytes(offset) + raw)
        first, last = -(-offset * 8 // 6), (offset + len(raw)) * 8 // 6
        forms[f"base64+{offset}"] = encoded[first:last]
        forms[f"base64url+{offset}"] = encoded[first:last].translate(bytes.maketrans(b"+/", b"-_"))
    return forms


def search(evidence: dict[str, bytes], markers: list[str]) -> list[str]:
    """Where any form of any marker occurs: `source: marker (form)`. Each form of a marker starts where
    the same form of the run's prefix does (for base64 too: the characters that depend on the prefix
    alone are the first ones of those that depend on the marker alone)."""
    anchors = needles(RUN)
    forms = {text: needles(text) for text in markers}
    found = []
    for source, data in evidence.items():
        for form, anchor in anchors.items():
            at = data.find(anchor)
            while at != -1:
                found += [f"{source}: {text} ({form})" for text in markers if data.startswith(forms[text][form], at)]
                at = data.find(anchor, at + 1)
    return found


def _samples(text: str) -> dict[str, bytes]:
    """`text` as each form the search claims to find, inside other bytes."""
    raw = os.urandom(5) + text.encode() + os.urandom(5)
    samples = {
        "utf-8": raw,
        "utf-16-le": f"方案{text}文本".encode("utf-16-le"),
        "utf-16-be": f"方案{text}文本".encode("utf-16-be"),
        "utf-32-le": f"方案{text}😀".encode("utf-32-le"),
        "hex": raw.hex().encode(),
    }
    for offset in range(3):
        samples[f"base64+{offset}"] = base64.b64encode(os.urandom(offset) + raw)
        samples[f"base64url+{offset}"] = base64.urlsafe_b64encode(os.urandom(offset) + raw)
    return samples


def memory_of(pid: int) -> tuple[dict[str, bytes], int]:
    """The readable regions of a running process (see the module's docstring), and how many could not
    be read."""
    regions: dict[str, bytes] = {}
    unreadable = 0
    with open(f"/proc/{pid}/maps", encoding="utf-8") as maps, open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for line in maps:
            parts = line.split(maxsplit=5)
            start, end = (int(x, 16) for x in parts[0].split("-"))
            perms, path = parts[1], parts[5].strip() if len(parts) > 5 else ""
            if perms[0] != "r" or path in _SKIPPED_REGIONS:
                continue
            if "w" not in perms and path.startswith(_CODE) and not path.endswith(".db"):
                continue
            try:
                mem.seek(start)
                regions[f"memory of {pid} {parts[0]} {perms} {path}"] = mem.read(end - start)
            except OSError:
                unreadable += 1
    return regions, unreadable


def files_under(root: Path, label: str) -> dict[str, bytes]:
    return {f"{label} {p.relative_to(root)}": p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def unpacked(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {
            f"backup {m.name}": tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


@dataclass
class Run:
    platform: Platform
    backend: str
    databases: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp(f"at-rest-{request.param}")
    if request.param == "sqlite":
        started = start_platform(root / "var")
        try:
            yield Run(started, "sqlite", {})
        finally:
            stop_platform(started)
        return
    with postgres_databases(f"atrest{os.getpid()}") as databases:
        started = start_platform(root / "var", databases)
        try:
            yield Run(started, "postgres", databases)
        finally:
            stop_platform(started)


class Client:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.tokens: dict[str, str] = {}

    def h(self, user: str) -> dict[str, str]:
        if user not in self.tokens:
            r = self.http.post("/api/auth/token", data={"username": user, "password": DEFAULT_DEMO_PASSWORD})
            assert r.status_code == 200, r.text
            self.tokens[user] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def call(self, method: str, path: str, user: str, json: Any = None, expect: int = 200) -> Any:
        r = self.http.request(method, W + path, headers=self.h(user), json=json)
        assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()


def _open_challenge(c: Client, **overrides: Any) -> str:
    now = datetime.now(UTC)
    body = challenge_body(now, application_deadline=(now + timedelta(days=20)).isoformat(), **overrides)
    cid: str = c.call("POST", "/challenges", "ent1", body, expect=201)["id"]
    c.call("POST", f"/challenges/{cid}/actions/submit", "ent1")
    assert c.call("POST", f"/challenges/{cid}/actions/approve", "gov1")["status"] == "open"
    return cid


@dataclass
class Evidence:
    custodian_markers: list[str]
    service_markers: list[str]
    plaintexts: dict[str, bytes]  # what the test itself sealed or sent, for the sanity check
    collected: dict[str, bytes]
    workflow_memory: dict[str, bytes]
    unreadable_regions: int
    status: dict[str, str]


@pytest.fixture(scope="module")
def evidence(run: Run, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evidence]:
    c = Client(run.platform.base_url)
    try:
        yield _submit_and_collect(c, run, tmp_path_factory.mktemp(f"evidence-{run.backend}"))
    finally:
        c.http.close()


def _submit_and_collect(c: Client, run: Run, work: Path) -> Evidence:
    # The custodians' keys, made here as each custodian's browser or the offline tool would.
    privates: dict[str, ec.EllipticCurvePrivateKey] = {}
    for user in CUSTODIANS:
        private = ec.generate_private_key(ec.SECP256R1())
        public = envelope.b64(envelope.public_key_of(private))
        c.call("POST", "/custody/keys", user, {"public_key": public}, expect=201)
        privates[USER_BY_NAME[user].id] = private
    custodian_ids = [USER_BY_NAME[u].id for u in CUSTODIANS]
    sealed_cid = _open_challenge(c, sealing="custodians", custodians=custodian_ids, custodian_threshold=2)
    plain_cid = _open_challenge(c, title="平台密封对照榜单")

    plaintexts: dict[str, bytes] = {}
    custodian_markers: list[str] = []
    for vendor in VENDORS:
        markers = Markers()
        custodian_markers += markers.all()
        served = c.call("GET", f"/challenges/{sealed_cid}/custodians", vendor)
        keys = [envelope.OpeningKey(k["user_id"], envelope.unb64(k["public_key"])) for k in served["custodians"]]
        application = markers.application(vendor)
        documents = [
            envelope.Document(f"方案{i}.pdf", "application/pdf", data) for i, data in enumerate(markers.document_data())
        ]
        plaintexts[f"{vendor} application"] = canonical(application)
        plaintexts.update({f"{vendor} {d.name}": d.data for d in documents})
        sealed = envelope.seal(
            challenge_id=sealed_cid,
            organisation_id=ORG_BY_KEY[vendor].id,
            application=application,
            documents=documents,
            custodians=keys,
            threshold=served["threshold"],
        )
        receipt = c.call(
            "POST",
            f"/challenges/{sealed_cid}/applications/sealed",
            vendor,
            {"envelope": sealed.model_dump(mode="json")},
            expect=201,
        )
        # The server stored the envelope that was sent: its receipt signs the header's digest, and the
        # header it serves back is the one sealed here.
        assert receipt["sha256"] == envelope.sha256_hex(canonical(sealed.header.model_dump(mode="json")))
        mine = c.call("GET", f"/applications/{receipt['id']}", vendor)
        assert mine["envelope"] == sealed.header.model_dump(mode="json")
        assert mine["content"] is None
        # What the custodians will open after the deadline is what the vendor sealed.
        shares = {u: envelope.open_share(sealed, u, privates[u]) for u in custodian_ids[1:]}
        opened = envelope.open_parts(sealed, envelope.combine(sealed.header, shares))
        assert opened == [plaintexts[f"{vendor} application"], *(d.data for d in documents)]

    # The control: the same kind of application to a challenge the service seals.
    control = Markers()
    body = {
        **control.application("vendor1"),
        "documents": [
            {"name": f"方案{i}.pdf", "content_type": "application/pdf", "content_base64": base64.b64encode(d).decode()}
            for i, d in enumerate(control.document_data())
        ],
    }
    plaintexts["control request body"] = canonical(body)
    c.call("POST", f"/challenges/{plain_cid}/applications", "vendor1", body, expect=201)

    status = {cid: c.call("GET", f"/challenges/{cid}", "gov1")["status"] for cid in (sealed_cid, plain_cid)}

    # What the operator holds, taken now, before the deadline.
    var_dir = run.platform.var_dir
    collected = files_under(var_dir, "VAR_DIR")
    if run.backend == "sqlite":
        archive = work / "backup.tar.gz"
        made = subprocess.run(
            [sys.executable, "scripts/backup.py", "backup", "--var-dir", str(var_dir), "--out", str(archive)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        collected.update(unpacked(archive))
        assert "backup workflow.db" in collected
    else:
        for name, url in run.databases.items():
            dumped = subprocess.run(
                ["pg_dump", "--no-owner", url.replace("+psycopg", "")], capture_output=True, timeout=120, check=True
            )
            collected[f"pg_dump {name}"] = dumped.stdout
        assert b"COPY public.applications" in collected["pg_dump WORKFLOW_DATABASE_URL"]
    workflow = run.platform.pid("workflow")
    collected[f"/proc/{workflow}/environ"] = Path(f"/proc/{workflow}/environ").read_bytes()
    workflow_memory, unreadable = memory_of(workflow)
    gateway_memory, unreadable_gateway = memory_of(run.platform.pid("gateway"))
    collected.update(workflow_memory)
    collected.update(gateway_memory)
    return Evidence(
        custodian_markers=custodian_markers,
        service_markers=control.all(),
        plaintexts=plaintexts,
        collected=collected,
        workflow_memory=workflow_memory,
        unreadable_regions=unreadable + unreadable_gateway,
        status=status,
    )


def test_no_custodian_sealed_plaintext_in_the_database_backup_environment_or_memory(evidence: Evidence) -> None:
    assert set(evidence.status.values()) == {"open"}, "collected before the deadline"
    # The search finds each marker in the plaintext the test sealed, in every text encoding it tries.
    sealed_plaintexts = {k: v for k, v in evidence.plaintexts.items() if not k.startswith("control")}
    assert len(search(sealed_plaintexts, evidence.custodian_markers)) >= len(evidence.custodian_markers)
    probe = evidence.custodian_markers[0]
    assert {line.rsplit("(", 1)[1].rstrip(")") for line in search(_samples(probe), [probe])} >= set(needles(probe))
    # The dump is of the running process: its heap holds what it was sent.
    memory = sum(len(v) for k, v in evidence.collected.items() if k.startswith("memory of"))
    assert memory > 20_000_000
    assert any("[heap]" in k for k in evidence.workflow_memory)
    assert evidence.unreadable_regions == 0
    assert search(evidence.collected, evidence.custodian_markers) == []


def test_the_same_search_finds_what_the_service_sealed_itself(evidence: Evidence) -> None:
    """The control: the service holds the plaintext of a `sealing: service` application (and its key),
    and the same search over the same collection finds every one of its markers in the workflow
    process's memory; so finding none of the custodian-sealed markers means something."""
    assert search({"control": evidence.plaintexts["control request body"]}, evidence.service_markers)
    in_workflow = search(evidence.workflow_memory, evidence.service_markers)
    assert {line.split(": ", 1)[1].split(" ", 1)[0] for line in in_workflow} == set(evidence.service_markers)
