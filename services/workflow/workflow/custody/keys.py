"""Registering an opening key (decision 0107).

Only the public key reaches the server: the uncompressed P-256 point WebCrypto exports as `raw` and the
envelope's HPKE uses, fingerprinted by SHA-256 of the point (the fingerprint the envelope's header
names). A new key replaces the custodian's current one: the old one stops counting for every challenge
not yet opened (its envelopes fail `envelope.check` and are sealed again). Every registration goes to
workflow's administrative chain (the custodian's key history) and to the chain of each not yet opened
challenge that names the custodian, with the old and the new fingerprint."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kit.errors import Conflict, UnprocessableContent
from kit.tokens import Principal
from workflow import admin_audit
from workflow.audit import service as audit
from workflow.challenge.lifecycle import DRAFT, OPEN, OPENING, PENDING
from workflow.context import Context
from workflow.custody import envelope
from workflow.custody import repository as repo
from workflow.custody import schemas as s
from workflow.models import Challenge, OpeningKey

NOT_OPENED = (DRAFT, PENDING, OPEN, OPENING)


def display(fingerprint: str) -> str:
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def named_in(ctx: Context, user_id: str) -> list[Challenge]:
    """The not yet opened challenges under custodian sealing that name `user_id`."""
    stmt = (
        select(Challenge)
        .where(Challenge.sealing == "custodians", Challenge.status.in_(NOT_OPENED))
        .order_by(Challenge.created_at, Challenge.id)
    )
    return [ch for ch in ctx.session.scalars(stmt) if user_id in ch.custodians]


def to_schema(ctx: Context, key: OpeningKey, previous: str | None = None) -> s.OpeningKeyOut:
    return s.OpeningKeyOut(
        user_id=key.user_id,
        public_key=key.public_key,
        fingerprint=key.fingerprint,
        fingerprint_display=display(key.fingerprint),
        registered_at=key.registered_at,
        previous_fingerprint=previous,
        challenges=[ch.id for ch in named_in(ctx, key.user_id)],
    )


def _point(text: str) -> bytes:
    try:
        raw = envelope.unb64(text)
        envelope.check_public_key(raw)
    except envelope.SealError as exc:
        raise UnprocessableContent(
            f"public_key：不是 P-256 未压缩公钥。 public_key: {exc}", code="not-an-opening-key", field="public_key"
        ) from exc
    return raw


def register(ctx: Context, principal: Principal, body: s.KeyRegistration) -> tuple[OpeningKey, str | None, bool]:
    """(the current key, the fingerprint it replaced, whether anything changed)."""
    raw = _point(body.public_key)
    fingerprint = envelope.fingerprint(raw)
    now, user_id = ctx.now(), principal.subject
    old = repo.current(ctx.session, user_id, lock=True)
    if old is not None and old.fingerprint == fingerprint:
        return old, None, False
    previous = old.fingerprint if old is not None else None
    if old is not None:
        old.current_user_id, old.replaced_at = None, now
        ctx.session.flush()  # the old key leaves the unique `current_user_id` before the new one takes it
    key = OpeningKey(
        user_id=user_id,
        current_user_id=user_id,
        public_key=envelope.b64(raw),
        fingerprint=fingerprint,
        registered_at=now,
    )
    ctx.session.add(key)
    try:
        ctx.session.flush()
    except IntegrityError as exc:  # the same custodian registering twice at once: one wins
        raise Conflict("另一次密钥登记同时进行，请重试。 Another registration of your key ran at once; retry.") from exc
    action = "custody.key_replaced" if previous else "custody.key_registered"
    data: dict[str, Any] = {"custodian": user_id, "fingerprint": fingerprint, "previous_fingerprint": previous}
    admin_audit.record(ctx.session, principal, action, f"opening_key:{user_id}", now=now, data=data)
    for ch in named_in(ctx, user_id):
        audit.record(ctx, ch.id, action, principal, data, now=now)
    return key, previous, True
