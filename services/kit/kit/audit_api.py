"""The admins' reading of a service's administrative audit log: a filtered page, the chain's
verification, and the filtered entries as a workbook or CSV (decision 0083)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from kit.audit import AdminLog, Filters
from kit.auth import AdminUser
from kit.clock import SHANGHAI, to_shanghai
from kit.csv_writer import csv_lines
from kit.db import DbSession
from kit.errors import UnprocessableContent, problem_responses
from kit.types import Moment
from kit.xlsx_writer import XLSX_MEDIA_TYPE, workbook_bytes, xlsx_response


class AdminAuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor: str = Field(description="user:<id>, service:<name> or system:command")
    actor_name: str = Field(description="the actor's username when a user acted")
    action: str
    target: str = Field(description="kind:id of the object acted on, e.g. organisation:<id>")
    reason: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


class AdminAuditPage(BaseModel):
    total: int
    items: list[AdminAuditEntry]


class AdminAuditVerification(BaseModel):
    service: str
    valid: bool
    entries: int = Field(description="校验的记录条数 entries checked")
    first_invalid_seq: int | None = Field(description="第一条校验不通过的记录序号；链完整时为空")
    first_invalid_at: datetime | None = None


HEADER = (
    "序号 Seq",
    "时间 Time",
    "操作人 Actor",
    "用户名 Username",
    "操作 Action",
    "对象 Target",
    "理由 Reason",
    "详情 Data",
    "哈希 Hash",
)


Actor = Annotated[str | None, Query(max_length=64, description="user:<id> or a username")]
Action = Annotated[str | None, Query(max_length=60, description="an action, or a prefix ending in '.'")]
Target = Annotated[str | None, Query(max_length=120, description="kind:id")]
Since = Annotated[Moment | None, Query(description="from (inclusive); without an offset: Beijing time")]
Until = Annotated[Moment | None, Query(description="until (exclusive); without an offset: Beijing time")]


def _moment(value: datetime | None) -> datetime | None:
    # A time without an offset is Beijing time, as every time the UI shows.
    return value.replace(tzinfo=SHANGHAI) if value is not None and value.tzinfo is None else value


def audit_filters(
    actor: Actor = None, action: Action = None, target: Target = None, since: Since = None, until: Until = None
) -> Filters:
    """The filters the reading and the export share (one dependency, one set of query parameters)."""
    since, until = _moment(since), _moment(until)
    if since and until and until <= since:
        raise UnprocessableContent(
            "until: 结束时间须晚于开始时间。 `until` must be after `since`.", code="bad-range", field="until"
        )
    return Filters(actor=actor or None, action=action or None, target=target or None, since=since, until=until)


AuditFilters = Annotated[Filters, Depends(audit_filters)]


def audit_router(log: AdminLog, *, prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["admin"], responses=problem_responses(401, 403))

    @router.get("/audit", response_model=AdminAuditPage, responses=problem_responses(422))
    def read_audit(
        _: AdminUser,
        session: DbSession,
        filters: AuditFilters,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> AdminAuditPage:
        """The administrative acts of this service, newest first."""
        total, rows = log.read(session, filters, limit=limit, offset=offset)
        return AdminAuditPage(total=total, items=[AdminAuditEntry.model_validate(r) for r in rows])

    @router.get("/audit/verify", response_model=AdminAuditVerification)
    def verify_audit(_: AdminUser, session: DbSession) -> AdminAuditVerification:
        """Recomputes every entry's hash from the first: valid, or the first entry that does not match."""
        v = log.verify(session)
        return AdminAuditVerification(
            service=log.service,
            valid=v.valid,
            entries=v.entries,
            first_invalid_seq=v.first_invalid_seq,
            first_invalid_at=v.first_invalid_at,
        )

    @router.get(
        "/audit/export",
        response_class=Response,
        responses={
            200: {
                "content": {
                    XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
                    "text/csv": {"schema": {"type": "string"}},
                }
            },
            **problem_responses(422),
        },
    )
    def export_audit(
        _: AdminUser,
        session: DbSession,
        filters: AuditFilters,
        format: Literal["xlsx", "csv"] = "xlsx",
    ) -> Response:
        """The filtered entries, oldest first, with their hashes (a copy a reviewer can check offline)."""
        rows = log.rows(session, filters)
        records = [
            (r.seq, r.at, r.actor, r.actor_name, r.action, r.target, r.reason, _json(r.data), r.hash) for r in rows
        ]
        name = f"audit-{log.service}"
        if format == "csv":
            pairs = zip(rows, records, strict=True)
            return StreamingResponse(
                _encoded(csv_lines(HEADER, [(rec[0], to_shanghai(r.at).isoformat(), *rec[2:]) for r, rec in pairs])),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        return xlsx_response(workbook_bytes("审计 Audit", HEADER, records), f"{name}.xlsx")

    return router


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _encoded(lines: Iterator[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode()
