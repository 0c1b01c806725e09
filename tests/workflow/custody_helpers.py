"""Opening keys and accounts the custodian tests share: real keys, real accounts in the gateway's directory."""

from __future__ import annotations

import uuid
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from demo.accounts import ORG_BY_KEY
from gateway.models import Membership, User
from kit.tokens import TokenCodec
from workflow.custody import envelope


def new_key() -> tuple[ec.EllipticCurvePrivateKey, str]:
    """A private key and its public point as the browser sends it (WebCrypto `raw`, base64url)."""
    private = ec.generate_private_key(ec.SECP256R1())
    return private, envelope.b64(envelope.public_key_of(private))


def add_account(gateway: FastAPI, org_key: str, role: str, now: datetime) -> str:
    """A user the membership rules would not always allow (a supervisor in a vendor's organisation stands
    for an account from before the rules, or a directory gone wrong), written to the gateway's database."""
    user_id = str(uuid.uuid4())
    with gateway.state.sessionmaker.begin() as session:
        session.add(
            User(
                id=user_id,
                username=f"u{user_id[:8]}",
                display_name="测试账户",
                password_hash="-",
                status="active",
                created_at=now,
            )
        )
        session.flush()
        session.add(Membership(user_id=user_id, organisation_id=ORG_BY_KEY[org_key].id, role=role, created_at=now))
    return user_id


def headers_for(tokens: TokenCodec, user_id: str, org_key: str, role: str, now: datetime) -> dict[str, str]:
    org = ORG_BY_KEY[org_key]
    token = tokens.issue_access(
        user_id=user_id,
        username=f"u{user_id[:8]}",
        roles=[role],
        org_id=org.id,
        org_kind=org.kind,
        org_name=org.name,
        now=now,
    )
    return {"Authorization": f"Bearer {token}"}
