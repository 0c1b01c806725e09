from kit.audit import AdminAuditColumns
from matching.models.base import Base


class AdminAudit(AdminAuditColumns, Base):
    """The service's administrative acts, one hash chain (kit.audit); append-only (trigger on PostgreSQL)."""
