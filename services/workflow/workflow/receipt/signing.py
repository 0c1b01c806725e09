"""The platform's signature over a receipt: Ed25519 with a key derived from the sealing KEK.

Derived, not configured: every installation already keeps the KEK secret and rotates it with a
procedure (docs/operations.md), so the receipt key needs no second secret to provision. During a
KEK rotation the previous KEKs' keys stay published, and receipts signed before it still verify.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kit.tokens import key_id
from workflow.config import Settings

ALGORITHM = "Ed25519"
_INFO = b"shigu-exchange receipt signing key v1"


@dataclass(frozen=True)
class PublishedKey:
    key_id: str
    public_key_pem: str


@lru_cache(maxsize=8)
def _private(kek: bytes) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(kek)
    return Ed25519PrivateKey.from_private_bytes(seed)


def _pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def sign(settings: Settings, message: bytes) -> tuple[str, str]:
    """(key id, base64url signature) of `message` under the current KEK's receipt key."""
    private = _private(settings.kek())
    signature = base64.urlsafe_b64encode(private.sign(message)).decode().rstrip("=")
    return key_id(private.public_key()), signature


def published_keys(settings: Settings) -> list[PublishedKey]:
    """The current key first, then those of the KEKs a rotation still holds."""
    keys = []
    for kek in (settings.kek(), *settings.previous_keks()):
        public = _private(kek).public_key()
        keys.append(PublishedKey(key_id=key_id(public), public_key_pem=_pem(public)))
    return keys
