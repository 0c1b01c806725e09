"""Shared helpers: real uvicorn processes on 127.0.0.1, timed request loops, medians of interleaved rounds."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.upstream import free_port

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def uvicorn_process(target: str, env: dict[str, str] | None = None, factory: bool = True) -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--log-level", "warning", "--no-access-log"]
    if factory:
        args.insert(3, "--factory")
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError(f"{target} did not start")
        time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def migrate_all(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "kit.migrate", "all", "upgrade", "head"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def requests_per_second(client: httpx.Client, url: str, n: int) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        latencies.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return n / (time.perf_counter() - started), latencies


def interleaved(rounds: int, cases: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median of each case over `rounds` rounds, the cases alternating within every round."""
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, run in cases.items():
            results[name].append(run())
    return {name: statistics.median(values) for name, values in results.items()}


def sign_in(http: httpx.Client, username: str, password: str) -> str:
    """An access token from the gateway's sign-in; `http` has the gateway as its base URL."""
    response = http.post("/api/auth/token", data={"username": username, "password": password})
    if response.status_code != 200:
        raise RuntimeError(f"sign-in of {username}: {response.status_code} {response.text}")
    token: str = response.json()["access_token"]
    return token


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]
