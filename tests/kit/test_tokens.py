"""Access-token verification, including the cache of tokens already verified."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from kit import tokens
from kit.settings import AuthSettings
from kit.tokens import TokenCodec, TokenError

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def _issue(codec: TokenCodec, user: str = "u1", now: datetime = NOW) -> str:
    return codec.issue_access(
        user_id=user, username=user, roles=["vendor"], org_id="o1", org_kind="vendor", org_name="单位", now=now
    )


def test_a_verified_token_is_served_from_the_cache_and_still_expires() -> None:
    codec = TokenCodec(AuthSettings(app_env="test"))
    token = _issue(codec)
    first = codec.verify_access(token, now=NOW)
    assert first.subject == "u1"
    assert first.has_role("vendor")
    assert codec.verify_access(token, now=NOW + timedelta(minutes=1)) is first  # no second signature check
    with pytest.raises(TokenError, match="expired"):
        codec.verify_access(token, now=NOW + timedelta(hours=1))


def test_a_token_altered_in_one_byte_is_verified_anew_and_refused() -> None:
    codec = TokenCodec(AuthSettings(app_env="test"))
    token = _issue(codec)
    codec.verify_access(token, now=NOW)
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    with pytest.raises(TokenError):
        codec.verify_access(f"{header}.{payload}.{flipped}", now=NOW)


def test_a_token_signed_with_another_key_is_refused_by_a_codec_that_cached_others() -> None:
    ours = TokenCodec(AuthSettings(app_env="test"))
    ours.verify_access(_issue(ours), now=NOW)
    key = Ed25519PrivateKey.generate()
    theirs = TokenCodec(
        AuthSettings(
            app_env="test",
            private_key_pem=key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode(),
            public_key_pem=key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode(),
        )
    )
    forged = _issue(theirs)
    assert theirs.verify_access(forged, now=NOW).subject == "u1"
    with pytest.raises(TokenError):
        ours.verify_access(forged, now=NOW)


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_CACHE_SIZE", 3)
    codec = TokenCodec(AuthSettings(app_env="test"))
    issued = [_issue(codec, f"u{i}") for i in range(5)]
    for token in issued:
        codec.verify_access(token, now=NOW)
    assert list(codec._verified) == issued[2:]


def test_member_since_is_carried_rounded_up_and_optional() -> None:
    codec = TokenCodec(AuthSettings(app_env="test"))
    joined = NOW - timedelta(days=3, microseconds=1)
    token = codec.issue_access(
        user_id="u2",
        username="u2",
        roles=["vendor"],
        org_id="o1",
        org_kind="vendor",
        org_name="单位",
        now=NOW,
        member_since=joined,
    )
    assert codec.verify_access(token, now=NOW).member_since == NOW - timedelta(days=3)
    assert codec.verify_access(_issue(codec), now=NOW).member_since is None  # tokens issued without the claim
