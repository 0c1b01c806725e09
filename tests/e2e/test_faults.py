"""Fault injection against real processes: a service killed with SIGKILL during traffic and restarted with
the command line and environment it had, the gateway answering problem+json meanwhile, and outbox events
produced while matching is down delivered exactly once after it comes back."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ROOT, Platform, start_platform, stop_platform, timed_get, token

pytestmark = pytest.mark.e2e

REQUEST_BUDGET = 5.0  # seconds: no request may hang during an outage
RECOVERY_TIMEOUT = 45.0


@dataclass
class Restarts:
    """Processes this module started itself (the platform's run.py does not know them)."""

    children: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        for child in self.children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)


@dataclass(frozen=True)
class ProcessImage:
    pid: int
    argv: list[str]
    env: dict[str, str]
    cwd: str


def image_of(pid: int) -> ProcessImage:
    """The command line, environment and folder of a running process, read from /proc before it is killed."""
    proc = Path(f"/proc/{pid}")
    argv = [a.decode() for a in proc.joinpath("cmdline").read_bytes().split(b"\0") if a]
    env: dict[str, str] = {}
    for item in proc.joinpath("environ").read_bytes().split(b"\0"):
        if b"=" in item:
            key, _, value = item.partition(b"=")
            env[key.decode()] = value.decode()
    return ProcessImage(pid, argv, env, os.readlink(proc / "cwd"))


def kill9(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        # A zombie until run.py reaps it; its state is "Z" then.
        with contextlib.suppress(FileNotFoundError):
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].startswith("Z"):
                return
        time.sleep(0.05)


def port_of(image: ProcessImage) -> str:
    return image.argv[image.argv.index("--port") + 1]


def restart(image: ProcessImage, restarts: Restarts, log: Path) -> subprocess.Popen[bytes]:
    assert "kit.uvicorn_main" in image.argv, image.argv
    assert "--factory" in image.argv, image.argv
    with log.open("ab") as out:
        child = subprocess.Popen(image.argv, env=image.env, cwd=image.cwd or ROOT, stdout=out, stderr=subprocess.STDOUT)
    restarts.children.append(child)
    return child


def wait_healthy(port: str, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + RECOVERY_TIMEOUT
    while time.monotonic() < deadline:
        assert child.poll() is None, f"the restarted service exited with {child.returncode}"
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"the service on port {port} was not healthy {RECOVERY_TIMEOUT} s after its restart")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, Restarts]]:
    started = start_platform(tmp_path_factory.mktemp("faults"))
    restarts = Restarts()
    yield started, restarts
    stop_platform(started)
    restarts.stop()


def test_workflow_killed_during_reads_gives_problem_json_then_recovers(faulty: tuple[Platform, Restarts]) -> None:
    platform, restarts = faulty
    image = image_of(platform.pid("workflow"))
    assert image.env.get("VAR_DIR") == str(platform.var_dir)
    with httpx.Client(base_url=platform.base_url, timeout=REQUEST_BUDGET + 5) as client:
        for _ in range(5):
            response, _elapsed, error = timed_get(client, "/api/workflow/challenges")
            assert response is not None, error
            assert response.status_code == 200, response.text

        kill9(image.pid)
        outage: list[tuple[int, str, float]] = []
        end = time.monotonic() + 3
        while time.monotonic() < end:
            response, elapsed, error = timed_get(client, "/api/workflow/challenges")
            assert response is not None, f"the gateway dropped the connection: {error}"
            outage.append((response.status_code, response.headers.get("content-type", ""), elapsed))
            time.sleep(0.05)
        assert len(outage) >= 10
        assert all(status in (502, 503) for status, _ct, _e in outage), outage
        assert all(ct.startswith("application/problem+json") for _s, ct, _e in outage), outage
        assert max(e for _s, _ct, e in outage) < REQUEST_BUDGET, outage
        assert client.get("/api/matching/healthz").status_code == 200, "the rest keeps running"

        child = restart(image, restarts, platform.var_dir / "workflow-restarted.log")
        wait_healthy(port_of(image), child)
        recovered: list[int] = []
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while time.monotonic() < deadline:
            response, elapsed, _error = timed_get(client, "/api/workflow/challenges")
            assert elapsed < REQUEST_BUDGET
            recovered.append(response.status_code if response is not None else 0)
            if recovered[-3:] == [200, 200, 200]:
                break
            time.sleep(0.1)
        assert recovered[-3:] == [200, 200, 200], recovered
        assert client.get("/api/workflow/challenges").json()["total"] > 0


def search_hits(client: httpx.Client, challenge_id: str) -> int:
    response = client.get("/api/matching/search", params={"kind": "challenge", "hits_per_page": "100"})
    if response.status_code != 200:
        return -1
    return sum(1 for hit in response.json()["hits"] if hit["id"] == challenge_id)


def test_events_produced_while_matching_is_down_arrive_exactly_once(faulty: tuple[Platform, Restarts]) -> None:
    platform, restarts = faulty
    with httpx.Client(base_url=platform.base_url, timeout=30) as client:
        gov = token(client, "gov1")
        pending = client.get("/api/workflow/challenges", params={"status": "pending_approval"}, headers=gov)
        assert pending.status_code == 200, pending.text
        challenge_id = str(pending.json()["items"][0]["id"])
        assert search_hits(client, challenge_id) == 0, "not public yet"

        image = image_of(platform.pid("matching"))
        kill9(image.pid)
        down = client.get("/api/matching/search", params={"kind": "challenge"})
        assert down.status_code in (502, 503), down.text

        approved = client.post(f"/api/workflow/challenges/{challenge_id}/actions/approve", headers=gov, json={})
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "open", approved.json()
        # Let the relay fail at least once against the dead consumer (interval 1 s, backoff from 1 s).
        time.sleep(3)

        child = restart(image, restarts, platform.var_dir / "matching-restarted.log")
        wait_healthy(port_of(image), child)
        seen: list[int] = []
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while time.monotonic() < deadline:
            seen.append(search_hits(client, challenge_id))
            if seen[-1] >= 1:
                break
            time.sleep(0.5)
        assert seen[-1] == 1, f"search never showed the approved challenge within {RECOVERY_TIMEOUT} s: {seen}"
        # Redelivery (at least once) must not double it: still exactly one a few relay passes later.
        time.sleep(3)
        assert search_hits(client, challenge_id) == 1
        verify = client.get(f"/api/workflow/challenges/{challenge_id}/audit/verify")
        assert verify.status_code == 200, verify.text
        assert verify.json()["valid"] is True, verify.text
