"""Access tokens (Ed25519 JWT signed by the gateway) and service tokens (HS256 between services)."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import math
import os
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kit.settings import AuthSettings

ROLES = ("enterprise", "vendor", "expert", "gov_reviewer", "supervisor", "admin")
SERVICE_AUDIENCE = "shigu-internal"
_DEV_SEED = hashlib.sha256(b"shigu-exchange dev/sandbox/test only key").digest()
PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)
_DEV_SERVICE_SECRET = "shigu-dev-service-secret-not-for-production"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a signed-in user, or one of our services."""

    kind: str  # "user" | "service"
    subject: str  # user id, or the service name
    username: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    org_id: str | None = None
    org_kind: str | None = None
    org_name: str | None = None
    # When the user joined `org_id` (the `member_since` claim); None in tokens issued without it.
    member_since: datetime | None = None
    # A privileged user who must enrol a TOTP factor first: the token reaches only the enrolment
    # routes (`kit.auth.EnrollingUser`), every other route answers 403 `totp-enrolment-required`.
    totp_enrolment_only: bool = False
    # The session (refresh-token family) the access token belongs to; None for service tokens.
    session_id: str | None = None

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class TokenError(Exception):
    pass


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TokenError("invalid token: member_since is not an integer")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise TokenError("invalid token: member_since is out of range") from exc


def _dev_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_DEV_SEED)


