"""An OCDS 1.1.5 release package for a published challenge; bids (extension) after the award, and the
contracts of the signed agreements, one release per change (opendata/contracts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kit.money import yuan
from workflow.agreement import record
from workflow.application import repository as applications
from workflow.award.service import current
from workflow.challenge.lifecycle import AWARDED, CANCELLED, OPEN, PUBLICITY, UNSUCCESSFUL
from workflow.context import Context
from workflow.models import Challenge
from workflow.opendata import contracts

OCID_PREFIX = "ocds-sgx001"
BIDS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _tender_status(ch: Challenge) -> str:
    if ch.status == OPEN:
        return "active"
    if ch.status == CANCELLED:
        return "cancelled"
    if ch.status == UNSUCCESSFUL:
        return "unsuccessful"
    if ch.status == AWARDED:
        return "complete"
    return "active"


def release_package(ctx: Context, ch: Challenge, base_url: str) -> dict[str, Any]:
    now = ctx.now()
    ocid = f"{OCID_PREFIX}-{ch.id}"
    buyer = {"id": ch.owner_org_id, "name": ch.owner_org_name}
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    tender: dict[str, Any] = {
        "id": ch.id,
        "title": ch.title,
        "description": ch.summary or ch.description[:500],
        "status": _tender_status(ch),
        "procurementMethod": "open",
        "procurementMethodDetails": "揭榜挂帅" + ("（赛马制）" if ch.mode == "horse_race" else ""),
        "mainProcurementCategory": "services",
        "procuringEntity": buyer,
        "tenderPeriod": {
            k: v for k, v in (("startDate", _iso(ch.published_at)), ("endDate", _iso(ch.application_deadline))) if v
        },
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(f"{c['name']} {c['weight']}%" for c in ch.criteria),
    }
    if ch.reward_amount is not None:
        tender["value"] = {"amount": yuan(ch.reward_amount), "currency": "CNY"}
    tags = ["tender"]
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{ch.version}",
        "date": now.isoformat(),
        "tag": tags,
        "initiationType": "tender",
        "language": "zh",
        "buyer": buyer,
        "tender": tender,
    }
    if ch.opened_at is not None:
        valid = applications.for_challenge(
            ctx.session, ch.id, ("opened", "eligible", "ineligible", "fixup", "recommended", "awarded", "not_awarded")
        )
        tender["numberOfTenderers"] = len(valid)
    awards = current(ctx, ch, ("approved",)) if ch.status in (PUBLICITY, AWARDED) else []
    if awards:
        tags.append("award")
        release["awards"] = []
        for a in awards:
            parties.append({"id": a.org_id, "name": a.org_name, "roles": ["supplier", "tenderer"]})
            release["awards"].append(
                {
                    "id": a.id,
                    "title": f"揭榜单位：{a.org_name}",
                    "status": "active" if ch.status == AWARDED else "pending",
                    "date": _iso(a.created_at),
                    "suppliers": [{"id": a.org_id, "name": a.org_name}],
                    **(
                        {"value": {"amount": yuan(ch.reward_amount) / max(1, len(awards)), "currency": "CNY"}}
                        if ch.reward_amount is not None
                        else {}
                    ),
                }
            )
    extensions = []
    if ch.status == AWARDED:
        apps = applications.for_challenge(ctx.session, ch.id, ("awarded", "not_awarded", "ineligible"))
        extensions.append(BIDS_EXTENSION)
        release["bids"] = {
            "details": [
                {
                    "id": a.id,
                    "date": _iso(a.submitted_at),
                    "status": "valid" if a.status != "ineligible" else "disqualified",
                    "tenderers": [{"id": a.org_id, "name": a.org_name}],
                }
                for a in apps
            ]
        }
        for app in apps:
            if all(p["id"] != app.org_id for p in parties):
                parties.append({"id": app.org_id, "name": app.org_name, "roles": ["tenderer"]})
    release["parties"] = parties
    package: dict[str, Any] = {
        "uri": f"{base_url}/challenges/{ch.id}/ocds",
        "version": "1.1",
        "publishedDate": now.isoformat(),
        "publisher": {"name": "中国视谷机会平台（视谷机会平台）"},
        # The tender and award as they stand, then one release per change after the award (decision 0112).
        "releases": [release, *contracts.releases(ocid, record.deliveries(ctx.session, ch.id))],
    }
    if extensions:
        package["extensions"] = extensions
    return package
