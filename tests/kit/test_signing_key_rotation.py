"""Rotating the access-token signing key: tokens carry the key id; during the change services hold the
old and the new public key and accept tokens signed by either; afterwards the old key's tokens are refused."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest

from kit.settings import AuthSettings
from kit.tokens import TokenCodec, TokenError, main

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _pair(tmp_path: Path, name: str) -> tuple[str, str, str]:
    out = tmp_path / name
    assert main(["new-key", "--out", str(out)]) == 0
    (private,) = out.glob("signing-*.pem")
    (public,) = out.glob("public-*.pem")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    return private.name.removeprefix("signing-").removesuffix(".pem"), private.read_text(), public.read_text()


def _codec(private: str | None, *publics: str) -> TokenCodec:
    settings = AuthSettings(
        app_env="production", private_key_pem=private, public_key_pem="\n".join(publics), service_secret="s" * 32
    )
    return TokenCodec(settings)


def _token(codec: TokenCodec) -> str:
    return codec.issue_access(
        user_id="u1", username="gov1", roles=["gov_reviewer"], org_id=None, org_kind=None, org_name=None, now=NOW
    )


def test_a_rotation_keeps_every_token_valid_until_the_old_key_is_removed(tmp_path: Path) -> None:
    old_kid, old_private, old_public = _pair(tmp_path, "old")
    new_kid, new_private, new_public = _pair(tmp_path, "new")
    before = _token(_codec(old_private, old_public))
    assert jwt.get_unverified_header(before)["kid"] == old_kid

    during = _codec(new_private, old_public, new_public)
    after_switch = _token(during)
    assert jwt.get_unverified_header(after_switch)["kid"] == new_kid
    assert during.verify_access(before, now=NOW).username == "gov1"
    assert during.verify_access(after_switch, now=NOW).username == "gov1"

    done = _codec(None, new_public)
    assert done.verify_access(after_switch, now=NOW).username == "gov1"
    with pytest.raises(TokenError, match="does not hold"):
        done.verify_access(before, now=NOW)


def test_a_token_without_a_key_id_verifies_only_against_the_key_that_signed_it(tmp_path: Path) -> None:
    _, old_private, old_public = _pair(tmp_path, "old")
    _, _, new_public = _pair(tmp_path, "new")
    claims = jwt.decode(_token(_codec(old_private, old_public)), options={"verify_signature": False})
    legacy = jwt.encode(claims, old_private, algorithm="EdDSA")
    assert "kid" not in jwt.get_unverified_header(legacy)
    assert _codec(None, new_public, old_public).verify_access(legacy, now=NOW).username == "gov1"
    with pytest.raises(TokenError, match="Signature"):
        _codec(None, new_public).verify_access(legacy, now=NOW)


def test_a_signing_key_that_no_service_can_verify_is_refused(tmp_path: Path) -> None:
    _, old_private, _ = _pair(tmp_path, "old")
    _, _, new_public = _pair(tmp_path, "new")
    with pytest.raises(TokenError, match="does not match"):
        _token(_codec(old_private, new_public))
