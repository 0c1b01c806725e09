from __future__ import annotations

from fastapi import APIRouter, Depends

from kit.auth import ServiceCaller
from kit.db import DbSession
from kit.errors import problem_responses
from matching.auth import AdminOnly, VendorUser
from matching.deps import ClockDep, kick_indexer
from matching.provider import service
from matching.provider.schemas import InternalProvider, Provider, ProviderUpdate

router = APIRouter(tags=["providers"], dependencies=[Depends(kick_indexer)])
internal_router = APIRouter(tags=["internal"])


@router.put("/providers/me", response_model=Provider, responses=problem_responses(400, 401, 403, 422))
def save_my_profile(body: ProviderUpdate, session: DbSession, user: VendorUser, clock: ClockDep) -> Provider:
    return service.save_mine(session, user, body, clock)


@router.get("/providers/{provider_id}", response_model=Provider, responses=problem_responses(404))
def get_provider(provider_id: str, session: DbSession, clock: ClockDep) -> Provider:
    return service.get(session, provider_id, clock)


@router.post("/providers/{provider_id}/verify", response_model=Provider, responses=problem_responses(401, 403, 404))
def verify_provider(provider_id: str, session: DbSession, user: AdminOnly, clock: ClockDep) -> Provider:
    return service.verify(session, provider_id, clock)


@internal_router.get(
    "/internal/providers/{org_id}", response_model=InternalProvider, responses=problem_responses(401, 404)
)
def internal_provider(org_id: str, session: DbSession, caller: ServiceCaller, clock: ClockDep) -> InternalProvider:
    return service.internal(session, org_id, clock)