def private_key_pem(settings: AuthSettings) -> str:
    if settings.private_key_pem:
        return settings.private_key_pem.replace("\\n", "\n")  # env files often carry PEMs on one line
    if settings.app_env == "production":
        raise TokenError("AUTH_PRIVATE_KEY_PEM is required in production")
    return (
        _dev_private_key()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def public_key_pem(settings: AuthSettings) -> str:
    if settings.public_key_pem:
        return settings.public_key_pem.replace("\\n", "\n")
    if settings.app_env == "production":
        raise TokenError("AUTH_PUBLIC_KEY_PEM is required in production")
    return (
        _dev_private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def service_secret(settings: AuthSettings) -> str:
    if settings.service_secret:
        return settings.service_secret
    if settings.app_env == "production":
        raise TokenError("AUTH_SERVICE_SECRET is required in production")
    return _DEV_SERVICE_SECRET


VERIFIED_CACHE_SIZE = 4096


def key_id(public: Ed25519PublicKey) -> str:
    """The `kid` of a signing key: the start of the SHA-256 of its raw public bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_keys(pem: str) -> dict[str, Ed25519PublicKey]:
    """Every Ed25519 public key in `pem` (one or more PEM blocks) by key id. During a rotation of the
    signing key AUTH_PUBLIC_KEY_PEM holds the old and the new key, and tokens signed by either verify."""
    keys: dict[str, Ed25519PublicKey] = {}
    for block in PEM_BLOCK.findall(pem):
        public = serialization.load_pem_public_key(block.encode())
        if not isinstance(public, Ed25519PublicKey):
            raise TokenError("AUTH_PUBLIC_KEY_PEM must hold Ed25519 public keys")
        keys[key_id(public)] = public
    if not keys:
        raise TokenError("AUTH_PUBLIC_KEY_PEM holds no PEM public key")
    return keys


class TokenCodec:
    """Signs (gateway only) and verifies tokens."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        # Parsed once: PEM parsing costs more than the signature check itself.
        self._publics = public_keys(public_key_pem(settings))
        self._secret = service_secret(settings)
        self._private: Ed25519PrivateKey | None = None
        self._kid = ""
        # Access tokens whose signature and claims have been verified, with their expiry: a signed-in
        # user sends the same token with every request for its 15 minutes, and the Ed25519 check
        # plus PyJWT's parsing cost ~0.4 ms each time. The expiry is checked on every hit against
        # the caller's clock; a token that differs in any byte is a different key and verified anew.
        self._verified: dict[str, tuple[Principal, int]] = {}
        self._verified_lock = threading.Lock()

    def issue_access(
        self,
        *,
        user_id: str,
        username: str,
        roles: list[str],
        org_id: str | None,
        org_kind: str | None,
        org_name: str | None,
        now: datetime,
        member_since: datetime | None = None,
        totp_enrolment_only: bool = False,
        session_id: str | None = None,
    ) -> str:
        if self._private is None:
            private = serialization.load_pem_private_key(private_key_pem(self.settings).encode(), None)
            if not isinstance(private, Ed25519PrivateKey):
                raise TokenError("AUTH_PRIVATE_KEY_PEM must be an Ed25519 private key")
            if key_id(private.public_key()) not in self._publics:
                raise TokenError("AUTH_PRIVATE_KEY_PEM does not match any key of AUTH_PUBLIC_KEY_PEM")
            self._private = private
            self._kid = key_id(private.public_key())
        claims: dict[str, Any] = {
            "iss": self.settings.issuer,
            "aud": self.settings.audience,
            "sub": user_id,
            "typ": "access",
            "name": username,
            "roles": sorted(roles),
            "org": org_id,
            "org_kind": org_kind,
            "org_name": org_name,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=self.settings.access_ttl_seconds)).timestamp()),
            "jti": uuid.uuid4().hex,
        }
        if member_since is not None:
            # Rounded up: a sealed application submitted in the same second as the user joined
            # counts as submitted before they joined.
            claims["member_since"] = math.ceil(member_since.timestamp())
        if totp_enrolment_only:
            claims["totp_enrol"] = True
        if session_id is not None:
            # The refresh-token family (the signed-in session) the token was issued in.
            claims["sid"] = session_id
        return jwt.encode(claims, self._private, algorithm="EdDSA", headers={"kid": self._kid})

    def verify_access(self, token: str, *, now: datetime) -> Principal:
        hit = self._verified.get(token)
        if hit is not None:
            if hit[1] <= int(now.timestamp()):
                raise TokenError("token expired")
            return hit[0]
        principal, exp = self._verify_access(token, now=now)
        with self._verified_lock:
            while len(self._verified) >= VERIFIED_CACHE_SIZE:
                self._verified.pop(next(iter(self._verified)))
            self._verified[token] = (principal, exp)
        return principal

    def _candidate_keys(self, token: str) -> list[Ed25519PublicKey]:
        """The key named by the token's `kid`; every key for a token issued before keys had ids."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}") from exc
        if kid is None:
            return list(self._publics.values())
        if not isinstance(kid, str) or kid not in self._publics:
            raise TokenError("invalid token: signed by a key this service does not hold")
        return [self._publics[kid]]

    def _decode_with_any(self, token: str) -> dict[str, Any]:
        *others, last = self._candidate_keys(token)
        for public in others:
            with contextlib.suppress(jwt.InvalidSignatureError):
                return self._decode_access(token, public)
        return self._decode_access(token, last)

    def _verify_access(self, token: str, *, now: datetime) -> tuple[Principal, int]:
        try:
            claims = self._decode_with_any(token)
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}") from exc
        if claims.get("typ") != "access":
            raise TokenError("not an access token")
        if int(claims["exp"]) <= int(now.timestamp()):
            raise TokenError("token expired")
        roles = frozenset(r for r in claims.get("roles", []) if r in ROLES)
        principal = Principal(
            kind="user",
            subject=str(claims["sub"]),
            username=str(claims.get("name", "")),
            roles=roles,
            org_id=claims.get("org"),
            org_kind=claims.get("org_kind"),
            org_name=claims.get("org_name"),
            member_since=_timestamp(claims.get("member_since")),
            totp_enrolment_only=claims.get("totp_enrol") is True,
            session_id=claims["sid"] if isinstance(claims.get("sid"), str) else None,
        )
        return principal, int(claims["exp"])

    def _decode_access(self, token: str, public: Ed25519PublicKey) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            public,
            algorithms=["EdDSA"],
            audience=self.settings.audience,
            issuer=self.settings.issuer,
            # Time is checked against the injected clock below, not PyJWT's wall clock.
            options={"require": ["exp", "iat", "sub", "typ"], "verify_exp": False, "verify_iat": False},
        )
        return claims

    def issue_service(self, service: str, *, now: datetime, ttl: int = 300) -> str:
        claims = {
            "iss": service,
            "aud": SERVICE_AUDIENCE,
            "sub": f"service:{service}",
            "typ": "service",
            "iat": int(now.timestamp()),
            "exp": int(now.timestamp()) + ttl,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify_service(self, token: str, *, now: datetime) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=SERVICE_AUDIENCE,
                options={"require": ["exp", "sub", "typ"], "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid service token: {exc}") from exc
        if claims.get("typ") != "service" or int(claims["exp"]) <= int(now.timestamp()):
            raise TokenError("service token expired or of the wrong type")
        return Principal(kind="service", subject=str(claims["sub"]).removeprefix("service:"))


def new_signing_key(out: Path) -> str:
    """Write a fresh Ed25519 pair as `<out>/signing-<kid>.pem` (0600) and `<out>/public-<kid>.pem`; the kid."""
    private = Ed25519PrivateKey.generate()
    kid = key_id(private.public_key())
    out.mkdir(parents=True, exist_ok=True)
    secret = out / f"signing-{kid}.pem"
    fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(
            private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    (out / f"public-{kid}.pem").write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return kid


ROTATION_STEPS = """\
1. Append public-{kid}.pem to AUTH_PUBLIC_KEY_PEM of every service (old and new key together) and restart them.
2. Give the gateway signing-{kid}.pem as AUTH_PRIVATE_KEY_PEM(_FILE) and restart it: new tokens carry kid {kid}.
3. After AUTH_ACCESS_TTL_SECONDS, remove the old public key from AUTH_PUBLIC_KEY_PEM.
   Refresh tokens are not signed with this key and stay valid throughout."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.tokens", description="Rotation of the token-signing key.")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new-key", help="generate the next signing key pair")
    new.add_argument("--out", type=Path, required=True, help="directory for the two PEM files")
    args = parser.parse_args(argv)
    kid = new_signing_key(args.out)
    print(f"kid {kid}: {args.out}/signing-{kid}.pem, {args.out}/public-{kid}.pem")
    print(ROTATION_STEPS.format(kid=kid))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
