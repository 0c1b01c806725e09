"""Per-installation keys for dev and sandbox when the platform listens beyond the loopback.

The dev/sandbox fallbacks (kit.tokens, the workflow's sealing key) are constants in the source:
anyone can sign an admin token or unwrap a sealed bid with them. They are harmless on 127.0.0.1
and not beyond it, so a launcher (kit.serve, scripts/run.py) binding another address fills every
key the environment lacks from <VAR_DIR>/installation-keys.json (generated once, mode 0600) and
says so on stderr.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import json
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kit.settings import RELAXED_ENVS, REPO_ROOT

KEYS_FILE = "installation-keys.json"
TOKEN_KEYS = ("AUTH_PRIVATE_KEY_PEM", "AUTH_PUBLIC_KEY_PEM")
OTHER_KEYS = ("AUTH_SERVICE_SECRET", "WORKFLOW_SEALING_KEK")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _generate() -> dict[str, str]:
    private = Ed25519PrivateKey.generate()
    return {
        "AUTH_PRIVATE_KEY_PEM": private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "AUTH_PUBLIC_KEY_PEM": private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
        "AUTH_SERVICE_SECRET": secrets.token_urlsafe(48),
        "WORKFLOW_SEALING_KEK": base64.b64encode(secrets.token_bytes(32)).decode(),
    }


def installation_keys(var_dir: Path) -> dict[str, str]:
    """This installation's keys, generated on first use. Three services may ask at once: the file
    appears whole (written aside, then hard-linked into place) and the first writer wins."""
    path = var_dir / KEYS_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        aside = var_dir / f".{KEYS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(_generate(), out)
        try:
            with contextlib.suppress(FileExistsError):
                os.link(aside, path)
        finally:
            aside.unlink()
    keys: dict[str, str] = json.loads(path.read_text())
    return keys


def keys_for_exposed_host(host: str, env: Mapping[str, str]) -> dict[str, str]:
    """The variables to add to `env` before starting a service bound to `host`; none on the loopback,
    outside dev/sandbox/test (production refuses to start without its keys) or when all are set."""
    if env.get("APP_ENV", "dev") not in RELAXED_ENVS or is_loopback(host):
        return {}

    # A key given as a file (NAME_FILE, kit.secretfiles) is as present as one in the environment.
    def given(name: str) -> bool:
        return bool(env.get(name) or env.get(name + "_FILE"))

    token_missing = [name for name in TOKEN_KEYS if not given(name)]
    if len(token_missing) == 1:
        raise SystemExit(f"{token_missing[0]} is missing: set both token keys, or neither (HOST={host})")
    missing = [name for name in (*TOKEN_KEYS, *OTHER_KEYS) if not given(name)]
    if not missing:
        return {}
    var_dir = Path(env.get("VAR_DIR") or REPO_ROOT / "var")
    keys = installation_keys(var_dir)
    print(
        f"⚠ HOST={host} 不是本机回环地址：不使用源代码中的演示密钥，改用本安装的随机密钥 "
        f"{var_dir / KEYS_FILE} ({', '.join(missing)}). HOST={host} is not the loopback: the demo keys "
        "in the source are not used; this installation's random keys are. Applications sealed earlier "
        "with the demo key cannot be opened with them.",
        file=sys.stderr,
        flush=True,
    )
    return {name: keys[name] for name in missing}
