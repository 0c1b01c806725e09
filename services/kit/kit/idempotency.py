"""`Idempotency-Key` on the POSTs that create things, one design for every service (decision 0088).

Each service has one table of this shape (`IdempotencyKeyColumns`, named `idempotency_keys`): the key a caller
sent within a scope, the hash of the request it came with, and the first answer (status and JSON body) with
the id of what it created. A retried request with the same key and body gets the first answer again, with
`Idempotent-Replayed: true`, and nothing is made twice; the same key with another body is 422; a key whose first
request has not finished is 409.

Routes use `Idempotency` through one dependency (`idempotency(Model)`): `begin` before the work, `finish` after.
The sealed submission claims its row with its own statement instead (it takes the quota lock in the same
statement, decision 0004) and leaves the answer empty: its replay renders the receipt from `resource_id`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import JSON, Integer, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from kit.app import app_clock
from kit.auth import optional_principal
from kit.clock import Clock
from kit.errors import Conflict, UnprocessableContent
from kit.tokens import Principal
from kit.types import UtcDateTime

SCOPE_LENGTH = 300
KEY_LENGTH = 200
REPLAYED = {"Idempotent-Replayed": "true"}
DIFFERENT_BODY = (
    "该 Idempotency-Key 已用于另一份请求内容。 This Idempotency-Key was used with a different request body."
)
IN_PROGRESS = (
    "使用该 Idempotency-Key 的请求尚未完成，请稍后重试。 "
    "A request with this Idempotency-Key has not finished; retry shortly."
)


class IdempotencyKeyColumns:
    """The columns of every service's `idempotency_keys` table (mix into the service's declarative base)."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(SCOPE_LENGTH), primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    # 0 while the first request runs; its answer once it finished (empty when the route renders it from
    # `resource_id` instead, as the sealed submission does).
    status_code: Mapped[int] = mapped_column(Integer, default=0)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    resource_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


def request_hash(body: BaseModel | dict[str, Any] | None) -> str:
    """SHA-256 of the request's canonical JSON (sorted keys, no spaces): the same body hashes the same."""
    data = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
    text = "" if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def bounded_scope(scope: str) -> str:
    """A scope within the column: an absurdly long one is replaced by its hash, still one scope per value."""
    if len(scope) <= SCOPE_LENGTH:
        return scope
    return "sha256:" + hashlib.sha256(scope.encode()).hexdigest()


def replay_of(seen: IdempotencyKeyColumns | None, digest: str) -> IdempotencyKeyColumns:
    """The row a retry with request hash `digest` replays: 409 when the first request has not finished (no row
    visible yet), 422 when it came with another body."""
    if seen is None:
        raise Conflict(IN_PROGRESS, code="idempotency-key-in-progress")
    if seen.request_hash != digest:
        raise UnprocessableContent(DIFFERENT_BODY, code="idempotency-key-reused", field="Idempotency-Key")
    return seen


class Idempotency:
    """One request's key (None when it sent none) in its scope: by default the caller, method and path."""

    def __init__(self, model: type[IdempotencyKeyColumns], key: str | None, scope: str, clock: Clock) -> None:
        self.model = model
        self.key = key
        self.scope = bounded_scope(scope)
        self.clock = clock
        self.row: IdempotencyKeyColumns | None = None

    def begin(self, session: Session, body: BaseModel | None) -> JSONResponse | None:
        """The first answer when this key was used before; otherwise claims the key for this request."""
        if self.key is None:
            return None
        digest = request_hash(body)
        seen = session.get(self.model, (self.scope, self.key))
        if seen is None:
            self.row = self.model()
            self.row.scope, self.row.key, self.row.request_hash = self.scope, self.key, digest
            self.row.status_code, self.row.created_at = 0, self.clock.now()
            try:
                with session.begin_nested():
                    session.add(self.row)
            except IntegrityError as exc:  # a twin claimed it meanwhile and has not answered yet
                raise Conflict(IN_PROGRESS, code="idempotency-key-in-progress") from exc
            return None
        replay = replay_of(seen, digest)
        if replay.response is None:
            raise Conflict(IN_PROGRESS, code="idempotency-key-in-progress")
        return JSONResponse(replay.response, status_code=replay.status_code, headers=REPLAYED)

    def finish(self, status_code: int, result: BaseModel, resource_id: str | None = None) -> None:
        """Keep the answer for a retry (in the same transaction as the work it describes)."""
        if self.row is not None:
            self.row.status_code = status_code
            self.row.response = result.model_dump(mode="json")
            self.row.resource_id = resource_id if resource_id is not None else getattr(result, "id", None)


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=KEY_LENGTH,
        description="a key of your choice; a retry with the same key and body gets the first answer again",
    ),
]


def idempotency(model: type[IdempotencyKeyColumns]) -> Callable[..., Awaitable[Idempotency]]:
    """The dependency giving a route its `Idempotency` (no I/O: async, decision 0004)."""

    async def dependency(
        request: Request,
        principal: Annotated[Principal | None, Depends(optional_principal)],
        idempotency_key: IdempotencyKeyHeader = None,
    ) -> Idempotency:
        who = principal.subject if principal is not None else "anonymous"
        return Idempotency(model, idempotency_key, f"{who} {request.method} {request.url.path}", app_clock(request))

    return dependency
