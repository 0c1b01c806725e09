"""`Idempotency-Key` on POSTs that create things: a retried request gets the first answer, nothing is made twice."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.app import app_clock
from kit.auth import optional_principal
from kit.clock import Clock
from kit.errors import Conflict
from kit.tokens import Principal
from matching.models import IdempotencyKey

SCOPE_LENGTH = 300


class Idempotency:
    def __init__(self, key: str | None, scope: str, clock: Clock) -> None:
        self.key = key
        self.scope = scope
        self.clock = clock
        self.row: IdempotencyKey | None = None

    def begin(self, session: Session, body: BaseModel | None) -> JSONResponse | None:
        """The stored answer when this key was used before; otherwise claims the key for this request."""
        if self.key is None:
            return None
        digest = hashlib.sha256((body.model_dump_json() if body is not None else "").encode()).hexdigest()
        seen = session.get(IdempotencyKey, (self.scope, self.key))
        if seen is None:
            self.row = IdempotencyKey(
                scope=self.scope,
                key=self.key,
                request_hash=digest,
                status_code=0,
                response=None,
                created_at=self.clock.now(),
            )
            try:
                with session.begin_nested():
                    session.add(self.row)
            except IntegrityError as exc:
                raise Conflict("A request with this Idempotency-Key is in progress; retry shortly") from exc
            return None
        if seen.request_hash != digest:
            raise Conflict("This Idempotency-Key was used with a different request")
        return JSONResponse(seen.response, status_code=seen.status_code, headers={"Idempotent-Replayed": "true"})

    def finish(self, status_code: int, result: BaseModel) -> None:
        if self.row is not None:
            self.row.status_code = status_code
            self.row.response = result.model_dump(mode="json")


async def _idempotency(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_principal)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Idempotency:
    who = principal.subject if principal is not None else "anonymous"
    clock = app_clock(request)
    scope = f"{who} {request.method} {request.url.path}"
    if len(scope) > SCOPE_LENGTH:  # an absurd path: still one scope per path, within the column
        scope = f"{who} {request.method} sha256:{hashlib.sha256(scope.encode()).hexdigest()}"
    return Idempotency(idempotency_key, scope, clock)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]


def replayed(value: Any) -> bool:
    return isinstance(value, JSONResponse)
