"""RFC 9457 problem+json errors with stable `type` codes."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_BASE = "https://shigu.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("kit.errors")


class Problem(BaseModel):
    """The wire shape of every error."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class ProblemError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self, detail: str | None = None, *, code: str | None = None, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.type_code = code or type(self).code  # a more precise stable code than the class default
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(self.status, self.type_code, self.title, self.detail, instance, **self.extra)


class BadRequest(ProblemError):
    pass


class Unauthorized(ProblemError):
    status = 401
    code = "unauthorized"
    title = "Authentication required"

    def __init__(self, detail: str | None = None, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail, code=code, headers={"WWW-Authenticate": "Bearer"}, **extra)


class Forbidden(ProblemError):
    status = 403
    code = "forbidden"
    title = "Not allowed"


class NotFound(ProblemError):
    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(ProblemError):
    status = 409
    code = "conflict"
    title = "Conflict"


class PreconditionFailed(ProblemError):
    status = 412
    code = "stale-version"
    title = "The resource changed since you read it"


class PreconditionRequired(ProblemError):
    status = 428
    code = "if-match-required"
    title = "If-Match header required"


class PayloadTooLarge(ProblemError):
    status = 413
    code = "payload-too-large"
    title = "Payload too large"


class UnprocessableContent(ProblemError):
    status = 422
    code = "invalid-request"
    title = "The request is not valid"


class TooManyRequests(ProblemError):
    status = 429
    code = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after: int, code: str | None = None, **extra: Any) -> None:
        super().__init__(detail, code=code, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **extra)


class ServiceUnavailable(ProblemError):
    status = 503
    code = "service-unavailable"
    title = "Service temporarily unavailable"


def problem_body(
    status: int, code: str, title: str, detail: str | None = None, instance: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": PROBLEM_BASE + code, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(
    status: int, code: str, title: str, detail: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, code, title, detail, **extra),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


_STATUS_CODES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Not allowed"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries so the OpenAPI spec (and generated clients) know the error shape."""
    return {
        s: {
            "model": Problem,
            "description": _STATUS_CODES.get(s, ("", "Error"))[1] or "Error",
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for s in statuses
    }


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return JSONResponse(
            exc.body(request.url.path), status_code=exc.status, media_type=PROBLEM_MEDIA_TYPE, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        # An unknown field is named first: it is usually a misspelt field, which is then also reported missing.
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        first = (unknown or errors or [{"loc": [], "msg": "invalid"}])[0]
        where = ".".join(str(p) for p in first["loc"] if p != "body")
        return problem_response(
            422,
            "invalid-request",
            "The request is not valid",
            f"{where}: {first['msg']}" if where else str(first["msg"]),
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _STATUS_CODES.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(exc.status_code, code, title, detail, headers=dict(exc.headers or {}))

    # The database refused or dropped the connection, did not answer within the connect timeout, or the
    # pool had no connection to give within its timeout: the request may succeed shortly, so 503 with
    # Retry-After (raised by the endpoint or by DbSession's commit, which runs before the response).
    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _db_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", getattr(exc, "orig", None) or exc)
        return problem_response(
            503,
            "database-unavailable",
            "Database temporarily unavailable",
            "The database did not answer; retry shortly.",
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(DBAPIError)
    async def _db_error(request: Request, exc: DBAPIError) -> JSONResponse:
        # Drivers report some lost connections with other classes (psycopg: InterfaceError on a closed
        # connection); SQLAlchemy flags those. Any other driver error is a bug, for the 500 handler below.
        if exc.connection_invalidated:
            return await _db_down(request, exc)
        raise exc

    @app.exception_handler(DataError)
    async def _does_not_fit(request: Request, exc: DataError) -> JSONResponse:
        # A value the schemas let through but the column cannot hold (too long, out of range).
        # The transaction has been rolled back; the statement is logged, not echoed to the caller.
        log.warning("value refused by the database on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem_response(
            422,
            "value-does-not-fit",
            "A value does not fit where it is stored",
            "A value in the request (or in the signed-in account) is too long or out of range for this field.",
        )

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        # The server closes the connection after an unhandled error (uvicorn does, once the answer is
        # sent); saying so keeps a pooling client (the gateway) from reusing it for the next request.
        return problem_response(
            500,
            "internal-error",
            "Internal error",
            "An unexpected error occurred; it has been logged.",
            headers={"Connection": "close"},
        )
