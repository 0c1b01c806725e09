"""Opening keys and accounts the custodian tests share: real keys, real accounts in the gateway's directory."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.models import Membership, User
from kit.tokens import TokenCodec
from tests.workflow.factories import Api, application_body
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


MARKER = "OPENING-PLAN-5d2e 仅保管人开标后可见"


def open_custodian_challenge(api: Api, **overrides: Any) -> tuple[str, dict[str, ec.EllipticCurvePrivateKey]]:
    """An open challenge sealed to gov1, gov2 and super1 (k = 2), and each custodian's private key by user id."""
    privates = {}
    for user in ("gov1", "gov2", "super1"):
        private, public = new_key()
        api.ok(api.post("/custody/keys", user, json={"public_key": public}), 201)
        privates[USER_BY_NAME[user].id] = private
    custodians = [USER_BY_NAME[u].id for u in ("gov1", "gov2", "super1")]
    cid = api.draft(sealing="custodians", custodians=custodians, **overrides)
    api.ok(api.act(cid, "submit", "ent1"))
    assert api.ok(api.act(cid, "approve", "gov1"))["status"] == "open"
    return cid, privates


def seal_for(api: Api, cid: str, org_key: str, **overrides: Any) -> envelope.Envelope:
    """What the vendor's side seals: the application with a marker, and one document, to the served keys."""
    served = api.ok(api.get(f"/challenges/{cid}/custodians", org_key))
    keys = [envelope.OpeningKey(c["user_id"], envelope.unb64(c["public_key"])) for c in served["custodians"]]
    args: dict[str, Any] = {
        "challenge_id": cid,
        "organisation_id": ORG_BY_KEY[org_key].id,
        "application": {k: v for k, v in application_body(org_key, plan=MARKER).items() if k != "documents"},
        "documents": [envelope.Document("方案.pdf", "application/pdf", f"%PDF {MARKER}".encode())],
        "custodians": keys,
        "threshold": served["threshold"],
    }
    return envelope.seal(**{**args, **overrides})


def apply_sealed(api: Api, cid: str, org_key: str, **overrides: Any) -> dict[str, Any]:
    body = {"envelope": seal_for(api, cid, org_key, **overrides).model_dump(mode="json")}
    receipt: dict[str, Any] = api.ok(api.post(f"/challenges/{cid}/applications/sealed", org_key, json=body), 201)
    return receipt


def custodian_shares(
    api: Api, cid: str, user: str, private: ec.EllipticCurvePrivateKey, headers: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """What a custodian's browser does: its encrypted shares fetched and opened with its private key."""
    mine = api.client.get(f"/challenges/{cid}/opening/shares/mine", headers=headers or api.h(user))
    user_id = USER_BY_NAME[user].id if user in USER_BY_NAME else user
    out = []
    for item in api.ok(mine)["items"]:
        sealed = envelope.Envelope.model_construct(
            header=envelope.Header.model_validate(item["header"]),
            parts=[],
            shares=[envelope.Share.model_validate(item["share"])],
        )
        share = envelope.open_share(sealed, user_id, private)
        out.append({"application_id": item["application_id"], "share": envelope.b64(share)})
    return out
