"""A challenge's audit chain, readable by whoever may read the challenge, and its verification."""

from __future__ import annotations

from fastapi import APIRouter

from kit.auth import OptionalUser
from kit.errors import problem_responses
from workflow.audit import service as audit
from workflow.audit.schemas import AuditEntryOut, AuditVerification
from workflow.challenge.auth import readable
from workflow.context import Ctx

router = APIRouter(tags=["challenges"])


@router.get(
    "/challenges/{challenge_id}/audit", response_model=list[AuditEntryOut], responses=problem_responses(401, 404)
)
def audit_log(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[AuditEntryOut]:
    ch = readable(ctx.session, challenge_id, principal)
    return [AuditEntryOut.model_validate(e) for e in audit.entries(ctx.session, ch.id)]


@router.get(
    "/challenges/{challenge_id}/audit/verify", response_model=AuditVerification, responses=problem_responses(401, 404)
)
def audit_verify(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> AuditVerification:
    ch = readable(ctx.session, challenge_id, principal)
    valid, checked, first_bad = audit.verify(ctx.session, ch.id)
    return AuditVerification(challenge_id=ch.id, valid=valid, entries=checked, first_invalid_seq=first_bad)
