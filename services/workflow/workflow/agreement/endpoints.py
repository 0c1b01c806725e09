from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from kit.auth import CurrentUser, OptionalUser
from kit.downloads import file_headers
from kit.errors import problem_responses
from kit.etag import IfMatch
from workflow.agreement import acceptance_service as acceptance
from workflow.agreement import public, service
from workflow.agreement import schemas as s
from workflow.challenge.auth import ExpertUser, GovUser, readable
from workflow.clients.gateway import DirectoryDep
from workflow.context import Ctx
from workflow.models import AcceptanceDocument, Agreement, MilestoneDocument
from workflow.review.schemas import ExpertAssign
from workflow.review.service import resolve_experts

router = APIRouter(tags=["agreements"])


def _out(ctx: Ctx, principal: CurrentUser, response: Response, ag: Agreement) -> s.AgreementOut:
    response.headers["ETag"] = service.version_etag(ag)
    return service.to_schema(ctx, ag, principal)


@router.post(
    "/challenges/{challenge_id}/agreements",
    response_model=list[s.AgreementOut],
    responses=problem_responses(401, 404, 409),
)
def draft(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.AgreementOut]:
    """起草任务书: the owner drafts one agreement per approved award, pre-filled from the challenge and
    the winning application (calling it again drafts only what is missing)."""
    return [service.to_schema(ctx, ag, principal) for ag in service.draft_all(ctx, principal, challenge_id)]


@router.get(
    "/challenges/{challenge_id}/agreements",
    response_model=list[s.AgreementOut],
    responses=problem_responses(401, 404),
)
def for_challenge(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.AgreementOut]:
    """The parties see their own agreements of the challenge; reviewers and admins see all."""
    return [service.to_schema(ctx, ag, principal) for ag in service.list_for_challenge(ctx, principal, challenge_id)]


@router.get("/agreements", response_model=list[s.AgreementOut], responses=problem_responses(401))
def mine(ctx: Ctx, principal: CurrentUser) -> list[s.AgreementOut]:
    """The agreements the caller's organisation is a party to."""
    return [service.to_schema(ctx, ag, principal) for ag in service.mine(ctx, principal)]


@router.get("/agreements/{agreement_id}", response_model=s.AgreementOut, responses=problem_responses(401, 404))
def read(ctx: Ctx, principal: CurrentUser, agreement_id: str, response: Response) -> s.AgreementOut:
    return _out(ctx, principal, response, service.get(ctx, principal, agreement_id))


@router.put(
    "/agreements/{agreement_id}",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 412, 422, 428),
)
def edit(
    ctx: Ctx,
    principal: CurrentUser,
    agreement_id: str,
    body: s.AgreementContent,
    response: Response,
    if_match: IfMatch = None,
) -> s.AgreementOut:
    """Either party changes the agreement (If-Match the version read); every signature is voided and
    the agreement is a draft again."""
    return _out(ctx, principal, response, service.edit(ctx, principal, agreement_id, body, if_match))


@router.post(
    "/agreements/{agreement_id}/propose",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409),
)
def propose(ctx: Ctx, principal: CurrentUser, agreement_id: str, response: Response) -> s.AgreementOut:
    """The owner puts the current version up for signing."""
    return _out(ctx, principal, response, service.act(ctx, principal, agreement_id, "propose"))


@router.post(
    "/agreements/{agreement_id}/sign",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 422),
)
def sign(ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.SignBody, response: Response) -> s.AgreementOut:
    """A party signs the version whose hash it read; when every party has signed, the agreement is signed."""
    return _out(ctx, principal, response, service.sign(ctx, principal, agreement_id, body))


@router.post(
    "/agreements/{agreement_id}/refuse",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 422),
)
def refuse(
    ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.RefuseBody, response: Response
) -> s.AgreementOut:
    """The winner refuses to sign, with a reason; the owner is told."""
    ag = service.act(ctx, principal, agreement_id, "refuse", reason=body.reason)
    return _out(ctx, principal, response, ag)


@router.post(
    "/agreements/{agreement_id}/decision",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 422),
)
def decide(
    ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.DecisionBody, response: Response
) -> s.AgreementOut:
    """递补或流榜: after the winner refused or let the signing deadline pass, a government reviewer
    offers the award to the next ranked eligible application, or closes it (the challenge closes
    without a winner when no award is left)."""
    return _out(ctx, principal, response, service.decide(ctx, principal, agreement_id, body))


