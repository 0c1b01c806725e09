"""A custodian's opening key as a file: the private key under a passphrase (decision 0100).

scrypt (memory-hard, RFC 7914) derives a 256-bit key from the passphrase; AES-256-GCM encrypts the
PKCS #8 private key with the format, the KDF parameters, the salt and the public key as associated
data, so none of them can be changed without the file failing to open. The public key is stored in
clear: its fingerprint can be shown and checked without the passphrase. The browser's backup
export writes the same format (`frontend/src/features/custody`), so a key made in one opens in the
other.
"""

from __future__ import annotations

import os
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_der_private_key,
)
from pydantic import BaseModel, ConfigDict, Field

from kit.audit import canonical
from workflow.custody.envelope import B64, Hex64, SealError, b64, fingerprint, public_key_of, unb64

FORMAT: Final = "shigu-custodian-key/1"
# 2^17 × 8 × 128 bytes = 128 MiB per derivation: OWASP's scrypt floor is 2^17 with r = 8.
DEFAULT_N = 2**17
MAX_N = 2**20
MIN_PASSPHRASE = 12


class ScryptParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Literal["scrypt"] = "scrypt"
    n: int = Field(ge=2**10, le=MAX_N)
    r: int = Field(ge=1, le=32)
    p: int = Field(ge=1, le=16)
    salt: B64


class KeyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["shigu-custodian-key/1"] = FORMAT
    kdf: ScryptParams
    public_key: B64
    fingerprint: Hex64
    nonce: B64
    ciphertext: B64


def _aad(kdf: ScryptParams, public_key: str) -> bytes:
    return canonical({"format": FORMAT, "kdf": kdf.model_dump(mode="json"), "public_key": public_key})


def _derive(passphrase: str, kdf: ScryptParams) -> bytes:
    if kdf.n & (kdf.n - 1):
        raise SealError("the key file's scrypt cost is not a power of two")
    return Scrypt(salt=unb64(kdf.salt), length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(passphrase.encode())


def generate() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def export_key(private_key: ec.EllipticCurvePrivateKey, passphrase: str, *, n: int = DEFAULT_N) -> KeyFile:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SealError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    kdf = ScryptParams(n=n, r=8, p=1, salt=b64(os.urandom(16)))
    public = b64(public_key_of(private_key))
    der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    nonce = os.urandom(12)
    ciphertext = AESGCM(_derive(passphrase, kdf)).encrypt(nonce, der, _aad(kdf, public))
    return KeyFile(
        kdf=kdf,
        public_key=public,
        fingerprint=fingerprint(unb64(public)),
        nonce=b64(nonce),
        ciphertext=b64(ciphertext),
    )


def import_key(data: dict[str, Any] | KeyFile, passphrase: str) -> ec.EllipticCurvePrivateKey:
    keyfile = data if isinstance(data, KeyFile) else KeyFile.model_validate(data)
    if fingerprint(unb64(keyfile.public_key)) != keyfile.fingerprint:
        raise SealError("the key file's fingerprint is not its public key's")
    try:
        der = AESGCM(_derive(passphrase, keyfile.kdf)).decrypt(
            unb64(keyfile.nonce), unb64(keyfile.ciphertext), _aad(keyfile.kdf, keyfile.public_key)
        )
    except InvalidTag as exc:
        raise SealError("wrong passphrase, or the key file was altered") from exc
    key = load_der_private_key(der, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or b64(public_key_of(key)) != keyfile.public_key:
        raise SealError("the key file holds another key than its public key says")
    return key
