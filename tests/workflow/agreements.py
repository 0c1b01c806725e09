"""Shared steps of the tests after the award (issue 17): an agreement drafted, edited, signed; evidence
to report; the scheduler run at a Beijing hour; the notifications a user got; acceptance submitted,
judged by a panel and decided."""

from __future__ import annotations

import base64
from datetime import date, datetime, time, timedelta
from typing import Any

from demo.accounts import USER_BY_NAME
from kit.clock import SHANGHAI
from tests.workflow.factories import Api


def awarded(api: Api, **challenge: Any) -> str:
    """A challenge (`challenge` for its body) vendor1 has won over vendor2."""
    return api.awarded(vendors=("vendor1", "vendor2"), **challenge)


def drafted(api: Api) -> tuple[str, dict[str, Any]]:
    cid = awarded(api)
    agreements = api.ok(api.post(f"/challenges/{cid}/agreements", "ent1"))
    assert len(agreements) == 1
    return cid, agreements[0]


def edit(api: Api, ag: dict[str, Any], user: str, **change: Any) -> Any:
    content = {**ag["content"], **change}
    return api.client.put(
        f"/agreements/{ag['id']}", headers=api.h(user, **{"If-Match": f'"{ag["version"]}"'}), json=content
    )


def sign(api: Api, ag: dict[str, Any]) -> dict[str, Any]:
    """Proposed by the owner, then signed by the winner and the owner."""
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    for user in ("vendor1", "ent1"):
        ag = api.ok(api.post(f"/agreements/{ag['id']}/sign", user, json={"content_sha256": ag["content_sha256"]}))
    return ag


def signed(api: Api) -> dict[str, Any]:
    _, ag = drafted(api)
    ag = sign(api, ag)
    assert ag["status"] == "signed"
    return ag


def evidence(name: str, text: str, content_type: str = "application/pdf") -> dict[str, str]:
    return {"name": name, "content_type": content_type, "content_base64": base64.b64encode(text.encode()).decode()}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def with_holidays(api: Api, deadline: date) -> None:
    """The five days before `deadline`: two holidays in the middle, so 3 working days before is 5 days."""
    for back, workday in ((1, True), (2, False), (3, False), (4, True), (5, True), (6, True)):
        day = (deadline - timedelta(days=back)).isoformat()
        api.ok(api.put(f"/calendar/overrides/{day}", "admin", json={"is_workday": workday, "note": "测试"}))


def titles(api: Api, user: str, fragment: str) -> list[str]:
    return [n["title"] for n in api.ok(api.get("/notifications", user)) if fragment in n["title"]]


def signing_due(api: Api) -> tuple[str, dict[str, Any], date]:
    """An agreement up for signing whose deadline is ten days ahead, signed by the winner only."""
    cid, ag = drafted(api)
    deadline = datetime.fromisoformat(ag["updated_at"]).astimezone(SHANGHAI).date() + timedelta(days=10)
    with_holidays(api, deadline)
    ag = api.ok(edit(api, ag, "ent1", sign_by=deadline.isoformat()))
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    api.ok(api.post(f"/agreements/{ag['id']}/sign", "vendor1", json={"content_sha256": ag["content_sha256"]}))
    return cid, ag, deadline


# --- acceptance (decision 0106) ---

METRIC = "缺陷检出率"


def in_progress(api: Api) -> dict[str, Any]:
    """A signed agreement whose mid-term milestone is met: only the acceptance is left."""
    ag = signed(api)
    base = f"/agreements/{ag['id']}/milestones/mid"
    api.ok(api.post(f"{base}/report", "vendor1", json={"summary": "中期进展"}))
    api.ok(api.post(f"{base}/assessment", "ent1", json={"outcome": "met"}))
    return ag


def submit(api: Api, ag: dict[str, Any]) -> Any:
    body = {
        "summary": "项目完成，检出率 99.8%",
        "deliverables": ["检测系统一套", "技术文档"],
        "documents": [evidence("结题报告.pdf", "%PDF final report")],
    }
    return api.post(f"/agreements/{ag['id']}/acceptance", "vendor1", json=body)


def judged(api: Api, ag: dict[str, Any], *, achieved: bool, expert: str = "expert2") -> dict[str, Any]:
    base = f"/agreements/{ag['id']}/acceptance"
    api.ok(api.post(f"{base}/experts", "gov1", json={"user_ids": [USER_BY_NAME[expert].id]}))
    api.ok(api.post(f"{base}/coi", expert, json={}))
    verdicts = [{"metric": METRIC, "achieved": achieved, "note": "现场测试"}]
    result: dict[str, Any] = api.ok(api.put(f"{base}/scores", expert, json={"verdicts": verdicts}))
    return result


def decide(api: Api, ag: dict[str, Any], outcome: str, **extra: Any) -> Any:
    body = {"outcome": outcome, "reason": f"验收结论：{outcome}", **extra}
    return api.post(f"/agreements/{ag['id']}/acceptance/decision", "gov1", json=body)
