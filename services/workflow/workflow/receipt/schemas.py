from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel

ReceiptNo = Annotated[
    str, Query(min_length=1, max_length=40, description="the receipt number, e.g. SG20261203-0A1B2C3D4E")
]
Sha256 = Annotated[str, Query(pattern=r"^[0-9a-fA-F]{64}$", description="the SHA-256 printed on the receipt (hex)")]


class ReceiptFile(BaseModel):
    name: str
    size: int
    sha256: str


class ReceiptStatement(BaseModel):
    """What the platform signs: the canonical JSON of these fields (sorted keys, no spaces, UTF-8)."""

    receipt_no: str
    sha256: str
    submitted_at: datetime
    challenge_id: str
    challenge_title: str
    organisation: str
    files: list[ReceiptFile]


class SignedReceipt(BaseModel):
    statement: ReceiptStatement
    signed_payload: str
    algorithm: Literal["Ed25519"]
    key_id: str
    signature: str
    verify_url: str


class ReceiptKey(BaseModel):
    key_id: str
    algorithm: Literal["Ed25519"]
    public_key_pem: str


class ReceiptVerification(BaseModel):
    """The answer to an unknown receipt number and to a wrong hash is the same: `valid` false and
    nothing else, so the endpoint tells no one which receipt numbers exist."""

    valid: bool
    submitted_at: datetime | None
    challenge_id: str | None
    challenge_title: str | None
    organisation: str | None
