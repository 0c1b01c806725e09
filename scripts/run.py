"""`make run`: migrate, seed demo data once, start gateway, matching and workflow as processes.

Stops every child on Ctrl-C or SIGTERM. Host, ports and the data folder come from the
environment (HOST, GATEWAY_PORT, MATCHING_PORT, WORKFLOW_PORT, VAR_DIR). Each service starts as
kit.serve starts it (no forwarded headers believed unless <SERVICE>_TRUSTED_PROXIES is set); with a
HOST beyond the loopback, per-installation keys replace the demo keys (kit.keys).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from demo.accounts import DEFAULT_DEMO_PASSWORD, ORG_BY_KEY, USERS
from kit.keys import keys_for_exposed_host
from kit.logs import SERVICE_ENV
from kit.serve import command

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Service:
    name: str
    port: int
    host: str


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the Shigu Exchange platform locally")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--gateway-port", type=int, default=int(os.environ.get("GATEWAY_PORT", "8000")))
    parser.add_argument("--matching-port", type=int, default=int(os.environ.get("MATCHING_PORT", "8001")))
    parser.add_argument("--workflow-port", type=int, default=int(os.environ.get("WORKFLOW_PORT", "8002")))
    parser.add_argument(
        "--gateway-internal-port", type=int, default=int(os.environ.get("GATEWAY_INTERNAL_PORT", "8003"))
    )
    parser.add_argument("--var-dir", default=os.environ.get("VAR_DIR", str(ROOT / "var")))
    parser.add_argument("--no-seed", action="store_true", help="skip demo data")
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="neither migrate nor seed: further replicas joining databases another run has prepared",
    )
    parser.add_argument(
        "--service-urls-from-env",
        action="store_true",
        help="keep the *_URL variables the environment sets (services reached through a balancer in front of "
        "their replicas, tests/e2e/test_replicas.py) instead of each service's own port",
    )
    return parser.parse_args()


def step(message: str) -> None:
    print(f"\033[1;34m▶\033[0m {message}", flush=True)


def child_env(args: argparse.Namespace, services: list[Service]) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("APP_ENV", "dev")
    env["VAR_DIR"] = args.var_dir
    env.update(keys_for_exposed_host(args.host, env))
    base = {s.name: f"http://{s.host}:{s.port}" for s in services}
    urls = {
        "GATEWAY_MATCHING_URL": base["matching"],
        "GATEWAY_WORKFLOW_URL": base["workflow"],
        "WORKFLOW_MATCHING_URL": base["matching"],
        "WORKFLOW_GATEWAY_URL": base["gateway-internal"],
        "MATCHING_GATEWAY_URL": base["gateway-internal"],
        "MATCHING_WORKFLOW_URL": base["workflow"],
        # The services ask the gateway whether a signed-in user is still active (kit.auth).
        "AUTH_USER_STATUS_URL": base["gateway-internal"],
    }
    if args.service_urls_from_env:
        urls = {name: env.get(name, url) for name, url in urls.items()}
    env.update(urls)
    return env


def prepare(env: dict[str, str], seed: bool) -> None:
    # The seeds drive the apps in-process before the gateway runs: there is nobody to ask about user status.
    env = {k: v for k, v in env.items() if k != "AUTH_USER_STATUS_URL"}
    for name in ("gateway", "matching", "workflow"):
        step(f"迁移数据库 migrating {name}")
        subprocess.run([sys.executable, "-m", "kit.migrate", name, "upgrade", "head"], env=env, check=True, cwd=ROOT)
    if not seed:
        return
    for name in ("gateway", "matching", "workflow"):
        if importlib.util.find_spec(f"{name}.seed") is None:
            continue
        step(f"演示数据 demo data for {name}")
        subprocess.run([sys.executable, "-m", f"{name}.seed"], env=env, check=True, cwd=ROOT)


def start(args: argparse.Namespace, services: list[Service], env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    children = []
    for svc in services:
        step(f"启动 starting {svc.name} on {svc.host}:{svc.port}")
        argv = command(svc.name, host=svc.host, port=svc.port)
        children.append(subprocess.Popen(argv, env={**env, SERVICE_ENV: svc.name}, cwd=ROOT))
    return children


def wait_healthy(args: argparse.Namespace, services: list[Service], children: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 180
    pending = {s.name: f"http://{s.host}:{s.port}/healthz" for s in services}
    while pending:
        for child in children:
            if child.poll() is not None:
                raise SystemExit(f"a service exited during start-up (code {child.returncode})")
        for name, url in list(pending.items()):
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    del pending[name]
                    step(f"{name} 已就绪 ready")
            except httpx.HTTPError:
                pass
        if time.monotonic() > deadline:
            raise SystemExit(f"services not healthy after 180 s: {', '.join(pending)}")
        time.sleep(0.3)


def banner(args: argparse.Namespace) -> None:
    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    print("\n\033[1m视谷机会平台 Shigu Exchange\033[0m is running:")
    print(f"  http://{args.host}:{args.gateway_port}/")
    print(f"\n演示账号 Demo accounts (password: {password}):")
    for user in USERS:
        print(f"  {user.username:<9} {'/'.join(user.roles):<13} {ORG_BY_KEY[user.org_key].name}")
    print("\nCtrl-C 停止 to stop.\n", flush=True)


def stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> int:
    args = parse()
    services = [
        Service("gateway", args.gateway_port, args.host),
        Service("matching", args.matching_port, args.host),
        Service("workflow", args.workflow_port, args.host),
        # The gateway's service-to-service directory: on the loopback only, whatever HOST says.
        Service("gateway-internal", args.gateway_internal_port, "127.0.0.1"),
    ]
    env = child_env(args, services)
    Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    if not args.no_migrate:
        prepare(env, seed=not args.no_seed)
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        children = start(args, services, env)
        wait_healthy(args, services, children)
        run_dir = Path(args.var_dir) / "run"
        run_dir.mkdir(exist_ok=True)
        for svc, child in zip(services, children, strict=True):
            (run_dir / f"{svc.name}.pid").write_text(str(child.pid))
        banner(args)
        reported: set[str] = set()
        while not stopping:
            for svc, child in zip(services, children, strict=True):
                if child.poll() is not None and svc.name not in reported:
                    reported.add(svc.name)
                    print(
                        f"⚠ {svc.name} exited (code {child.returncode}); the others keep running, "
                        "the gateway answers 503 for it. Restart with `make run`.",
                        file=sys.stderr,
                        flush=True,
                    )
            if len(reported) == len(children):
                return 1
            time.sleep(0.5)
        return 0
    finally:
        step("停止 stopping services")
        stop(children)


if __name__ == "__main__":
    sys.exit(main())
