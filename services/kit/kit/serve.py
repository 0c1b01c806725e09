"""Start one service under uvicorn the one way every launcher does: scripts/run.py, the image, compose.

python -m kit.serve gateway --host 0.0.0.0 --port 8000

uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise, and on one machine every
local process is 127.0.0.1: a client could name any address it liked and dodge the per-address
throttles. Here proxy headers are off unless <SERVICE>_TRUSTED_PROXIES names the proxies in front
(decision 0051): the gateway is the edge by default, and the services do not believe the gateway's
X-Forwarded-For either unless its address is configured for them (they make no decision on it).
"""

from __future__ import annotations

import argparse
import os
import sys

from kit.keys import keys_for_exposed_host
from kit.logs import SERVICE_ENV, UVICORN_LOG_CONFIG
from kit.settings import ServiceSettings

# gateway-internal: the gateway's service-to-service directory on a listener of its own, reachable
# from the internal network only (decision 0050); it shares the gateway's settings and database.
FACTORIES = {
    "gateway": "gateway.app:create_app",
    "gateway-internal": "gateway.app:create_internal_app",
    "matching": "matching.app:create_app",
    "workflow": "workflow.app:create_app",
}
SERVICES = tuple(FACTORIES)
DEFAULT_PORTS = {"gateway": 8000, "matching": 8001, "workflow": 8002, "gateway-internal": 8003}


def trusted_proxies(service: str) -> list[str]:
    settings = ServiceSettings(_env_prefix=f"{service.split('-')[0].upper()}_")
    return settings.trusted_proxy_list()


def uvicorn_args(service: str, *, host: str, port: int, trusted: list[str]) -> list[str]:
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    args = [
        "--factory",
        FACTORIES[service],
        "--host",
        host,
        "--port",
        str(port),
        "--no-access-log",  # kit.middleware writes the access log, with the request id
        "--log-config",  # uvicorn's own lines as JSON too (kit.logs)
        str(UVICORN_LOG_CONFIG),
        "--timeout-graceful-shutdown",
        "5",
    ]
    if trusted:
        return [*args, "--proxy-headers", "--forwarded-allow-ips", ",".join(trusted)]
    return [*args, "--no-proxy-headers"]


def command(service: str, *, host: str, port: int) -> list[str]:
    """The argv that runs `service` (read <SERVICE>_TRUSTED_PROXIES from this process's environment)."""
    args = uvicorn_args(service, host=host, port=port, trusted=trusted_proxies(service))
    return [sys.executable, "-m", "kit.uvicorn_main", *args]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.serve")
    parser.add_argument("service", choices=SERVICES)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    os.environ.update(keys_for_exposed_host(args.host, os.environ))
    os.environ[SERVICE_ENV] = args.service
    argv_out = command(args.service, host=args.host, port=args.port or DEFAULT_PORTS[args.service])
    os.execv(argv_out[0], argv_out)  # the process becomes uvicorn: signals and exit codes as before
    return 0  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
