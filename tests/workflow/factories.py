"""Small typed helpers that drive the API the way the three roles would."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from demo.accounts import ORG_BY_KEY
from demo.tokens import auth_headers
from kit.clock import ManualClock


def challenge_body(now: datetime, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "锂电池极片表面缺陷在线检测",
        "summary": "面向锂电池极片产线，实现漏涂、划痕、褶皱等缺陷的在线视觉检测。",
        "description": "产线速度 80 米/分钟，要求在线实时检测并与 MES 联动。",
        "indicators": [{"metric": "缺陷检出率", "target": "≥99.5", "unit": "%", "verification": "现场测试"}],
        "deliverables": ["检测系统一套", "技术文档"],
        "reward_amount": 200,
        "funding_source": "企业自筹+视谷专项",
        "eligibility": {
            "required_qualifications": ["高新技术企业"],
            "allowed_districts": ["滨江区", "萧山区", "余杭区", "钱塘区"],
            "consortium_allowed": True,
            "consortium_max_members": 3,
            "applications_per_org": 1,
        },
        "layer_tags": ["技术层"],
        "end_tags": ["工业视觉"],
        "scenario_domain": "工业",
        "criteria": [
            {"id": "tech", "name": "技术方案", "weight": 60, "min_score": 0, "max_score": 100},
            {"id": "team", "name": "团队能力", "weight": 40, "min_score": 0, "max_score": 100},
        ],
        "mode": "jiebang",
        "max_winners": 1,
        "min_applications": 1,
        "publicity_working_days": 5,
        "application_deadline": (now + timedelta(days=20)).isoformat(),
    }
    body.update(overrides)
    return body


def application_body(org_key: str, **overrides: Any) -> dict[str, Any]:
    org = ORG_BY_KEY[org_key]
    body: dict[str, Any] = {
        "lead": {"org_name": org.name, "credit_code": org.credit_code, "district": org.district},
        "project_leader": {"name": "张工", "title": "技术总监"},
        "qualifications": [{"label": "高新技术企业", "level": "国家级"}],
        "commitments": [{"metric": "缺陷检出率", "value": "99.7%"}],
        "plan": "三个月完成样机，六个月完成产线部署。",
        "budget": {"total": 180, "items": [{"item": "设备", "amount": 100}]},
        "declarations": {"truthful": True, "no_collusion": True},
        "documents": [
            {
                "name": "方案.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(f"%PDF sealed plan of {org_key}".encode()).decode(),
            }
        ],
    }
    body.update(overrides)
    return body


class Api:
    def __init__(self, client: TestClient, app: FastAPI, clock: ManualClock) -> None:
        self.client = client
        self.app = app
        self.clock = clock

    def h(self, user: str | None, **extra: str) -> dict[str, str]:
        headers = auth_headers(self.app.state.tokens, user, self.clock.now()) if user else {}
        return {**headers, **extra}

    def get(self, path: str, user: str | None = None, **kw: Any) -> Response:
        return cast(Response, self.client.get(path, headers=self.h(user), **kw))

    def post(self, path: str, user: str | None, json: Any = None, headers: dict[str, str] | None = None) -> Response:
        return cast(Response, self.client.post(path, headers={**self.h(user), **(headers or {})}, json=json))

    def put(self, path: str, user: str | None, json: Any = None) -> Response:
        return cast(Response, self.client.put(path, headers=self.h(user), json=json))

    def patch(self, path: str, user: str | None, json: Any, if_match: str | None = None) -> Response:
        headers = self.h(user, **({"If-Match": if_match} if if_match else {}))
        return cast(Response, self.client.patch(path, headers=headers, json=json))

    def act(self, cid: str, action: str, user: str, **body: Any) -> Response:
        return self.post(f"/challenges/{cid}/actions/{action}", user, json=body or None)

    def ok(self, response: Response, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    def tick(self) -> int:
        done: int = self.app.state.scheduler.run_once()
        return done

    # --- whole steps -------------------------------------------------------------------------
    def draft(self, owner: str = "ent1", **overrides: Any) -> str:
        body = challenge_body(self.clock.now(), **overrides)
        cid: str = self.ok(self.post("/challenges", owner, json=body), 201)["id"]
        return cid

    def open_challenge(self, owner: str = "ent1", **overrides: Any) -> str:
        cid = self.draft(owner, **overrides)
        self.ok(self.act(cid, "submit", owner))
        assert self.ok(self.act(cid, "approve", "gov1"))["status"] == "open"
        return cid

    def apply(self, cid: str, vendor: str, **overrides: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ok(
            self.post(f"/challenges/{cid}/applications", vendor, json=application_body(vendor, **overrides)), 201
        )
        return result

    def pass_deadline(self, cid: str) -> None:
        deadline = datetime.fromisoformat(self.ok(self.get(f"/challenges/{cid}", "gov1"))["application_deadline"])
        self.clock.set(deadline + timedelta(seconds=1))
        self.tick()

    def qualify_all(self, cid: str, result: str = "eligible") -> list[dict[str, Any]]:
        apps: list[dict[str, Any]] = self.ok(self.get(f"/challenges/{cid}/applications", "gov1"))
        for a in apps:
            self.ok(self.post(f"/applications/{a['id']}/qualification", "gov1", json={"result": result}))
        return apps

    def review(self, cid: str, experts: tuple[str, ...], scores: Mapping[str, Mapping[str, float]]) -> None:
        """`scores` maps vendor org name -> criterion scores, given by every expert."""
        from demo.accounts import USER_BY_NAME

        self.ok(
            self.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": [USER_BY_NAME[e].id for e in experts]})
        )
        for expert in experts:
            self.ok(self.post(f"/challenges/{cid}/coi", expert, json={"conflicts": []}))
            for a in self.ok(self.get("/assignments?mine=true", expert)):
                if a["challenge_id"] == cid and a["status"] == "assigned":
                    self.ok(
                        self.put(
                            f"/assignments/{a['id']}/scores",
                            expert,
                            json={"scores": scores[a["applicant_name"]], "comment": "评审意见"},
                        )
                    )
