from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from kit.input import Input


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
