"""The edge's nginx configuration rendered from deploy/nginx/shigu.conf.template the way the nginx image
renders it (envsubst of the named variables only, so nginx's own $variables stay), and a real nginx
from Debian's packages started on it for the end-to-end test."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

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


def self_signed_certificate(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A test certificate (and its key) for `host`, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "edge.crt", directory / "edge.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    return cert_file, key_file


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
    access_log {work / "access.log"};
{temp}
    include {site};
}}
"""


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


def start_edge(work: Path, gateway: str, static_root: Path, http_port: int, https_port: int) -> Edge:
    work.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(work)
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
                "EDGE_GATEWAY_UPSTREAM": gateway,
            },
        )
    )
    conf = work / "nginx.conf"
    conf.write_text(main_config(work, site))
    binary = nginx_binary()
    checked = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the rendered configuration:\n{checked.stderr}")
    log = (work / "nginx.out").open("wb")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stdout=log, stderr=subprocess.STDOUT)
    edge = Edge(http_port, https_port, cert, work, process)
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", https_port), timeout=1):
            return edge
        if process.poll() is not None or time.monotonic() > deadline:
            edge.stop()
            raise RuntimeError("nginx did not start:\n" + (work / "error.log").read_text(errors="replace"))
        time.sleep(0.2)
