"""The platform started the way `make run` starts it: scripts/run.py, three real processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from demo.accounts import DEFAULT_DEMO_PASSWORD
from tests.support.upstream import free_port

ROOT = Path(__file__).resolve().parents[2]


# The scrape token the platforms started here are given (METRICS_TOKEN).
METRICS_TOKEN = "e2e-metrics-scrape"


@dataclass
class Platform:
    base_url: str
    var_dir: Path
    process: subprocess.Popen[bytes]
    log: Path
    # Each service's own address (gateway, matching, workflow, gateway-internal), as inside the network.
    service_urls: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)  # gateway, matching, workflow, gateway-internal

    def pid(self, service: str) -> int:
        return int((self.var_dir / "run" / f"{service}.pid").read_text())


def start_platform(
    var_dir: Path,
    extra_env: dict[str, str] | None = None,
    *,
    ports: list[int] | None = None,
    run_args: Sequence[str] = (),
) -> Platform:
    """`ports`: gateway, matching, workflow, gateway-internal (free ones when not given); `run_args`:
    further options of scripts/run.py."""
    ports = ports or [free_port() for _ in range(4)]
    env = {
        **os.environ,
        "APP_ENV": "sandbox",
        "VAR_DIR": str(var_dir),
        "METRICS_TOKEN": METRICS_TOKEN,
        **(extra_env or {}),
    }
    log = var_dir / "platform.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "scripts/run.py",
                "--gateway-port",
                str(ports[0]),
                "--matching-port",
                str(ports[1]),
                "--workflow-port",
                str(ports[2]),
                "--gateway-internal-port",
                str(ports[3]),
                "--var-dir",
                str(var_dir),
                *run_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a failed start kills the services too
        )
    named = dict(zip(("gateway", "matching", "workflow", "gateway-internal"), ports, strict=True))
    urls = {name: f"http://127.0.0.1:{port}" for name, port in named.items()}
    platform = Platform(urls["gateway"], var_dir, process, log, urls, named)
    deadline = time.monotonic() + 240
    while not (var_dir / "run" / "workflow.pid").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            raise RuntimeError("platform did not start:\n" + log.read_text(errors="replace")[-4000:])
        time.sleep(0.5)
    return platform


def stop_platform(platform: Platform) -> None:
    if platform.process.poll() is None:
        platform.process.send_signal(signal.SIGTERM)
        try:
            platform.process.wait(20)
        except subprocess.TimeoutExpired:
            platform.process.kill()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def token(client: httpx.Client, username: str) -> dict[str, str]:
    """The Authorization header of a demo account, signed in through the gateway."""
    answer = client.post("/api/auth/token", data={"username": username, "password": DEFAULT_DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def timed_get(client: httpx.Client, url: str, **kwargs: object) -> tuple[httpx.Response | None, float, str]:
    """A GET with its duration; no response (and the error) when the exchange itself failed."""
    started = time.monotonic()
    try:
        response = client.get(url, **kwargs)  # type: ignore[arg-type]
    except httpx.HTTPError as exc:
        return None, time.monotonic() - started, f"{type(exc).__name__}: {exc}"
    return response, time.monotonic() - started, ""


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    started = start_platform(tmp_path_factory.mktemp("platform"))
    yield started
    stop_platform(started)


@pytest.fixture
def http(platform: Platform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.base_url, timeout=30) as client:
        yield client
