"""The sealed envelope of an application under custodian sealing (decision 0100).

The vendor's side (the browser, or `python -m workflow.custody seal`) encrypts the application and
each document with a fresh 256-bit data key (AES-256-GCM), splits the data key with Shamir's scheme
over GF(256) into one share per custodian (threshold *k*), and encrypts each share to that
custodian's opening key with HPKE (RFC 9180, base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256,
AES-256-GCM). Nothing here ever sees a private key except `open_share`, which runs on the
custodian's side.

What is bound to what:
- every part's AEAD covers its *binding*: the format, the challenge, the organisation, the envelope
  id, the part's index and kind, so a ciphertext moved to another envelope, challenge or position
  does not open;
- the *header* names the suite, the threshold, each custodian with its key fingerprint and the
  SHA-256 of its (plaintext) share, a commitment to the data key, and each part's size and the
  SHA-256 of its ciphertext; each share's HPKE AAD is the canonical header followed by the
  custodian's id, so a share opens only inside the envelope it was made for and for its custodian;
- the share digests let the opening name the custodian whose share is wrong; the key commitment
  proves the reconstructed key is the one the vendor sealed with before any part is decrypted.

Given fewer than *k* shares the data key is information-theoretically hidden; the digests and the
commitment are SHA-256 of 256-bit uniformly random values and reveal nothing a search could use.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Final, Literal

import pyshamir
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pyhpke import AEADId, CipherSuite, KDFId, KEMId, KEMKey, KEMKeyInterface, OpenError

from kit.audit import canonical

FORMAT: Final = "shigu-sealed/1"
KEM: Final = "DHKEM(P-256, HKDF-SHA256)"
KDF: Final = "HKDF-SHA256"
AEAD: Final = "AES-256-GCM"
SHARING: Final = "shamir-gf256"
HPKE_INFO = b"shigu-sealed/1 custodian share"
_COMMITMENT = b"shigu-sealed/1 key commitment"
_NONCE = 12
_KEY = 32
MAX_CUSTODIANS = 15
MAX_PARTS = 21  # the application and at most 20 documents

_SUITE = CipherSuite.new(KEMId.DHKEM_P256_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES256_GCM)


class SealError(ValueError):
    """The envelope is malformed, or a ciphertext or a share fails its check. `custodian` names the
    custodian whose share failed, `part` the index of the part that failed, when one is to blame;
    `field` the envelope's field at fault, where `check` knows it (the server's 422 names it)."""

    def __init__(
        self, message: str, *, custodian: str | None = None, part: int | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.custodian = custodian
        self.part = part
        self.field = field


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise SealError(f"not base64url: {text[:16]}…") from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


B64 = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]*$", max_length=12_000_000)]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Suite(_Model):
    kem: Literal["DHKEM(P-256, HKDF-SHA256)"] = KEM
    kdf: Literal["HKDF-SHA256"] = KDF
    aead: Literal["AES-256-GCM"] = AEAD
    sharing: Literal["shamir-gf256"] = SHARING


class CustodianEntry(_Model):
    custodian_id: Id
    fingerprint: Hex64
    share_sha256: Hex64


class PartEntry(_Model):
    kind: Literal["application", "document"]
    name: str | None = Field(default=None, max_length=200)
    content_type: str | None = Field(default=None, max_length=100)
    size: int = Field(ge=0)
    sha256: Hex64


class Header(_Model):
    format: Literal["shigu-sealed/1"] = FORMAT
    suite: Suite = Suite()
    challenge_id: Id
    organisation_id: Id
    envelope_id: Id
    threshold: int = Field(ge=2, le=MAX_CUSTODIANS)
    custodians: list[CustodianEntry] = Field(min_length=2, max_length=MAX_CUSTODIANS)
    key_commitment: Hex64
    parts: list[PartEntry] = Field(min_length=1, max_length=MAX_PARTS)

    @field_validator("parts")
    @classmethod
    def _application_first(cls, parts: list[PartEntry]) -> list[PartEntry]:
        if parts[0].kind != "application" or any(p.kind != "document" for p in parts[1:]):
            raise ValueError("the first part is the application and every other part a document")
        return parts


class Part(_Model):
    nonce: B64
    ciphertext: B64


class Share(_Model):
    custodian_id: Id
    enc: B64
    ciphertext: B64


class Envelope(_Model):
    header: Header
    parts: list[Part] = Field(min_length=1, max_length=MAX_PARTS)
    shares: list[Share] = Field(min_length=2, max_length=MAX_CUSTODIANS)


@dataclass(frozen=True)
class OpeningKey:
    """A custodian's public opening key: the uncompressed P-256 point, as WebCrypto's `raw` export."""

    custodian_id: str
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class Document:
    name: str
    content_type: str
    data: bytes


def fingerprint(public_key: bytes) -> str:
    return sha256_hex(public_key)


def public_key_of(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def _hpke_public(raw: bytes) -> KEMKeyInterface:
    try:
        return _SUITE.kem.deserialize_public_key(raw)
    except Exception as exc:  # the library raises its own and cryptography's errors
        raise SealError("an opening key is not an uncompressed P-256 public key") from exc


def check_public_key(raw: bytes) -> None:
    """Refuses anything that is not a valid uncompressed P-256 point (the server checks this when a
    custodian registers a key)."""
    if len(raw) != 65 or raw[0] != 4:
        raise SealError("an opening key is a 65-byte uncompressed P-256 point")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError as exc:
        raise SealError("an opening key is not a point of P-256 (an uncompressed P-256 public key)") from exc
    _hpke_public(raw)


def binding(header_fields: Mapping[str, object], index: int, kind: str) -> bytes:
    return canonical(
        {
            "format": FORMAT,
            "challenge_id": header_fields["challenge_id"],
            "organisation_id": header_fields["organisation_id"],
            "envelope_id": header_fields["envelope_id"],
            "part": index,
            "kind": kind,
        }
    )


def key_commitment(data_key: bytes) -> str:
    return sha256_hex(_COMMITMENT + data_key)


def _share_aad(header: Header, custodian_id: str) -> bytes:
    return canonical(header.model_dump(mode="json")) + b"\x00" + custodian_id.encode()


def seal(
    *,
    challenge_id: str,
    organisation_id: str,
    application: Mapping[str, object],
    documents: Sequence[Document] = (),
    custodians: Sequence[OpeningKey],
    threshold: int,
    envelope_id: str | None = None,
) -> Envelope:
    """The vendor's side: the whole envelope, ready to upload."""
    ids = [c.custodian_id for c in custodians]
    if len(set(ids)) != len(ids):
        raise SealError("the custodians are not distinct")
    if not 2 <= threshold <= len(custodians):
        raise SealError(f"the threshold {threshold} is not between 2 and the {len(custodians)} custodians")
    envelope_id = envelope_id or b64(os.urandom(16))
    fields = {"challenge_id": challenge_id, "organisation_id": organisation_id, "envelope_id": envelope_id}
    data_key = AESGCM.generate_key(bit_length=256)
    aead = AESGCM(data_key)
    plaintexts: list[tuple[str, bytes, Document | None]] = [("application", canonical(dict(application)), None)]
    plaintexts += [("document", d.data, d) for d in documents]
    parts: list[Part] = []
    entries: list[PartEntry] = []
    for index, (kind, plaintext, document) in enumerate(plaintexts):
        nonce = os.urandom(_NONCE)
        ciphertext = aead.encrypt(nonce, plaintext, binding(fields, index, kind))
        parts.append(Part(nonce=b64(nonce), ciphertext=b64(ciphertext)))
        entries.append(
            PartEntry(
                kind="application" if kind == "application" else "document",
                name=document.name if document else None,
                content_type=document.content_type if document else None,
                size=len(plaintext),
                sha256=sha256_hex(ciphertext),
            )
        )
    shares = [bytes(s) for s in pyshamir.split(data_key, len(custodians), threshold)]
    header = Header(
        challenge_id=challenge_id,
        organisation_id=organisation_id,
        envelope_id=envelope_id,
        threshold=threshold,
        custodians=[
            CustodianEntry(custodian_id=c.custodian_id, fingerprint=c.fingerprint, share_sha256=sha256_hex(s))
            for c, s in zip(custodians, shares, strict=True)
        ],
        key_commitment=key_commitment(data_key),
        parts=entries,
    )
    sealed: list[Share] = []
    for custodian, share in zip(custodians, shares, strict=True):
        enc, context = _SUITE.create_sender_context(_hpke_public(custodian.public_key), info=HPKE_INFO)
        ciphertext = context.seal(share, aad=_share_aad(header, custodian.custodian_id))
        sealed.append(Share(custodian_id=custodian.custodian_id, enc=b64(enc), ciphertext=b64(ciphertext)))
    return Envelope(header=header, parts=parts, shares=sealed)


