"""Opening keys (decision 0107): a custodian registers and reads its own; anyone who may read a
challenge reads its custodians' current keys, which the vendor's side seals to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from kit.auth import CurrentUser, OptionalUser, require_roles
from kit.errors import NotFound, problem_responses
from kit.tokens import Principal
from workflow.challenge import repository as challenges
from workflow.challenge.auth import can_read
from workflow.clients.gateway import DirectoryDep
from workflow.context import Ctx
from workflow.custody import keys, opening
from workflow.custody import repository as repo
from workflow.custody import schemas as s
from workflow.custody.custodians import CUSTODIAN_ROLES

router = APIRouter(tags=["custody"])
Custodian = Annotated[Principal, Depends(require_roles(*sorted(CUSTODIAN_ROLES)))]


@router.post(
    "/custody/keys", status_code=201, response_model=s.OpeningKeyOut, responses=problem_responses(401, 403, 409, 422)
)
def register_key(ctx: Ctx, principal: Custodian, body: s.KeyRegistration, response: Response) -> s.OpeningKeyOut:
    """Registers the caller's opening key (201), replacing its current one; the same key again: 200."""
    key, previous, changed = keys.register(ctx, principal, body)
    if not changed:
        response.status_code = 200
    return keys.to_schema(ctx, key, previous)


@router.get("/custody/keys/mine", response_model=s.OpeningKeyOut, responses=problem_responses(401, 403, 404))
def my_key(ctx: Ctx, principal: Custodian) -> s.OpeningKeyOut:
    key = repo.current(ctx.session, principal.subject)
    if key is None:
        raise NotFound("尚未登记开标密钥。 No opening key registered yet.", code="no-opening-key")
    return keys.to_schema(ctx, key)


@router.get(
    "/challenges/{challenge_id}/custodians",
    response_model=s.ChallengeCustodians,
    responses=problem_responses(401, 404),
)
def challenge_custodians(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> s.ChallengeCustodians:
    ch = challenges.get(ctx.session, challenge_id)
    if not can_read(ch, principal):
        raise NotFound(f"challenge {challenge_id} not found")
    current = repo.current_keys(ctx.session, ch.custodians)
    return s.ChallengeCustodians(
        challenge_id=ch.id,
        sealing=ch.sealing,
        threshold=ch.custodian_threshold,
        custodians=[
            s.CustodianKey(
                user_id=user_id,
                public_key=current[user_id].public_key if user_id in current else None,
                fingerprint=current[user_id].fingerprint if user_id in current else None,
            )
            for user_id in ch.custodians
        ],
    )


# --- the opening (decision 0108) -------------------------------------------------------------------
Naming = Annotated[Principal, Depends(require_roles("enterprise", "gov_reviewer", "admin"))]


@router.get(
    "/challenges/{challenge_id}/opening", response_model=s.OpeningStatus, responses=problem_responses(401, 404, 409)
)
def opening_status(ctx: Ctx, principal: OptionalUser, challenge_id: str, directory: DirectoryDep) -> s.OpeningStatus:
    """Where the opening stands: the custodians, who has submitted, the window, what failed to open."""
    return opening.status(ctx, opening.custodian_sealed(ctx, principal, challenge_id), directory)


@router.get(
    "/challenges/{challenge_id}/opening/shares/mine",
    response_model=s.MyShares,
    responses=problem_responses(401, 403, 404, 409),
)
def my_opening_shares(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> s.MyShares:
    """The caller's encrypted share of every submitted envelope, with each envelope's header."""
    return opening.my_shares(ctx, principal, challenge_id)


@router.post(
    "/challenges/{challenge_id}/opening/shares",
    response_model=s.OpeningStatus,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def submit_opening_shares(
    ctx: Ctx, principal: CurrentUser, challenge_id: str, body: s.SharesSubmission, directory: DirectoryDep
) -> s.OpeningStatus:
    """One custodian's shares of every envelope at once; the k-th custodian's opens the challenge."""
    return opening.submit_shares(ctx, principal, challenge_id, body, directory)


@router.get("/custody/candidates", response_model=s.Candidates, responses=problem_responses(401, 403))
def custody_candidates(ctx: Ctx, principal: Naming, directory: DirectoryDep) -> s.Candidates:
    """The people an owner may name as custodians: active government reviewers and supervisors."""
    return opening.candidates(ctx, directory)
