from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse, Response

from kit.auth import OptionalUser
from kit.db import DbSession
from kit.errors import PayloadTooLarge, problem_responses
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from matching import audit
from matching.auth import AdminOnly
from matching.batch import service, template
from matching.batch.schemas import Batch, BatchCreate, ImportReport
from matching.deps import ClockDep, kick_indexer
from matching.idempotency import IdempotencyDep

router = APIRouter(tags=["batches"], dependencies=[Depends(kick_indexer)])
MAX_UPLOAD = 5 * 1024 * 1024


@router.post("/batches", response_model=Batch, status_code=201, responses=problem_responses(401, 403, 409, 422))
def create_batch(
    body: BatchCreate, session: DbSession, user: AdminOnly, clock: ClockDep, idem: IdempotencyDep
) -> Batch | JSONResponse:
    if (prior := idem.begin(session, body)) is not None:
        return prior
    batch = service.create(session, body, clock)
    data = {"code": batch.code, "name": batch.name}
    audit.record(session, user, "batch.created", f"batch:{batch.id}", now=clock.now(), data=data)
    idem.finish(201, batch)
    return batch


@router.get("/batches", response_model=list[Batch], responses=problem_responses(401))
def list_batches(session: DbSession, user: OptionalUser) -> list[Batch]:
    return service.list_batches(session, user)


# Declared before /batches/{batch_id}, which would otherwise take "template.xlsx" for an id.
@router.get("/batches/template.xlsx", response_class=Response, responses=XLSX_RESPONSE)
def batch_template() -> Response:
    """Public: the import template, its headers the importer's, dropdowns from the code lists, and a 说明 sheet."""
    return xlsx_response(template.build(), "batch-import-template.xlsx")


@router.get("/batches/{batch_id}", response_model=Batch, responses=problem_responses(401, 404))
def get_batch(batch_id: str, session: DbSession, user: OptionalUser) -> Batch:
    return service.get(session, batch_id, user)


@router.post(
    "/batches/{batch_id}/import",
    response_model=ImportReport,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422),
)
def import_batch(
    batch_id: str,
    session: DbSession,
    user: AdminOnly,
    clock: ClockDep,
    file: Annotated[UploadFile, File(description=".xlsx, .xls or .csv, one demand per row")],
    dry_run: Annotated[bool, Query()] = False,
    dry_run_form: Annotated[bool | None, Form(alias="dry_run")] = None,
) -> ImportReport:
    """Validates every row; imports only when all rows are valid (422 with the report otherwise)."""
    content = _read(file)
    report = service.import_file(session, batch_id, file.filename or "", content, dry_run or bool(dry_run_form), clock)
    if not report.dry_run:
        data = {"filename": file.filename or "", "imported": report.imported, "rows": report.total_rows}
        audit.record(session, user, "batch.imported", f"batch:{batch_id}", now=clock.now(), data=data)
    return report


@router.post(
    "/batches/{batch_id}/import/report.xlsx",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(400, 401, 403, 404, 409, 413, 422)},
)
def import_report_xlsx(
    batch_id: str,
    session: DbSession,
    user: AdminOnly,
    file: Annotated[UploadFile, File(description="the file checked by a (dry-run) import")],
) -> Response:
    """The same check as a dry run, as a workbook: the uploaded rows with every problem beside each."""
    content = _read(file)
    return xlsx_response(service.report_workbook(session, batch_id, file.filename or "", content), "import-report.xlsx")


def _read(file: UploadFile) -> bytes:
    content = file.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise PayloadTooLarge("The file is larger than 5 MB")
    return content


@router.post("/batches/{batch_id}/publish", response_model=Batch, responses=problem_responses(401, 403, 404, 409))
def publish_batch(batch_id: str, session: DbSession, user: AdminOnly, clock: ClockDep) -> Batch:
    return service.publish(session, batch_id, clock, user)