@router.get("/agreements/{agreement_id}/progress", response_model=s.ProgressOut, responses=problem_responses(401, 404))
def progress(ctx: Ctx, principal: CurrentUser, agreement_id: str) -> s.ProgressOut:
    """执行进度: the milestones as lived (reports, assessments, overdue) and the tranches released."""
    return service.progress(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/milestones/{key}/report",
    response_model=s.ProgressOut,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def report(ctx: Ctx, principal: CurrentUser, agreement_id: str, key: str, body: s.MilestoneReport) -> s.ProgressOut:
    """The winner reports a milestone with its evidence (again after a partial or failed assessment)."""
    service.report_milestone(ctx, principal, agreement_id, key, body)
    return service.progress(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/milestones/{key}/assessment",
    response_model=s.ProgressOut,
    responses=problem_responses(401, 404, 409, 422),
)
def assess(ctx: Ctx, principal: CurrentUser, agreement_id: str, key: str, body: s.MilestoneAssessment) -> s.ProgressOut:
    """The owner assesses the reported milestone; met releases the tranches that depend on it."""
    service.assess_milestone(ctx, principal, agreement_id, key, body)
    return service.progress(ctx, principal, agreement_id)


@router.get(
    "/agreements/{agreement_id}/milestones/{key}/documents/{index}",
    responses=problem_responses(401, 404),
)
def evidence(
    ctx: Ctx,
    principal: CurrentUser,
    agreement_id: str,
    key: str,
    index: int,
    inline: Annotated[bool, Query(description="a PDF or image is shown in the browser rather than saved")] = False,
) -> Response:
    return _file(service.evidence(ctx, principal, agreement_id, key, index), inline)


def _file(doc: MilestoneDocument | AcceptanceDocument, inline: bool) -> Response:
    headers = file_headers(doc.name, doc.content_type, doc.data, inline=inline)
    return Response(
        doc.data, media_type=headers.pop("Content-Type"), headers={**headers, "X-Content-SHA256": doc.sha256}
    )


# --- acceptance (验收, decision 0106) -------------------------------------------------------------


@router.get(
    "/agreements/{agreement_id}/acceptance", response_model=s.AcceptanceOut, responses=problem_responses(401, 404)
)
def acceptance_read(ctx: Ctx, principal: CurrentUser, agreement_id: str) -> s.AcceptanceOut:
    """验收: every round's submission, the panel's verdicts, the decisions and any tranche withheld."""
    return acceptance.read(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/acceptance",
    response_model=s.AcceptanceOut,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def acceptance_submit(
    ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.AcceptanceSubmission
) -> s.AcceptanceOut:
    """The winner submits the final deliverables and the completion report (again after a rectification)."""
    acceptance.submit(ctx, principal, agreement_id, body)
    return acceptance.read(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/acceptance/experts",
    response_model=s.AcceptanceOut,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
def acceptance_experts(
    ctx: Ctx, principal: GovUser, directory: DirectoryDep, agreement_id: str, body: ExpertAssign
) -> s.AcceptanceOut:
    """A government reviewer names the acceptance panel of the current round."""
    acceptance.assign(ctx, principal, agreement_id, resolve_experts(directory, body.user_ids))
    return acceptance.read(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/acceptance/coi",
    response_model=s.AcceptanceOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def acceptance_coi(ctx: Ctx, principal: ExpertUser, agreement_id: str, body: s.AcceptanceCoi) -> s.AcceptanceOut:
    """A panel expert declares conflicts of interest; a conflict recuses them."""
    acceptance.declare(ctx, principal, agreement_id, body)
    return acceptance.read(ctx, principal, agreement_id)


@router.put(
    "/agreements/{agreement_id}/acceptance/scores",
    response_model=s.AcceptanceOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def acceptance_scores(ctx: Ctx, principal: ExpertUser, agreement_id: str, body: s.AcceptanceScores) -> s.AcceptanceOut:
    """A panel expert's verdict on each committed indicator: achieved or not, with a note."""
    acceptance.score(ctx, principal, agreement_id, body)
    return acceptance.read(ctx, principal, agreement_id)


@router.post(
    "/agreements/{agreement_id}/acceptance/decision",
    response_model=s.AcceptanceOut,
    responses=problem_responses(401, 404, 409, 422),
)
def acceptance_decision(
    ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.AcceptanceDecision
) -> s.AcceptanceOut:
    """A government reviewer decides once the panel is done: passed (completed, the acceptance
    tranche released), rectification (back in progress, resubmit by a date), or failed (the
    remaining tranches withheld, the reason published in the audit chain)."""
    acceptance.decide(ctx, principal, agreement_id, body)
    return acceptance.read(ctx, principal, agreement_id)


@router.get(
    "/agreements/{agreement_id}/acceptance/documents/{index}",
    responses=problem_responses(401, 404),
)
def acceptance_document(
    ctx: Ctx,
    principal: CurrentUser,
    agreement_id: str,
    index: int,
    inline: Annotated[bool, Query(description="a PDF or image is shown in the browser rather than saved")] = False,
) -> Response:
    return _file(acceptance.document(ctx, principal, agreement_id, index), inline)


# --- the public record of delivery (decision 0112) -----------------------------------------------


@router.get(
    "/challenges/{challenge_id}/delivery",
    response_model=list[s.AgreementDeliveryOut],
    tags=["challenges"],
    responses=problem_responses(404),
)
def delivery(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.AgreementDeliveryOut]:
    """执行公示: each signed agreement's public timeline — signed, milestones assessed (with the note),
    tranches released (万元), the acceptance's result (with the reason) — to whoever may read the
    challenge. A draft or unsigned agreement is not part of it."""
    return public.timeline(ctx, readable(ctx.session, challenge_id, principal))


@router.get("/delivery/stats", response_model=s.DeliveryStats, tags=["stats"])
def delivery_stats(ctx: Ctx) -> s.DeliveryStats:
    """The dashboard's delivery funnel (awarded → signed → in progress → accepted / failed) and funds
    committed vs released (万元) by 七端 and district, over published challenges only."""
    return public.stats(ctx)
