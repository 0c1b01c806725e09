"""Envelope encryption: content sealed with a per-challenge AES-256-GCM data key, wrapped by the KEK."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.audit import canonical
from workflow.models import ChallengeKey

_NONCE = 12


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kek_id(kek: bytes) -> str:
    return sha256_hex(b"kek-id:" + kek)[:16]


class UnknownKek(LookupError):
    pass


class Sealer:
    def __init__(self, kek: bytes, previous: Sequence[bytes] = ()) -> None:
        """`kek` wraps every new data key; `previous` KEKs (during a rotation) only unwrap the keys they
        wrapped until `python -m workflow.rekey` has re-wrapped them under `kek`."""
        self._kek = AESGCM(kek)
        self.kek_id = kek_id(kek)
        self._keks = {kek_id(old): AESGCM(old) for old in previous}
        self._keks[self.kek_id] = self._kek
        # Unwrapped data keys stay in this process's memory only (as the KEK does): one query less
        # per submission. Bounded; the oldest entry goes first.
        self._cache: dict[str, bytes] = {}
        self._aeads: dict[bytes, AESGCM] = {}

    def _remember(self, challenge_id: str, key: bytes) -> bytes:
        if len(self._cache) >= 1024:
            self._cache.pop(next(iter(self._cache)))
        self._cache[challenge_id] = key
        return key

    def ensure_key(self, session: Session, challenge_id: str, now: datetime) -> None:
        """Called at publication so that submissions never race to create the key."""
        self._data_key(session, challenge_id, now, create=True)

    def _data_key(self, session: Session, challenge_id: str, now: datetime, *, create: bool) -> bytes:
        if challenge_id in self._cache:
            return self._cache[challenge_id]
        row = session.get(ChallengeKey, challenge_id)
        if row is None:
            if not create:
                raise LookupError(f"no data key for challenge {challenge_id}")
            key = AESGCM.generate_key(bit_length=256)
            nonce = os.urandom(_NONCE)
            wrapped = nonce + self._kek.encrypt(nonce, key, challenge_id.encode())
            try:
                with session.begin_nested():
                    session.add(
                        ChallengeKey(challenge_id=challenge_id, wrapped_key=wrapped, kek_id=self.kek_id, created_at=now)
                    )
                return key
            except IntegrityError:  # a concurrent first submission created it
                return self._data_key(session, challenge_id, now, create=False)
        return self._remember(challenge_id, self._unwrap(row))

    def _unwrap(self, row: ChallengeKey) -> bytes:
        kek = self._keks.get(row.kek_id)
        if kek is None:
            raise UnknownKek(
                f"challenge {row.challenge_id}: its data key is wrapped by KEK {row.kek_id}, which this service "
                "does not hold (WORKFLOW_SEALING_KEK_PREVIOUS during a rotation)"
            )
        blob = bytes(row.wrapped_key)
        return kek.decrypt(blob[:_NONCE], blob[_NONCE:], row.challenge_id.encode())

    def rewrap(self, row: ChallengeKey) -> bool:
        """Re-wrap one data key under the current KEK; False when it already is."""
        if row.kek_id == self.kek_id:
            return False
        key = self._unwrap(row)
        nonce = os.urandom(_NONCE)
        row.wrapped_key = nonce + self._kek.encrypt(nonce, key, row.challenge_id.encode())
        row.kek_id = self.kek_id
        return True

    def seal(
        self, session: Session, challenge_id: str, application_id: str, content: dict[str, Any], now: datetime
    ) -> tuple[bytes, str]:
        """Returns (ciphertext, SHA-256 of the canonical plaintext)."""
        plain = canonical(content)
        aead = self._aead(self._data_key(session, challenge_id, now, create=True))
        nonce = os.urandom(_NONCE)
        return nonce + aead.encrypt(nonce, plain, application_id.encode()), sha256_hex(plain)

    def _aead(self, key: bytes) -> AESGCM:
        """One AESGCM object per data key (its key schedule is computed once, not per submission)."""
        aead = self._aeads.get(key)
        if aead is None:
            if len(self._aeads) >= 1024:
                self._aeads.pop(next(iter(self._aeads)))
            aead = self._aeads[key] = AESGCM(key)
        return aead

    def open(
        self, session: Session, challenge_id: str, application_id: str, sealed: bytes, now: datetime
    ) -> dict[str, Any]:
        key = self._data_key(session, challenge_id, now, create=False)
        blob = bytes(sealed)
        plain = self._aead(key).decrypt(blob[:_NONCE], blob[_NONCE:], application_id.encode())
        value: dict[str, Any] = json.loads(plain)
        return value
