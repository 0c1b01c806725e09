"""Access tokens (Ed25519 JWT signed by the gateway) and service tokens (HS256 between services)."""

from __future__ import annotations

import hashlib
import math
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kit.settings import AuthSettings

ROLES = ("enterprise", "vendor", "expert", "gov_reviewer", "admin")
SERVICE_AUDIENCE = "shigu-internal"
_DEV_SEED = hashlib.sha256(b"shigu-exchange dev/sandbox/test only key").digest()
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


class TokenCodec:
    """Signs (gateway only) and verifies tokens."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        # Parsed once: PEM parsing costs more than the signature check itself.
        public = serialization.load_pem_public_key(public_key_pem(settings).encode())
        if not isinstance(public, Ed25519PublicKey):
            raise TokenError("AUTH_PUBLIC_KEY_PEM must be an Ed25519 public key")
        self._public = public
        self._secret = service_secret(settings)
        self._private: Ed25519PrivateKey | None = None
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
    ) -> str:
        if self._private is None:
            private = serialization.load_pem_private_key(private_key_pem(self.settings).encode(), None)
            if not isinstance(private, Ed25519PrivateKey):
                raise TokenError("AUTH_PRIVATE_KEY_PEM must be an Ed25519 private key")
            self._private = private
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
        return jwt.encode(claims, self._private, algorithm="EdDSA")

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

    def _verify_access(self, token: str, *, now: datetime) -> tuple[Principal, int]:
        try:
            claims = jwt.decode(
                token,
                self._public,
                algorithms=["EdDSA"],
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                # Time is checked against the injected clock below, not PyJWT's wall clock.
                options={"require": ["exp", "iat", "sub", "typ"], "verify_exp": False, "verify_iat": False},
            )
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
        )
        return principal, int(claims["exp"])

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