def check(
    envelope: Envelope,
    *,
    challenge_id: str,
    organisation_id: str,
    custodians: Sequence[OpeningKey],
    threshold: int,
) -> None:
    """What the server can check without any key: the envelope is for this challenge and this
    organisation, names exactly the challenge's custodians with their registered keys and its
    threshold, and every ciphertext is the one its header describes."""
    header = envelope.header
    if header.challenge_id != challenge_id:
        raise SealError("the envelope was sealed for another challenge", field="header.challenge_id")
    if header.organisation_id != organisation_id:
        raise SealError("the envelope was sealed for another organisation", field="header.organisation_id")
    if header.threshold != threshold:
        raise SealError(
            f"the envelope's threshold is {header.threshold}, the challenge's {threshold}", field="header.threshold"
        )
    expected = {c.custodian_id: c.fingerprint for c in custodians}
    named = {c.custodian_id: c.fingerprint for c in header.custodians}
    if len(named) != len(header.custodians) or named != expected:
        raise SealError(
            "the envelope does not name the challenge's custodians with their current keys", field="header.custodians"
        )
    if [s.custodian_id for s in envelope.shares] != [c.custodian_id for c in header.custodians]:
        raise SealError("the envelope holds one share per custodian, in the header's order", field="shares")
    if len(envelope.parts) != len(header.parts):
        raise SealError("the envelope's parts do not match its header", field="parts")
    for index, (part, entry) in enumerate(zip(envelope.parts, header.parts, strict=True)):
        if len(unb64(part.nonce)) != _NONCE:
            raise SealError("a part's nonce is not 12 bytes", part=index, field=f"parts.{index}.nonce")
        ciphertext = unb64(part.ciphertext)
        if sha256_hex(ciphertext) != entry.sha256 or len(ciphertext) != entry.size + 16:
            raise SealError(
                "a part's ciphertext is not the one its header describes", part=index, field=f"parts.{index}.ciphertext"
            )


