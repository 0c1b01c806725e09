"""The platform started the way `make run` starts it: scripts/run.py, three real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.upstream import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Platform:
    base_url: str
    var_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def pid(self, service: str) -> int:
        return int((self.var_dir / "run" / f"{service}.pid").read_text())


def start_platform(var_dir: Path, extra_env: dict[str, str] | None = None) -> Platform:
    ports = [free_port() for _ in range(3)]
    env = {**os.environ, "APP_ENV": "sandbox", "VAR_DIR": str(var_dir), **(extra_env or {})}
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
                "--var-dir",
                str(var_dir),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    platform = Platform(f"http://127.0.0.1:{ports[0]}", var_dir, process, log)
    deadline = time.monotonic() + 240
    while not (var_dir / "run" / "workflow.pid").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
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


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    started = start_platform(tmp_path_factory.mktemp("platform"))
    yield started
    stop_platform(started)


@pytest.fixture
def http(platform: Platform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.base_url, timeout=30) as client:
        yield client
