"""scripts/backup.py against real processes: an online backup of a running platform, restored into a fresh
folder, serves the same audit chains, the same search results and the same accounts."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from demo.accounts import DEFAULT_DEMO_PASSWORD
from tests.e2e.conftest import ROOT, start_platform, stop_platform

pytestmark = pytest.mark.e2e

SEARCH_QUERY = {"q": "视觉", "hits_per_page": "100"}


def run_backup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/backup.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@dataclass(frozen=True)
class Snapshot:
    challenge_id: str
    verify: dict[str, object]
    head_hash: str
    search_total: int
    search_ids: list[str]


def snapshot(client: httpx.Client, challenge_id: str | None = None) -> Snapshot:
    if challenge_id is None:
        page = client.get("/api/workflow/challenges", params={"status": "awarded"})
        assert page.status_code == 200, page.text
        challenge_id = str(page.json()["items"][0]["id"])
    verify = client.get(f"/api/workflow/challenges/{challenge_id}/audit/verify")
    assert verify.status_code == 200, verify.text
    trail = client.get(f"/api/workflow/challenges/{challenge_id}/audit")
    assert trail.status_code == 200, trail.text
    found = client.get("/api/matching/search", params=SEARCH_QUERY)
    assert found.status_code == 200, found.text
    return Snapshot(
        challenge_id,
        verify.json(),
        str(trail.json()[-1]["hash"]),
        int(found.json()["total"]),
        sorted(str(hit["id"]) for hit in found.json()["hits"]),
    )


def settle(client: httpx.Client) -> None:
    """Waits until workflow's outbox is delivered and the search total holds still (seeded events arrive
    after start-up), so that the snapshot taken before the backup is the state the backup holds."""
    admin = {"Authorization": f"Bearer {token(client, 'admin')}"}
    deadline = time.monotonic() + 60
    totals: list[int] = []
    while time.monotonic() < deadline:
        pending = client.get("/api/workflow/admin/outbox", params={"state": "pending"}, headers=admin)
        assert pending.status_code == 200, pending.text
        found = client.get("/api/matching/search", params=SEARCH_QUERY)
        assert found.status_code == 200, found.text
        totals.append(int(found.json()["total"]))
        if not pending.json() and len(totals) >= 3 and len(set(totals[-3:])) == 1:
            return
        time.sleep(1)
    pytest.fail(f"the platform did not settle within 60 s: search totals {totals}")


def token(client: httpx.Client, username: str) -> str:
    tokens = client.post("/api/auth/token", data={"username": username, "password": DEFAULT_DEMO_PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return str(tokens.json()["access_token"])


def sign_in(client: httpx.Client, username: str = "gov1") -> None:
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token(client, username)}"})
    assert me.status_code == 200, me.text
    assert me.json()["user"]["username"] == username


def test_online_backup_restores_audit_chain_search_and_accounts(tmp_path: Path) -> None:
    archive = tmp_path / "backups" / "platform.tar.gz"
    original = start_platform(tmp_path / "live")
    try:
        with httpx.Client(base_url=original.base_url, timeout=30) as client:
            settle(client)
            before = snapshot(client)
            assert before.verify["valid"] is True
            assert before.search_total > 0
            made = run_backup("backup", "--var-dir", str(original.var_dir), "--out", str(archive))
            assert made.returncode == 0, made.stderr
            assert "online copy" in made.stdout
            assert snapshot(client, before.challenge_id) == before, "the platform changed during the backup"
    finally:
        stop_platform(original)

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert set(manifest["databases"]) == {"gateway", "matching", "workflow"}
    assert all(info["alembic_revision"] for info in manifest["databases"].values())
    assert any(entry["path"] == "search/meta.json" for entry in manifest["files"])
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])

    fresh = tmp_path / "restored"
    restored_run = run_backup("restore", "--archive", str(archive), "--var-dir", str(fresh))
    assert restored_run.returncode == 0, restored_run.stderr
    refused = run_backup("restore", "--archive", str(archive), "--var-dir", str(fresh))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert "--force" in refused.stderr

    # The restored index itself, before anything rebuilds it (run.py's matching seed reindexes on start):
    # it opens, and holds exactly the documents the restored matching database derives.
    env = {**os.environ, "APP_ENV": "sandbox", "VAR_DIR": str(fresh)}
    env.pop("MATCHING_DATABASE_URL", None)
    env.pop("MATCHING_INDEX_DIR", None)
    reconciled = subprocess.run(
        [sys.executable, "-m", "matching.search", "reconcile"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert reconciled.returncode == 0, reconciled.stderr
    assert "added 0, updated 0, removed 0" in reconciled.stdout, reconciled.stdout

    restored = start_platform(fresh)
    try:
        with httpx.Client(base_url=restored.base_url, timeout=30) as client:
            after = snapshot(client, before.challenge_id)
            sign_in(client)
    finally:
        stop_platform(restored)
    assert after.verify == before.verify
    assert after.head_hash == before.head_hash
    assert after.search_total == before.search_total
    assert after.search_ids == before.search_ids


@pytest.fixture
def small_archive(tmp_path: Path) -> Path:
    """A backup of a tiny data folder (no platform needed to check the archive checks)."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    for name in ("gateway", "matching", "workflow"):
        with sqlite3.connect(var_dir / f"{name}.db") as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            conn.execute("INSERT INTO alembic_version VALUES ('abc123')")
            conn.execute("CREATE TABLE t (v TEXT)")
            conn.executemany("INSERT INTO t VALUES (?)", [(f"row {i}",) for i in range(200)])
    archive = tmp_path / "small.tar.gz"
    made = run_backup("backup", "--var-dir", str(var_dir), "--out", str(archive))
    assert made.returncode == 0, made.stderr
    return archive


def test_an_archive_with_one_byte_changed_is_refused(small_archive: Path, tmp_path: Path) -> None:
    data = bytearray(small_archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    small_archive.write_bytes(bytes(data))
    target = tmp_path / "target"
    refused = run_backup("restore", "--archive", str(small_archive), "--var-dir", str(target))
    assert refused.returncode == 2
    assert "archive refused" in refused.stderr
    assert not target.exists() or not any(target.iterdir()), "nothing written"


def test_a_database_altered_inside_the_archive_fails_its_sha256(small_archive: Path, tmp_path: Path) -> None:
    # Repacked with the original manifest: the gzip stream is valid, only the checksum can tell.
    members: dict[str, bytes] = {}
    with tarfile.open(small_archive) as tar:
        for member in tar.getmembers():
            members[member.name] = tar.extractfile(member).read()  # type: ignore[union-attr]
    db = bytearray(members["workflow.db"])
    db[-10] ^= 0x01
    members["workflow.db"] = bytes(db)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    small_archive.write_bytes(gzip.compress(buffer.getvalue()))
    target = tmp_path / "target"
    refused = run_backup("restore", "--archive", str(small_archive), "--var-dir", str(target))
    assert refused.returncode == 2
    assert "SHA-256 mismatch for workflow.db" in refused.stderr
    assert "Nothing was written" in refused.stderr
    assert not target.exists()
