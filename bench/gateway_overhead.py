"""Health check through the full middleware stack vs a bare app; gateway proxy vs calling a service directly.

uv run python -m bench.gateway_overhead [--requests 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import tempfile

import httpx

from bench.common import interleaved, migrate_all, requests_per_second, uvicorn_process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {"APP_ENV": "test", "VAR_DIR": var}
        migrate_all(env)
        with (
            uvicorn_process("bench.bare_app:app", factory=False) as bare,
            uvicorn_process("workflow.app:create_app", env) as workflow,
        ):
            env_gw = {**env, "GATEWAY_WORKFLOW_URL": workflow}
            with uvicorn_process("gateway.app:create_app", env_gw) as gateway, httpx.Client() as client:
                n = args.requests
                rps = interleaved(
                    args.rounds,
                    {
                        "bare app /healthz": lambda: requests_per_second(client, bare + "/healthz", n)[0],
                        "kit stack /healthz (workflow)": lambda: requests_per_second(client, workflow + "/healthz", n)[
                            0
                        ],
                        "gateway → workflow /healthz": lambda: requests_per_second(
                            client, gateway + "/api/workflow/healthz", n
                        )[0],
                    },
                )
    bare_rps = rps["bare app /healthz"]
    direct = rps["kit stack /healthz (workflow)"]
    print(f"\n{args.rounds} interleaved rounds × {args.requests} sequential requests, median requests/s\n")
    print("| case | req/s | ratio |")
    print("|---|---:|---:|")
    print(f"| bare FastAPI /healthz (baseline) | {bare_rps:,.0f} | 1.00 |")
    print(f"| full middleware stack /healthz | {direct:,.0f} | {direct / bare_rps:.2f} × bare |")
    proxied = rps["gateway → workflow /healthz"]
    print(f"| through the gateway proxy | {proxied:,.0f} | {proxied / direct:.2f} × direct |")


if __name__ == "__main__":
    main()
