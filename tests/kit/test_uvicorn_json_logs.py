"""uvicorn's own lines — start-up, shutdown, a factory that fails with its traceback — are JSON like the
services' logs, when a service is started the one way every launcher starts it (kit.serve)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

from kit.logs import SERVICE_ENV
from kit.serve import command

ROOT = Path(__file__).resolve().parents[2]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHING_", "MEILI_"))}
    return env | {
        "APP_ENV": "test",
        "VAR_DIR": str(tmp_path),
        "MATCHING_RUN_OUTBOX_WORKER": "false",
        "MATCHING_INDEX_DIR": "memory",
        SERVICE_ENV: "matching",
        **extra,
    }


def _lines(stderr: str) -> list[dict[str, object]]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            raise AssertionError(f"not a JSON log line: {line!r}") from None
    return parsed


def test_start_up_and_shutdown_lines_are_json(tmp_path: Path) -> None:
    port = _port()
    log = tmp_path / "stderr"
    with log.open("wb") as err:
        process = subprocess.Popen(
            command("matching", host="127.0.0.1", port=port), env=_env(tmp_path), cwd=ROOT, stderr=err
        )
    try:
        deadline = time.monotonic() + 240  # a loaded machine imports slowly
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    entries = _lines(log.read_text())
    uvicorn = [e for e in entries if str(e["logger"]).startswith("uvicorn")]
    messages = " | ".join(str(e["msg"]) for e in uvicorn)
    for expected in ("Started server process", "Application startup complete", "Uvicorn running on", "Shutting down"):
        assert expected in messages, messages
    assert {e["service"] for e in entries} == {"matching"}


def test_a_factory_that_fails_is_reported_as_json(tmp_path: Path) -> None:
    env = _env(tmp_path, MATCHING_SEARCH_BACKEND="meilisearch")  # without MEILI_URL: create_app refuses
    done = subprocess.run(
        command("matching", host="127.0.0.1", port=_port()), env=env, cwd=ROOT, capture_output=True, timeout=300
    )
    assert done.returncode != 0
    entries = _lines(done.stderr.decode())
    (failure,) = [e for e in entries if e["level"] in ("error", "critical")]
    assert "MEILI_URL" in str(failure["msg"]), failure
    assert "Traceback" in str(failure["exc"]), failure
    assert "make_backend" in str(failure["exc"]), failure
    assert {e["service"] for e in entries} == {"matching"}
