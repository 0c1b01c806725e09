"""Small typed helpers that drive the API the way the three roles would, and the stand-in for matching's
event endpoint that workflow's outbox relay delivers to."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from jsonschema import Draft4Validator

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from demo.tokens import auth_headers
from kit.clock import ManualClock
from kit.http import ServiceClient
from kit.outbox import Backoff, OutboxRelay
from workflow.clients.matching import matching_deliverer
from workflow.events.deadletter import DeadLetters
from workflow.models import OutboxEvent

V1, V2, V3 = (ORG_BY_KEY[k].name for k in ("vendor1", "vendor2", "vendor3"))
# What every expert gives each applicant in `Api.reviewed`: vendor1 ranks first (86), vendor2 second (78).
SCORES = {V1: {"tech": 90, "team": 80}, V2: {"tech": 70, "team": 90}, V3: {"tech": 60, "team": 60}}

# A year's holidays as an admin imports them (the calendar's source notice, and 1 January 2027).
SOURCE_2027 = {"source_title": "国务院办公厅关于2027年部分节假日安排的通知（测试）", "source_date": "2026-11-05"}
NEW_YEAR_2027 = [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]


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

    # --- the walk to an award: each step starts where the one before it ends -----------------
    def in_review(self, vendors: tuple[str, ...] = ("vendor1", "vendor2", "vendor3"), **overrides: Any) -> str:
        """An open challenge (`overrides` for its body) with an application from each of `vendors`, past
        its deadline, every application eligible, in expert review with no expert appointed yet."""
        cid = self.open_challenge(**overrides)
        for vendor in vendors:
            self.apply(cid, vendor)
        self.pass_deadline(cid)
        assert self.ok(self.get(f"/challenges/{cid}", "gov1"))["status"] == "qualification"
        self.qualify_all(cid)
        assert self.ok(self.act(cid, "start_review", "gov1"))["status"] == "expert_review"
        return cid

    def reviewed(
        self,
        vendors: tuple[str, ...] = ("vendor1", "vendor2", "vendor3"),
        experts: tuple[str, ...] = ("expert1", "expert2"),
        scores: Mapping[str, Mapping[str, float]] = SCORES,
        **overrides: Any,
    ) -> str:
        """`in_review`, then `experts` appointed and every assignment scored: ready to recommend."""
        cid = self.in_review(vendors, **overrides)
        self.review(cid, experts, scores)
        return cid

    def end_publicity(self, cid: str) -> None:
        """The clock past the end of the challenge's 公示, and the scheduler run."""
        ends = datetime.fromisoformat(self.ok(self.get(f"/challenges/{cid}"))["publicity_ends_at"])
        self.clock.set(ends + timedelta(seconds=1))
        self.tick()

    def awarded(self, vendors: tuple[str, ...] = ("vendor1", "vendor2", "vendor3"), **overrides: Any) -> str:
        """`reviewed`, recommended, the award approved and its 公示 over: vendor1 has won."""
        cid = self.reviewed(vendors, **overrides)
        assert self.ok(self.act(cid, "recommend", "gov1"))["status"] == "award_approval"
        assert self.ok(self.act(cid, "approve_award", "gov2"))["status"] == "publicity"
        self.end_publicity(cid)
        assert self.ok(self.get(f"/challenges/{cid}"))["status"] == "awarded"
        return cid


class Matching:
    """The edge of the system: matching's /internal/events as an httpx transport, up or down."""

    def __init__(self) -> None:
        self.up = False
        self.applied: dict[str, dict[str, Any]] = {}
        self.calls = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if not self.up:
            raise httpx.ConnectError("matching is down", request=request)
        assert request.headers["authorization"].startswith("Bearer ")
        event = json.loads(request.content)
        self.applied.setdefault(event["id"], event)
        return httpx.Response(200, json={"applied": True})


def matching_relay(app: FastAPI, matching: Matching, dead_letters: DeadLetters | None = None) -> OutboxRelay:
    """The app's outbox relay delivering to `matching` with no wait between attempts; through
    `dead_letters` (which then decides when to give up) when given."""
    client = ServiceClient(
        caller="workflow",
        base_url="http://matching",
        tokens=app.state.tokens,
        clock=app.state.clock,
        transport=httpx.MockTransport(matching.handler),
    )
    deliver = matching_deliverer(client)
    return OutboxRelay(
        app.state.sessionmaker,
        OutboxEvent,
        dead_letters.wrap(deliver) if dead_letters else deliver,
        app.state.clock,
        batch=500,
        backoff=Backoff(base=0.0, cap=0.0, jitter=0.0),
        # Past its own limit of attempts the relay stops; with dead letters, they decide when to give up.
        stop_after=1000 if dead_letters else 3,
    )


DEAD_LETTER_ATTEMPTS = 3


def dead_letter_relay(app: FastAPI, matching: Matching) -> tuple[OutboxRelay, DeadLetters]:
    """A relay whose events are dead-lettered after DEAD_LETTER_ATTEMPTS failed deliveries."""
    dead = DeadLetters(app.state.sessionmaker, app.state.clock, DEAD_LETTER_ATTEMPTS)
    return matching_relay(app, matching, dead), dead


def ocds_valid(validator: Draft4Validator, package: dict[str, Any]) -> None:
    """`package` validates against the OCDS schema (the `validator` fixture), or the errors are listed."""
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
