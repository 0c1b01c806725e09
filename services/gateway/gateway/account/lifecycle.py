"""The user lifecycle: an administrator suspends and activates an account; a suspension ends every
session of the user (docs/decisions/0096-gateway-and-matching-lifecycles.md)."""

from __future__ import annotations

from gateway import audit
from gateway.auth.service import revoke_tokens
from gateway.models import RefreshToken, StatusTransition, User
from gateway.models.user import UserStatus
from kit.history import Acting, administrators, audited, moved_from, recorder
from kit.rules import Lifecycle, Rule, Step, rule

S = UserStatus


def _signed_out(step: Step[User, Acting]) -> None:
    revoke_tokens(step.ctx.session, RefreshToken.user_id == step.entity.id, step.now)


RULES: tuple[Rule[User, Acting], ...] = (
    rule(
        "suspend",
        {S.ACTIVE},
        S.SUSPENDED,
        "admin",
        effects=(audited(audit.LOG, "user.suspended", data=moved_from), _signed_out),
    ),
    rule(
        "activate",
        {S.SUSPENDED},
        S.ACTIVE,
        "admin",
        effects=(audited(audit.LOG, "user.activated", data=moved_from),),
    ),
)
LIFECYCLE: Lifecycle[User, Acting] = Lifecycle(
    "user", tuple(S), RULES, may_act=administrators, record=recorder(StatusTransition, "user")
)
