"""The edge's nginx configuration rendered from deploy/nginx/shigu.conf.template the way the nginx image
renders it (envsubst of the named variables only, so nginx's own $variables stay), and a real nginx
from Debian's packages started on it for the end-to-end test."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.certificates import self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "shigu.conf.template"
VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def template_variables(text: str) -> set[str]:
    return set(VARIABLE.findall(text))


def render(text: str, values: Mapping[str, str]) -> str:
    """${NAME} replaced for every NAME in `values`; any other ${NAME} left is an error (the image's
    envsubst would leave it and nginx would refuse the file, or worse, read it as its own variable)."""
    missing = template_variables(text) - set(values)
    if missing:
        raise KeyError(f"template variables without a value: {sorted(missing)}")
    return VARIABLE.sub(lambda match: values[match.group(1)], text)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx-light (scripts/test.sh does)")
    return found


def main_config(work: Path, site: Path) -> str:
    """The outer nginx.conf the image ships, reduced to what a process in `work` needs."""
    temp = "\n".join(
        f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # the worker must read the test's private tmp dir
    return f"""{user}worker_processes 1;
daemon off;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Which replica answered (several, comma-separated, when nginx passed the request on): see passes().
    log_format upstreams '$request_method\t$uri\t$status\t$upstream_addr\t$upstream_status';
    access_log {work / "access.log"} upstreams;
{temp}
    include {site};
}}
"""


@dataclass(frozen=True)
class Pass:
    """One request in an nginx access log (main_config's format): the replicas it was passed to in turn,
    with each one's answer (or 502/504 for one that failed), and what the client got."""

    method: str
    uri: str
    status: int
    upstreams: tuple[str, ...]
    upstream_statuses: tuple[str, ...]


def passes(work: Path) -> list[Pass]:
    found = []
    for line in (work / "access.log").read_text(errors="replace").splitlines():
        method, uri, status, addresses, statuses = line.split("\t")
        found.append(
            Pass(
                method,
                uri,
                int(status),
                tuple(a for a in addresses.split(", ") if a != "-"),
                tuple(s for s in statuses.split(", ") if s != "-"),
            )
        )
    return found


@dataclass
class Edge:
    http_port: int
    https_port: int
    cert: Path
    work: Path
    process: subprocess.Popen[bytes]

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def upstream_servers(addresses: Sequence[str]) -> str:
    """EDGE_GATEWAY_UPSTREAM for several replicas on one host: the template's `server … max_fails=…;`
    line once per address, as nginx makes one server of each address a replica name resolves to."""
    return " max_fails=3 fail_timeout=10s;\n    server ".join(addresses)


def start_edge(work: Path, gateway: str | Sequence[str], static_root: Path, http_port: int, https_port: int) -> Edge:
    work.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(work, "edge")
    site = work / "shigu.conf"
    site.write_text(
        render(
            TEMPLATE.read_text(),
            {
                "EDGE_HTTP_PORT": f"127.0.0.1:{http_port}",
                "EDGE_HTTPS_PORT": f"127.0.0.1:{https_port}",
                "EDGE_PUBLIC_ORIGIN": f"https://127.0.0.1:{https_port}",
                "EDGE_SERVER_NAME": "_",
                "EDGE_TLS_CERT": str(cert),
                "EDGE_TLS_KEY": str(key),
                "EDGE_STATIC_ROOT": str(static_root),
                "EDGE_GATEWAY_UPSTREAM": gateway if isinstance(gateway, str) else upstream_servers(gateway),
            },
        )
    )
    process = _start_nginx(work, site, https_port)
    return Edge(http_port, https_port, cert, work, process)


def balancer_site(upstreams: Mapping[str, tuple[int, Sequence[int]]]) -> str:
    """The stand-in for what spreads one service name over its replicas inside the network (compose's
    DNS round robin, a Kubernetes Service): per service a port on 127.0.0.1 in front of its replicas'
    ports. Like a client trying the next address of a name, it moves a connection that is refused to the
    next replica; beyond that it resends only what nginx resends by default (`error timeout`: a GET whose
    replica failed, as the gateway's own client retries one), never a POST a replica has received and
    never on a 502/503 answer: resending those is the edge's job alone (decision 0094)."""
    blocks = []
    for name, (port, replicas) in upstreams.items():
        # max_fails=0: like a client resolving the name afresh, no replica is remembered as down.
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=0;" for p in replicas)
        blocks.append(
            f"""upstream {name} {{
{servers}
    keepalive 16;
    keepalive_timeout 4s;
}}
server {{
    listen 127.0.0.1:{port};
    client_max_body_size 40m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_connect_timeout 2s;
    proxy_read_timeout 60s;
    proxy_next_upstream error timeout;
    proxy_request_buffering off;
    location / {{
        proxy_pass http://{name};
    }}
}}
"""
        )
    return "\n".join(blocks)


@dataclass
class Balancer:
    ports: dict[str, int]
    work: Path
    process: subprocess.Popen[bytes]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_balancer(work: Path, upstreams: Mapping[str, tuple[int, Sequence[int]]]) -> Balancer:
    work.mkdir(parents=True, exist_ok=True)
    site = work / "balancer.conf"
    site.write_text(balancer_site(upstreams))
    first = next(iter(upstreams.values()))[0]
    process = _start_nginx(work, site, first)
    return Balancer({name: port for name, (port, _) in upstreams.items()}, work, process)


def _start_nginx(work: Path, site: Path, probe_port: int) -> subprocess.Popen[bytes]:
    """nginx on `site` (checked with -t first), once it accepts connections on `probe_port`."""
    conf = work / "nginx.conf"
    conf.write_text(main_config(work, site))
    binary = nginx_binary()
    checked = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the rendered configuration:\n{checked.stderr}")
    log = (work / "nginx.out").open("wb")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", probe_port), timeout=1):
            return process
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait(10)
            raise RuntimeError("nginx did not start:\n" + (work / "error.log").read_text(errors="replace"))
        time.sleep(0.2)
