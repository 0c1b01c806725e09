from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from kit.auth import ServiceCaller
from kit.db import DbSession
from kit.errors import problem_responses
from kit.etag import IfMatch, etag
from matching import audit
from matching.auth import AdminOnly, VendorUser
from matching.deps import ClockDep, kick_indexer
from matching.provider import service
from matching.provider.schemas import InternalProvider, Provider, ProviderPage, ProviderUpdate
from matching.vocabulary import DISTRICTS, QUALIFICATION_LABELS

router = APIRouter(tags=["providers"], dependencies=[Depends(kick_indexer)])
internal_router = APIRouter(tags=["internal"])


@router.get("/providers", response_model=ProviderPage)
def list_providers(
    session: DbSession,
    clock: ClockDep,
    district: Annotated[str | None, Query(description="、".join(DISTRICTS))] = None,
    qualification: Annotated[
        str | None, Query(description="an active label: " + "、".join(QUALIFICATION_LABELS))
    ] = None,
    verified: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ProviderPage:
    return service.page(
        session, clock, district=district, qualification=qualification, verified=verified, limit=limit, offset=offset
    )


@router.get("/providers/me", response_model=Provider, responses=problem_responses(401, 403, 404))
def get_my_profile(session: DbSession, user: VendorUser, clock: ClockDep, response: Response) -> Provider:
    provider = service.mine(session, user, clock)
    response.headers["ETag"] = etag(provider.version)
    return provider


@router.put("/providers/me", response_model=Provider, responses=problem_responses(400, 401, 403, 409, 412, 422, 428))
def save_my_profile(
    body: ProviderUpdate,
    session: DbSession,
    user: VendorUser,
    clock: ClockDep,
    response: Response,
    if_match: IfMatch = None,
) -> Provider:
    provider = service.save_mine(session, user, body, clock, if_match)
    response.headers["ETag"] = etag(provider.version)
    return provider


@router.get("/providers/{provider_id}", response_model=Provider, responses=problem_responses(404))
def get_provider(provider_id: str, session: DbSession, clock: ClockDep, response: Response) -> Provider:
    provider = service.get(session, provider_id, clock)
    response.headers["ETag"] = etag(provider.version)
    return provider


@router.post("/providers/{provider_id}/verify", response_model=Provider, responses=problem_responses(401, 403, 404))
def verify_provider(provider_id: str, session: DbSession, user: AdminOnly, clock: ClockDep) -> Provider:
    provider = service.verify(session, provider_id, clock)
    audit.record(session, user, "provider.verified", f"provider:{provider_id}", now=clock.now())
    return provider


@internal_router.get(
    "/internal/providers/{org_id}", response_model=InternalProvider, responses=problem_responses(401, 404)
)
def internal_provider(org_id: str, session: DbSession, caller: ServiceCaller, clock: ClockDep) -> InternalProvider:
    return service.internal(session, org_id, clock)
