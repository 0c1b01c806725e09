"""Locust users for the deadline burst: one user per vendor organisation, each following its plan.

bench/load_deadline_burst.py writes the plan (base path, each vendor's access token, body,
Idempotency-Key and attempts with their send times) to $BURST_PLAN, runs this file with
`locust --headless` against the gateway on 127.0.0.1, and reads every attempt back from
$BURST_RESULTS (JSON lines) to check it against the API and the database. A 502 or 503 (a replica
that went away, decision 0094) is sent again with the same Idempotency-Key after a short pause, as a
browser's submission does; each send is one line, `again` counting the resends. $BURST_CA_FILE: the CA
to trust for an HTTPS edge with a test certificate.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["BURST_PLAN"]).read_text(encoding="utf-8"))
VENDORS: list[dict[str, Any]] = PLAN["vendors"]
_results = Path(os.environ["BURST_RESULTS"]).open("a", encoding="utf-8")  # open for the whole run
_next_vendor = itertools.count()
_finished = itertools.count(1)
RESEND_STATUSES = (502, 503)
RESEND_PAUSE = 0.2  # seconds
RESENDS = 10


class Vendor(HttpUser):
    """One vendor organisation: waits for its send time, submits, maybe retries with the same key."""

    def on_start(self) -> None:
        self.client.trust_env = False  # 127.0.0.1 only, never through a proxy from the environment
        if os.environ.get("BURST_CA_FILE"):
            self.client.verify = os.environ["BURST_CA_FILE"]
        self.vendor: dict[str, Any] = VENDORS[next(_next_vendor)]

    @task
    def submit(self) -> None:
        try:
            for attempt in self.vendor["attempts"]:
                self._attempt(attempt)
        finally:
            if next(_finished) == len(VENDORS):
                runner = self.environment.runner
                if runner is not None:  # every vendor is done: stop now rather than at --run-time
                    threading.Thread(target=runner.quit, daemon=True).start()
        raise StopUser()

    def _attempt(self, attempt: dict[str, Any]) -> None:
        delay = float(attempt["at"]) - time.time()
        if delay > 0:
            time.sleep(delay)  # cooperative: locust runs with gevent's monkey patches
        for again in range(RESENDS + 1):
            if self._send(attempt, again, last=again == RESENDS) not in RESEND_STATUSES:
                return
            time.sleep(RESEND_PAUSE)

    def _send(self, attempt: dict[str, Any], again: int, *, last: bool) -> int:
        vendor = self.vendor
        headers = {"Authorization": f"Bearer {vendor['token']}", "Idempotency-Key": vendor["key"]}
        record: dict[str, Any] = {
            "vendor": vendor["username"],
            "org_id": vendor["org_id"],
            "kind": vendor["kind"],
            "label": attempt["label"],
            "again": again,
            "sent_at": time.time(),
        }
        started = time.perf_counter()
        with self.client.post(
            PLAN["path"],
            json=vendor["body"],
            headers=headers,
            name=attempt["label"],
            timeout=attempt["timeout"],
            catch_response=True,
        ) as response:
            record["elapsed_ms"] = (time.perf_counter() - started) * 1000
            status: int = response.status_code
            record["status"] = status
            if response.error is not None:
                record["error"] = type(response.error).__name__
            elif status == 201:
                receipt = response.json()
                record["receipt"] = {k: receipt[k] for k in ("id", "receipt_no", "sha256", "submitted_at")}
                record["replayed"] = response.headers.get("Idempotent-Replayed") == "true"
            elif response.headers.get("content-type", "").startswith("application/problem+json"):
                record["problem"] = str(response.json().get("type", "")).rsplit("/", 1)[-1]
            record["resent"] = status in RESEND_STATUSES and not last
            if status in attempt["expect"]:
                response.success()
            else:
                response.failure(f"expected {attempt['expect']}, got {status} {record.get('problem', '')}")
        _results.write(json.dumps(record, ensure_ascii=False) + "\n")
        _results.flush()
        return status
