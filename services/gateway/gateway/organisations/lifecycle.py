"""The organisation lifecycle: an administrator verifies or rejects a registration, suspends and
reactivates an organisation (docs/decisions/0096-gateway-and-matching-lifecycles.md)."""

from __future__ import annotations

from gateway import audit
from gateway.models import Organisation, StatusTransition
from gateway.models.organisation import OrganisationStatus
from kit.history import Acting, administrators, audited, moved_from, recorder
from kit.rules import Lifecycle, Rule, Step, rule

S = OrganisationStatus
Effect = Step[Organisation, Acting]


def _verified(step: Effect) -> None:
    step.entity.verified_at = step.entity.verified_at or step.now


def _rejected(step: Effect) -> None:
    step.entity.rejection_reason, step.entity.rejected_at = step.reason.strip(), step.now


RULES: tuple[Rule[Organisation, Acting], ...] = (
    rule("verify", {S.PENDING}, S.ACTIVE, "admin", effects=(_verified, audited(audit.LOG, "organisation.verified"))),
    rule(
        "reject",
        {S.PENDING},
        S.REJECTED,
        "admin",
        needs_reason=True,
        effects=(_rejected, audited(audit.LOG, "organisation.rejected")),
    ),
    # A registration still pending may be stopped too; a rejected one stays rejected.
    rule(
        "suspend",
        {S.PENDING, S.ACTIVE},
        S.SUSPENDED,
        "admin",
        effects=(audited(audit.LOG, "organisation.suspended", data=moved_from),),
    ),
    rule(
        "reactivate",
        {S.SUSPENDED},
        S.ACTIVE,
        "admin",
        effects=(_verified, audited(audit.LOG, "organisation.reactivated", data=moved_from)),
    ),
)


LIFECYCLE: Lifecycle[Organisation, Acting] = Lifecycle(
    "organisation", tuple(S), RULES, may_act=administrators, record=recorder(StatusTransition, "organisation")
)
