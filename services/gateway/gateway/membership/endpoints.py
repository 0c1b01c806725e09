from fastapi import APIRouter, Request

from gateway import audit
from gateway.deps import ClockDep
from gateway.membership import schemas as s
from gateway.membership import service
from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import problem_responses

router = APIRouter(prefix="/api", tags=["membership"])


@router.get(
    "/organisations/{org_id}/members", response_model=list[s.OrganisationMember], responses=problem_responses(401, 403)
)
def members(org_id: str, principal: CurrentUser, session: DbSession) -> list[s.OrganisationMember]:
    """The organisation's members, for its administrator."""
    return [
        s.OrganisationMember(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            status=user.status,
            role=m.role,
            org_admin=m.org_admin,
            joined_at=m.created_at,
        )
        for user, m in service.members(session, principal, org_id)
    ]


@router.post(
    "/organisations/{org_id}/invitations",
    status_code=201,
    response_model=s.Invitation,
    responses=problem_responses(401, 403, 409),
)
def invite(org_id: str, principal: CurrentUser, session: DbSession, clock: ClockDep) -> s.Invitation:
    """The organisation's administrator invites a member (enterprises and vendors only)."""
    invitation, token = service.invite(session, principal, org_id, clock.now())
    data = {"invitation_id": invitation.id, "role": invitation.role}
    audit.record(session, principal, "member.invited", f"organisation:{org_id}", now=clock.now(), data=data)
    return s.Invitation(
        id=invitation.id,
        organisation_id=invitation.organisation_id,
        role=invitation.role,
        expires_at=invitation.expires_at,
        token=token,
    )


@router.post("/invitations/accept", status_code=201, response_model=s.Member, responses=problem_responses(404, 409))
def accept(body: s.Acceptance, request: Request, session: DbSession, clock: ClockDep) -> s.Member:
    password_hash = request.app.state.hasher.hash(body.user.password)  # argon2id before the transaction begins
    user, invitation = service.accept(session, body.token, body.user, password_hash, clock.now())
    return s.Member(user_id=user.id, organisation_id=invitation.organisation_id, roles=[invitation.role])
