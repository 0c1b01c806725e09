from kit.audit import AdminAuditColumns
from workflow.models.base import Base


class AdminAudit(AdminAuditColumns, Base):
    """The service's administrative acts not tied to one challenge (the calendar, dead letters,
    deliveries), one hash chain (kit.audit, decision 0092); append-only (trigger on PostgreSQL)."""
