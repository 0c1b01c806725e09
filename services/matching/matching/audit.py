"""The matching's chain of administrative acts (decision 0083)."""

from kit.audit import AdminLog
from kit.audit_api import audit_router
from matching.models.audit import AdminAudit

LOG = AdminLog(AdminAudit, "matching")
record = LOG.record
router = audit_router(LOG, prefix="/admin")
