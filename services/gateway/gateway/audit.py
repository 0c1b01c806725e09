"""The gateway's chain of administrative acts (decision 0083)."""

from gateway.models.audit import AdminAudit
from kit.audit import AdminLog
from kit.audit_api import audit_router

LOG = AdminLog(AdminAudit, "gateway")
record = LOG.record
router = audit_router(LOG, prefix="/api/admin")
