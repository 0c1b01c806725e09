from fastapi import APIRouter, Request

from gateway.auth.rate import client_address
from gateway.deps import ClockDep, RegistrationLimitDep
from gateway.models import Organisation as OrganisationRow
from gateway.organisations import service
from gateway.organisations.schemas import Organisation, PublicOrganisation, Registration, RegistrationResult
from kit.db import DbSession
from kit.errors import NotFound, problem_responses

router = APIRouter(prefix="/api", tags=["organisations"])


@router.post(
    "/auth/register", status_code=201, response_model=RegistrationResult, responses=problem_responses(409, 429, 503)
)
def register(
    body: Registration, request: Request, session: DbSession, clock: ClockDep, limit: RegistrationLimitDep
) -> RegistrationResult:
    """Self-registration of an enterprise or vendor; it stays pending until an admin verifies it.
    Limited per address and in all (counted in the database), before any argon2id work."""
    now = clock.now()
    limit.admit(client_address(request), now)
    hasher = request.app.state.hasher
    # Hashed before the first statement: on SQLite every transaction holds the write lock from its
    # first statement, and argon2id (~0.2 s of CPU) inside it made concurrent registrations queue
    # behind each other until one gave up after the 30 s busy timeout (503).
    password_hash = hasher.hash(body.user.password)
    org = service.create_organisation(session, body.organisation, body.organisation.kind, "pending", now)
    user = service.create_user(
        session, body.user, password_hash, org, [body.organisation.kind], "active", now, org_admin=True
    )
    return RegistrationResult(organisation=Organisation.model_validate(org), user_id=user.id, status="pending")


@router.get("/organisations/{org_id}", response_model=PublicOrganisation, responses=problem_responses(404))
def public_organisation(org_id: str, session: DbSession) -> PublicOrganisation:
    org = session.get(OrganisationRow, org_id)
    if org is None or org.status != "active":
        raise NotFound("机构不存在。 No such organisation.")
    return PublicOrganisation.model_validate(org)