def open_share(envelope: Envelope, custodian_id: str, private_key: ec.EllipticCurvePrivateKey) -> bytes:
    """The custodian's side: its share of this envelope's data key, checked against the header."""
    header = envelope.header
    entry = next((c for c in header.custodians if c.custodian_id == custodian_id), None)
    share = next((s for s in envelope.shares if s.custodian_id == custodian_id), None)
    if entry is None or share is None:
        raise SealError("the envelope holds no share for this custodian", custodian=custodian_id)
    if entry.fingerprint != fingerprint(public_key_of(private_key)):
        raise SealError("the share was sealed to another key of this custodian", custodian=custodian_id)
    try:
        context = _SUITE.create_recipient_context(
            unb64(share.enc), KEMKey.from_pyca_cryptography_key(private_key), info=HPKE_INFO
        )
        plaintext = context.open(unb64(share.ciphertext), aad=_share_aad(header, custodian_id))
    except (OpenError, InvalidTag, ValueError) as exc:
        raise SealError("the share does not open: it or the envelope was altered", custodian=custodian_id) from exc
    if sha256_hex(plaintext) != entry.share_sha256:
        raise SealError("the share is not the one the header names", custodian=custodian_id)
    return plaintext


def combine(header: Header, shares: Mapping[str, bytes]) -> bytes:
    """The opening: the data key from at least `threshold` custodians' shares. A share that is not
    the one the header names is refused with its custodian; fewer than the threshold never opens."""
    digests = {c.custodian_id: c.share_sha256 for c in header.custodians}
    for custodian_id, share in shares.items():
        if custodian_id not in digests:
            raise SealError("a share came from someone who is not a custodian of this envelope", custodian=custodian_id)
        if sha256_hex(share) != digests[custodian_id]:
            raise SealError("a custodian's share is not the one the header names", custodian=custodian_id)
    if len(shares) < header.threshold:
        raise SealError(f"{len(shares)} of the {header.threshold} shares needed")
    data_key = bytes(pyshamir.combine([bytearray(s) for s in list(shares.values())[: header.threshold]]))
    if len(data_key) != _KEY or key_commitment(data_key) != header.key_commitment:
        raise SealError("the shares do not rebuild the key the envelope was sealed with")
    return data_key


def open_parts(envelope: Envelope, data_key: bytes) -> list[bytes]:
    """Every part's plaintext, the application's canonical JSON first."""
    header = envelope.header
    fields = {"challenge_id": header.challenge_id, "organisation_id": header.organisation_id}
    fields["envelope_id"] = header.envelope_id
    aead = AESGCM(data_key)
    plaintexts: list[bytes] = []
    for index, (part, entry) in enumerate(zip(envelope.parts, header.parts, strict=True)):
        ciphertext = unb64(part.ciphertext)
        if sha256_hex(ciphertext) != entry.sha256:
            raise SealError("a part's ciphertext is not the one its header describes", part=index)
        try:
            plaintexts.append(aead.decrypt(unb64(part.nonce), ciphertext, binding(fields, index, entry.kind)))
        except InvalidTag as exc:
            raise SealError("a part does not open: it was altered or moved", part=index) from exc
    return plaintexts
