from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kit.input import Input
from workflow.custody.envelope import Header, Share


class KeyRegistration(Input):
    public_key: str = Field(
        min_length=87,
        max_length=88,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="开标公钥：P-256 未压缩点（65 字节，WebCrypto 'raw' 导出）的 base64url"
        " the opening key: the 65-byte uncompressed P-256 point (WebCrypto's 'raw' export), base64url",
    )


class OpeningKeyOut(BaseModel):
    user_id: str
    public_key: str
    fingerprint: str = Field(description="公钥指纹 SHA-256 of the point, as the envelope's header names it")
    fingerprint_display: str = Field(description="指纹（四位一组） the fingerprint in groups of four, to compare")
    registered_at: datetime
    previous_fingerprint: str | None = Field(description="the key this one replaced, which stops counting")
    challenges: list[str] = Field(description="榜单（尚未开标）the not yet opened challenges naming this custodian")


class CustodianKey(BaseModel):
    user_id: str
    public_key: str | None = Field(description="null: no key registered yet")
    fingerprint: str | None


class ChallengeCustodians(BaseModel):
    """What a vendor's side seals to: the custodians in order with their current keys, and k."""

    challenge_id: str
    sealing: str
    threshold: int
    custodians: list[CustodianKey]


# --- the opening (decision 0108) -------------------------------------------------------------------

OpeningState = Literal["sealed", "awaiting_custodians", "opened"]


class OpeningCustodian(BaseModel):
    user_id: str
    display_name: str | None = Field(description="the directory's name; null when it is unavailable")
    fingerprint: str | None = Field(description="the custodian's current opening key; null: none registered")
    submitted_at: datetime | None = Field(description="when this custodian submitted its shares; null: not yet")


class OpeningFailure(BaseModel):
    application_id: str
    code: str = Field(
        description="share-omitted, share-refused, insufficient-shares, key-mismatch,"
        " tampered-ciphertext, invalid-application"
    )
    reason: str
    custodian_id: str | None = Field(description="the custodian whose share is to blame, where one is")


class OpeningStatus(BaseModel):
    """Where the opening of a custodian-sealed challenge stands: `sealed` before the deadline,
    `awaiting_custodians` while the challenge is in `opening`, `opened` after the reconstruction."""

    challenge_id: str
    state: OpeningState
    threshold: int
    envelopes: int = Field(description="submitted (not withdrawn) envelopes")
    submitted: int = Field(description="custodians who have submitted their shares")
    window_ends_at: datetime | None
    extensions: int
    opened_at: datetime | None
    custodians: list[OpeningCustodian]
    failures: list[OpeningFailure]


class MyShare(BaseModel):
    application_id: str
    header: Header
    share: Share = Field(description="this custodian's HPKE-encrypted share of the envelope's data key")


class MyShares(BaseModel):
    items: list[MyShare]


class ShareSubmission(Input):
    application_id: str = Field(min_length=1, max_length=36)
    share: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="base64url of the custodian's plaintext share (envelope.open_share)",
    )


class SharesSubmission(Input):
    shares: list[ShareSubmission] = Field(
        max_length=10_000,
        description="one entry per envelope; an envelope sealed to a key the custodian no longer holds may be omitted",
    )


class Candidate(BaseModel):
    user_id: str
    display_name: str
    organisation_id: str | None
    organisation_name: str | None
    role: Literal["gov_reviewer", "supervisor"]
    fingerprint: str | None = Field(description="the current opening key; null: none yet, cannot be named until one")


class Candidates(BaseModel):
    items: list[Candidate]
