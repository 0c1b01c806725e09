"""Other users' requests while people sign in: the gateway's latency under continuous sign-ins
against the same probe on a quiet gateway, same run (embedded mode: the gateway on SQLite).

    uv run python -m bench.gateway_signin [--seconds 10] [--rounds 3] [--signers 4]
    uv run python -m bench.gateway_signin --baseline-src /tmp/old   # an older checkout, same run

Passwords are argon2id at the production cost (APP_ENV=sandbox). In each round, for each gateway:
  quiet     one client sends `GET /api/auth/me` (a database read) and `GET /api/workflow/challenges`
            (proxied) in turn for `--seconds`;
  sign-ins  the same probe while `--signers` clients sign in (`POST /api/auth/token`) back to back.
Prints probe requests/s and p50/p99/max latency (medians over the rounds) and the sign-ins' rate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import httpx

from bench.common import ROOT, migrate_all, percentile, sign_in, uvicorn_process
from demo.accounts import DEFAULT_DEMO_PASSWORD, USERS


@dataclass
class Sample:
    rps: float
    p50: float
    p99: float
    max: float
    signins_per_s: float


@contextmanager
def signing_in(base: str, usernames: list[str]) -> Iterator[list[int]]:
    """Clients signing in back to back until the block ends; yields the running counts."""
    stop = threading.Event()
    counts = [0] * len(usernames)

    def loop(i: int, username: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while not stop.is_set():
                sign_in(client, username, DEFAULT_DEMO_PASSWORD)
                counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i, u), daemon=True) for i, u in enumerate(usernames)]
    for t in threads:
        t.start()
    try:
        yield counts
    finally:
        stop.set()
        for t in threads:
            t.join(120)


def probe(base: str, bearer: str, seconds: float, signers: list[str]) -> Sample:
    headers = {"Authorization": f"Bearer {bearer}"}
    paths = ["/api/auth/me", "/api/workflow/challenges"]
    latencies: list[float] = []
    with ExitStack() as stack:
        counts = stack.enter_context(signing_in(base, signers)) if signers else []
        time.sleep(0.5 if signers else 0)  # let the sign-ins get going
        before = sum(counts)
        client = stack.enter_context(httpx.Client(base_url=base, timeout=120))
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            t = time.perf_counter()
            response = client.get(paths[len(latencies) % 2], headers=headers)
            latencies.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise RuntimeError(f"probe answered {response.status_code}: {response.text[:200]}")
        elapsed = time.perf_counter() - started
        signed_in = sum(counts) - before
    return Sample(
        rps=len(latencies) / elapsed,
        p50=percentile(latencies, 50) * 1000,
        p99=percentile(latencies, 99) * 1000,
        max=max(latencies) * 1000,
        signins_per_s=signed_in / elapsed,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--signers", type=int, default=4)
    parser.add_argument("--baseline-src", help="a checkout whose gateway is measured as the baseline")
    args = parser.parse_args()
    signers = [u.username for u in USERS if "vendor" not in u.roles][: args.signers]
    with tempfile.TemporaryDirectory() as var:
        env = {"APP_ENV": "sandbox", "VAR_DIR": var, "DEMO_PASSWORD": DEFAULT_DEMO_PASSWORD}
        migrate_all(env)
        subprocess.run(
            [sys.executable, "-m", "gateway.seed"], cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True
        )
        with ExitStack() as stack:
            workflow = stack.enter_context(uvicorn_process("workflow.app:create_app", env))
            env_gw = {**env, "GATEWAY_WORKFLOW_URL": workflow}
            gateways = {"this checkout": stack.enter_context(uvicorn_process("gateway.app:create_app", env_gw))}
            if args.baseline_src:
                src = os.path.abspath(args.baseline_src)
                old_path = os.pathsep.join(f"{src}/services/{name}" for name in ("gateway", "kit"))
                gateways["baseline"] = stack.enter_context(
                    uvicorn_process("gateway.app:create_app", {**env_gw, "PYTHONPATH": old_path})
                )
            bearers = {}
            for name, base in gateways.items():
                with httpx.Client(base_url=base, timeout=60) as client:
                    bearers[name] = sign_in(client, "vendor1", DEFAULT_DEMO_PASSWORD)
            samples: dict[tuple[str, str], list[Sample]] = {}
            for _ in range(args.rounds):
                for name, base in gateways.items():
                    for case, who in (("quiet", []), (f"{len(signers)} signing in", signers)):
                        sample = probe(base, bearers[name], args.seconds, who)
                        samples.setdefault((name, case), []).append(sample)
    print(f"\n{args.rounds} rounds × {args.seconds:.0f} s per case, medians; gateway on SQLite, production argon2id\n")
    print("| gateway | case | probe req/s | ratio to quiet | p50 ms | p99 ms | max ms | sign-ins/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in gateways:
        quiet_rps = statistics.median(s.rps for s in samples[(name, "quiet")])
        for (gateway, case), runs in samples.items():
            if gateway != name:
                continue
            rps, p50, p99, worst, signins = (
                statistics.median(getattr(s, field) for s in runs)
                for field in ("rps", "p50", "p99", "max", "signins_per_s")
            )
            print(
                f"| {name} | {case} | {rps:,.1f} | {rps / quiet_rps:.2f} × | {p50:,.1f} | {p99:,.0f} "
                f"| {worst:,.0f} | {signins:.1f} |"
            )


if __name__ == "__main__":
    main()
