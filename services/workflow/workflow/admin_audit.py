"""Workflow's chain of administrative acts not tied to one challenge: the working-day calendar, dead
letters and deliveries retried (decision 0092; the same kit pieces as the gateway's and matching's)."""

from kit.audit import AdminLog
from kit.audit_api import audit_router
from workflow.models import AdminAudit

LOG = AdminLog(AdminAudit, "workflow")
record = LOG.record
router = audit_router(LOG, prefix="/admin")
