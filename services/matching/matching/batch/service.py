from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import Conflict, NotFound, UnprocessableContent
from kit.history import transition
from kit.tokens import Principal
from matching.batch import importer, report_xlsx
from matching.batch.lifecycle import LIFECYCLE
from matching.batch.schemas import Batch, BatchCreate, ImportError_, ImportReport, ImportRow
from matching.demand.service import build_row
from matching.models import Batch as BatchRow
from matching.models import Demand


def to_schema(session: Session, b: BatchRow, principal: Principal | None = None) -> Batch:
    stmt = select(func.count()).select_from(Demand).where(Demand.batch_id == b.id)
    if b.status != "published" or principal is None or not principal.has_role("admin"):
        stmt = stmt.where(Demand.status == "published") if b.status == "published" else stmt
    return Batch(
        id=b.id,
        code=b.code,
        name=b.name,
        description=b.description,
        status=b.status,
        demand_count=session.scalar(stmt) or 0,
        created_at=b.created_at,
        published_at=b.published_at,
    )


def create(session: Session, body: BatchCreate, clock: Clock) -> Batch:
    if session.scalar(select(BatchRow.id).where(BatchRow.code == body.code)):
        raise Conflict(f"A batch with code {body.code} exists")
    row = BatchRow(code=body.code, name=body.name, description=body.description, status="draft", created_at=clock.now())
    session.add(row)
    session.flush()
    return to_schema(session, row)


def list_batches(session: Session, principal: Principal | None) -> list[Batch]:
    stmt = select(BatchRow).order_by(BatchRow.created_at.desc())
    if principal is None or not principal.has_role("admin"):
        stmt = stmt.where(BatchRow.status == "published")
    return [to_schema(session, b, principal) for b in session.scalars(stmt)]


def _draft(session: Session, batch_id: str) -> BatchRow:
    row = session.get(BatchRow, batch_id)
    if row is None:
        raise NotFound("No such batch")
    if row.status != "draft":
        raise Conflict("The batch is already published")
    return row


def _checked(session: Session, batch_id: str, filename: str, content: bytes) -> tuple[BatchRow, importer.Parsed]:
    """The file read and every row validated, with codes repeated in the file or already on the platform."""
    batch = _draft(session, batch_id)
    parsed = importer.parse(filename, content)
    importer.validate(parsed.rows)
    seen: set[str] = set()
    for row in parsed.rows:
        code = row.values.get("code")
        if not code:
            continue
        if code in seen:
            row.errors.append(importer.RowError.of(row.row, "code", "duplicate"))
        elif session.scalar(select(Demand.id).where(Demand.code == code)):
            row.errors.append(importer.RowError.of(row.row, "code", "exists"))
        seen.add(code)
    return batch, parsed


def import_file(
    session: Session, batch_id: str, filename: str, content: bytes, dry_run: bool, clock: Clock
) -> ImportReport:
    batch, parsed = _checked(session, batch_id, filename, content)
    rows = parsed.rows
    errors = [
        ImportError_(row=e.row, field=e.field, column=e.column, code=e.code, message=e.message)
        for r in rows
        for e in r.errors
    ]
    valid = not errors and bool(rows)
    imported = 0
    if valid and not dry_run:
        for row in rows:
            assert row.demand is not None
            demand = row.demand.model_copy(update={"batch_id": batch.id})
            session.add(
                build_row(
                    demand, clock, status="draft", publisher_org_id=None, publisher_name=demand.publisher_name or ""
                )
            )
            imported += 1
        session.flush()
    report = ImportReport(
        batch_id=batch.id,
        dry_run=dry_run,
        valid=valid,
        total_rows=len(rows),
        valid_rows=sum(1 for r in rows if not r.errors),
        invalid_rows=sum(1 for r in rows if r.errors),
        imported=imported,
        errors=errors,
        rows=[
            ImportRow(row=r.row, code=r.values.get("code"), title=r.values.get("title"), valid=not r.errors)
            for r in rows
        ],
    )
    if not valid and not dry_run:
        raise UnprocessableContent(
            f"{len(errors)} problem(s) in {report.invalid_rows} row(s); nothing imported",
            report=report.model_dump(mode="json"),
        )
    return report


def report_workbook(session: Session, batch_id: str, filename: str, content: bytes) -> bytes:
    """The uploaded rows as they were, each with its verdict and every problem beside it; nothing imported."""
    _, parsed = _checked(session, batch_id, filename, content)
    return report_xlsx.build(parsed)


def publish(session: Session, batch_id: str, clock: Clock, principal: Principal) -> Batch:
    batch = session.get(BatchRow, batch_id)
    if batch is None:
        raise NotFound("No such batch")
    transition(LIFECYCLE, session, principal, batch, "publish", clock)
    return to_schema(session, batch, principal)


def get(session: Session, batch_id: str, principal: Principal | None) -> Batch:
    row = session.get(BatchRow, batch_id)
    if row is None or (row.status != "published" and not (principal and principal.has_role("admin"))):
        raise NotFound("No such batch")
    return to_schema(session, row, principal)
