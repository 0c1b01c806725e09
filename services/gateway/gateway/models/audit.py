from gateway.models.base import Base
from kit.audit import AdminAuditColumns


class AdminAudit(AdminAuditColumns, Base):
    """The service's administrative acts, one hash chain (kit.audit); append-only (trigger on PostgreSQL)."""
