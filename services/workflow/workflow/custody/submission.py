"""An application sealed on the vendor's side (decision 0107): the server checks the envelope against the
challenge's custodians' registered keys and threshold without any key that opens it, and stores it as
uploaded; the receipt's digest is the SHA-256 of the canonical header, which names every ciphertext's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from kit.audit import canonical
from kit.errors import UnprocessableContent
from kit.tokens import Principal
from workflow.application.service import Sealing
from workflow.context import Context
from workflow.custody import envelope
from workflow.custody import repository as keys


def header_digest(header: envelope.Header) -> str:
    return envelope.sha256_hex(canonical(header.model_dump(mode="json")))


def by_custodians(ctx: Context, principal: Principal, sealed: envelope.Envelope) -> Sealing:
    dumped = sealed.model_dump(mode="json")

    def seal(ch: Row[Any], app_id: str, now: datetime) -> tuple[bytes, str]:
        if ch.sealing != "custodians":
            raise UnprocessableContent(
                "本榜单由平台密封：请直接提交申报内容。"
                " This challenge is sealed by the service: submit the application itself.",
                code="envelope-not-expected",
                field="envelope",
            )
        current = keys.current_keys(ctx.session, ch.custodians)
        custodians = [
            envelope.OpeningKey(user_id, envelope.unb64(current[user_id].public_key))
            for user_id in ch.custodians
            if user_id in current
        ]
        try:
            envelope.check(
                sealed,
                challenge_id=ch.id,
                organisation_id=principal.org_id or "",
                custodians=custodians,
                threshold=ch.custodian_threshold,
            )
        except envelope.SealError as exc:
            field = f"envelope.{exc.field}" if exc.field else "envelope"
            raise UnprocessableContent(
                f"{field}：密封信封不符合本榜单。 {field}: {exc}", code="envelope-refused", field=field
            ) from exc
        return canonical(dumped), header_digest(sealed.header)

    return Sealing("custodians", dumped, seal)
