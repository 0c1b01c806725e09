"""Steps several gateway test modules share: a self-registration body, TOTP enrolment, a verified
e-mail address (through the real SMTP stand-in), and one raw HTTP request over a socket of its own."""

from __future__ import annotations

import http.client
import re
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from kit import totp
from kit.clock import ManualClock
from tests.support.smtp import SmtpServer

NEW_ORG = {
    "organisation": {
        "name": "杭州示例视觉科技有限公司",
        "kind": "vendor",
        "credit_code": "91330106MA2H00001C",
        "district": "西湖区",
    },
    "user": {"username": "newvendor", "password": "a-long-password", "display_name": "新供应商"},
}


def valid_code() -> str:
    from gateway.creditcode import check_character

    return "91330106MA2H0000" + "1" + check_character("91330106MA2H00001")


def registration() -> dict[str, dict[str, str]]:
    body = {k: dict(v) for k, v in NEW_ORG.items()}
    body["organisation"]["credit_code"] = valid_code()
    return body


def enrol(client: TestClient, headers: dict[str, str], clock: ManualClock) -> tuple[str, list[str]]:
    started = client.post("/api/auth/totp/enrol", headers=headers)
    assert started.status_code == 200, started.text
    secret = started.json()["secret"]
    assert started.json()["otpauth_uri"].startswith("otpauth://totp/")
    confirmed = client.post("/api/auth/totp/confirm", headers=headers, json={"code": totp.code_at(secret, clock.now())})
    assert confirmed.status_code == 200, confirmed.text
    return secret, confirmed.json()["recovery_codes"]


def last_code(smtp: SmtpServer, to: str) -> str:
    mine = [r for r in smtp.received if r.recipients == [to]]
    assert mine, f"no mail to {to}"
    payload = mine[-1].message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"\b(\d{6})\b", payload.decode())
    assert found
    return found.group(1)


def verify_email(client: TestClient, smtp: SmtpServer, headers: dict[str, str], address: str) -> dict[str, Any]:
    sent = client.post("/api/account/contacts/email", json={"address": address}, headers=headers)
    assert sent.status_code == 202, sent.text
    done = client.post("/api/account/contacts/email/verify", json={"code": last_code(smtp, address)}, headers=headers)
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    return body


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def send(base: str, method: str, target: bytes, headers: dict[str, str] | None = None, body: bytes = b"") -> Answer:
    """One request with the target exactly as given, on a connection of its own."""
    where = urlsplit(base)
    lines = [f"{method} ".encode() + target + b" HTTP/1.1", f"Host: {where.netloc}".encode(), b"Connection: close"]
    lines += [f"{k}: {v}".encode() for k, v in {**(headers or {}), "Content-Length": str(len(body))}.items()]
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return Answer(response.status, response.msg, response.read())
