"""Demo data: challenges in every main state, in Chinese, driven through the API the way users would.
The challenges are the rows of demo_data/challenges.json.

    python -m workflow.seed

Idempotent: a scenario whose challenge (by title) already exists is skipped. Past scenarios run on a
manual clock set in the past, so audit trails, receipts and 公示 dates read like a real history.
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from fastapi.testclient import TestClient
from pydantic import model_validator
from sqlalchemy import select

from demo.accounts import ORG_BY_KEY, USER_BY_NAME, USERS
from demo.data import SeedRow, load
from demo.tokens import auth_headers
from kit.clock import ManualClock
from kit.migrate import upgrade
from workflow.app import create_app
from workflow.clients.gateway import DirectoryUser
from workflow.config import Settings
from workflow.models import Challenge

log = logging.getLogger("workflow.seed")
CRITERIA = [
    {"id": "tech", "name": "技术方案先进性与可行性", "weight": 40, "min_score": 0, "max_score": 100},
    {"id": "indicators", "name": "指标承诺与验证方式", "weight": 30, "min_score": 0, "max_score": 100},
    {"id": "team", "name": "团队能力与既往业绩", "weight": 20, "min_score": 0, "max_score": 100},
    {"id": "budget", "name": "经费预算合理性", "weight": 10, "min_score": 0, "max_score": 100},
]
DISTRICTS = ["滨江区", "萧山区", "余杭区", "钱塘区", "上城区", "拱墅区", "西湖区", "临平区"]


class IndicatorRow(SeedRow):
    metric: str
    target: str
    unit: str


class Scenario(SeedRow):
    """One demo challenge: the state it is driven to (`target`), its owner and the vendors who apply."""

    target: str
    owner: str
    title: str
    summary: str
    description: str
    end: str
    layer: str
    domain: str
    reward: int  # 万元
    indicators: list[IndicatorRow]
    applicants: tuple[str, ...]
    mode: str
    max_winners: int
    min_applications: int
    qualifications: list[str]
    # Decision 0107: `custodians` names demo users (usernames) who must open it together, any two of them.
    # Only a draft can be seeded so: its custodians make their opening keys in their own browsers
    # (decision 0110), so the demo walks the whole custodian flow from the owner's submission on.
    sealing: Literal["service", "custodians"]
    custodians: list[str]

    @model_validator(mode="after")
    def _custodians_only_for_a_draft(self) -> Scenario:
        if (self.sealing == "custodians") != bool(self.custodians):
            raise ValueError("custodians are named exactly when sealing is custodians")
        if self.custodians and self.target != "draft":
            raise ValueError(
                "a custodian-sealed demo challenge is a draft: its custodians make their keys in their browsers"
            )
        unknown = [c for c in self.custodians if c not in USER_BY_NAME]
        if unknown:
            raise ValueError(f"unknown demo users: {', '.join(unknown)}")
        return self


SCENARIOS = load(Path(__file__).resolve().parent / "demo_data" / "challenges.json", Scenario)


class Driver:
    def __init__(self, client: TestClient, clock: ManualClock) -> None:
        self.client, self.clock = client, clock
        self.tokens = client.app.state.tokens  # type: ignore[attr-defined]

    def call(self, method: str, path: str, user: str, json: Any = None, expect: int = 200) -> Any:
        headers = auth_headers(self.tokens, user, self.clock.now())
        response = self.client.request(method, path, headers=headers, json=json)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path} as {user}: {response.status_code} {response.text}")
        return response.json()

    def tick(self) -> None:
        self.client.app.state.scheduler.run_once()  # type: ignore[attr-defined]


def _body(s: Scenario, deadline: datetime) -> dict[str, Any]:
    return {
        "title": s.title,
        "summary": s.summary,
        "description": s.description,
        "indicators": [
            {"metric": i.metric, "target": i.target, "unit": i.unit, "verification": "第三方现场测试"}
            for i in s.indicators
        ],
        "deliverables": ["系统（或样机）一套", "技术报告与源代码", "现场测试报告"],
        "reward_amount": s.reward,
        "funding_source": "发榜单位自筹 + 中国视谷专项资金",
        "eligibility": {
            "required_qualifications": s.qualifications,
            "allowed_districts": DISTRICTS,
            "consortium_allowed": True,
            "consortium_max_members": 3,
            "applications_per_org": 1,
        },
        "layer_tags": [s.layer],
        "end_tags": [s.end],
        "scenario_domain": s.domain,
        "criteria": CRITERIA,
        "mode": s.mode,
        "max_winners": s.max_winners,
        "min_applications": s.min_applications,
        "publicity_working_days": 5,
        "application_deadline": deadline.isoformat(),
        "sealing": s.sealing,
        **(
            {"custodians": [USER_BY_NAME[c].id for c in s.custodians], "custodian_threshold": 2} if s.custodians else {}
        ),
    }


def _application(vendor: str, s: Scenario) -> dict[str, Any]:
    org = ORG_BY_KEY[vendor]
    doc = f"{org.name}《{s.title}》技术方案（演示文件）".encode()
    return {
        "lead": {"org_name": org.name, "credit_code": org.credit_code, "district": org.district},
        "consortium": [{"org_name": "浙江大学杭州国际科创中心", "role": "算法联合研发"}] if vendor == "vendor1" else [],
        "project_leader": {"name": USER_BY_NAME[vendor].display_name.split("（")[0], "title": "项目负责人"},
        "qualifications": [
            {"label": "高新技术企业", "level": "国家级"},
            {"label": "专精特新中小企业", "level": "省级"},
        ],
        "commitments": [{"metric": i.metric, "value": i.target} for i in s.indicators],
        "plan": "第一阶段（3个月）完成方案设计与样机；第二阶段（6个月）完成现场部署与联调；第三阶段完成验收测试。",
        "budget": {
            "total": s.reward * 0.9,
            "items": [{"item": "研发人员", "amount": s.reward * 0.5}, {"item": "设备与算力", "amount": s.reward * 0.4}],
        },
        "declarations": {"truthful": True, "no_collusion": True},
        "documents": [
            {
                "name": "技术方案.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(b"%PDF-1.4 " + doc).decode(),
            }
        ],
    }


ORDER = (
    "draft",
    "pending_approval",
    "open",
    "qualification",
    "expert_review",
    "award_approval",
    "publicity",
    "awarded",
)


def run_scenario(d: Driver, s: Scenario, now: datetime) -> None:
    past = ORDER.index(s.target) >= ORDER.index("qualification") if s.target in ORDER else s.target == "unsuccessful"
    start = now - timedelta(days=45 if past else 3)
    d.clock.set(start)
    deadline = start + timedelta(days=20) if past else now + timedelta(days=21)
    cid = d.call("POST", "/challenges", s.owner, _body(s, deadline), expect=201)["id"]
    if s.target == "draft":
        return
    d.call("POST", f"/challenges/{cid}/actions/submit", s.owner)
    if s.target == "pending_approval":
        return
    d.clock.advance(timedelta(hours=20))
    d.call("POST", f"/challenges/{cid}/actions/approve", "gov1")
    d.clock.advance(timedelta(days=1))
    q = d.call(
        "POST",
        f"/challenges/{cid}/questions",
        "vendor2",
        {"text": "是否接受联合体申报？现场测试数据由谁提供？"},
        expect=201,
    )
    d.call(
        "POST",
        f"/questions/{q['id']}/answer",
        s.owner,
        {"answer": "接受不超过3家单位的联合体；测试数据由发榜单位提供脱敏样本。"},
    )
    for i, vendor in enumerate(s.applicants):
        d.clock.advance(timedelta(hours=5 + i))
        d.call("POST", f"/challenges/{cid}/applications", vendor, _application(vendor, s), expect=201)
    if s.target == "cancelled":
        d.call(
            "POST",
            f"/challenges/{cid}/actions/cancel",
            s.owner,
            {"reason": "发榜单位业务调整，需求已由其他项目覆盖", "reason_code": "demand_changed"},
        )
        d.call("POST", f"/challenges/{cid}/actions/approve_cancellation", "gov2")
        return
    if s.target == "open":
        return
    d.clock.set(deadline + timedelta(seconds=1))
    d.tick()
    if s.target in ("qualification", "unsuccessful"):
        return
    d.clock.advance(timedelta(days=2))
    for app in d.call("GET", f"/challenges/{cid}/applications", "gov1"):
        d.call("POST", f"/applications/{app['id']}/qualification", "gov1", {"result": "eligible", "reason": "材料齐全"})
    d.call("POST", f"/challenges/{cid}/actions/start_review", "gov1")
    experts = ("expert1", "expert2", "expert3", "expert4")
    d.call("POST", f"/challenges/{cid}/experts", "gov1", {"user_ids": [USER_BY_NAME[e].id for e in experts]})
    for n, expert in enumerate(experts):
        d.call("POST", f"/challenges/{cid}/coi", expert, {"conflicts": []})
        if s.target == "expert_review" and n >= 2:
            continue
        for a in d.call("GET", "/assignments?mine=true", expert):
            if a["challenge_id"] != cid or a["status"] != "assigned":
                continue
            base = 92 - 6 * s.applicants.index(
                next(v for v in s.applicants if ORG_BY_KEY[v].name == a["applicant_name"])
            )
            scores = {c["id"]: float(base - n) for c in CRITERIA}
            d.call(
                "PUT",
                f"/assignments/{a['id']}/scores",
                expert,
                {"scores": scores, "comment": "方案完整，指标承诺可验证。"},
            )
    if s.target == "expert_review":
        return
    d.clock.advance(timedelta(days=3))
    d.call("POST", f"/challenges/{cid}/actions/recommend", "gov1", {"reason": "按专家评审加权排名推荐"})
    if s.target == "award_approval":
        return
    d.clock.advance(timedelta(days=1))
    d.call("POST", f"/challenges/{cid}/actions/approve_award", "gov2", {"reason": "同意推荐结果，予以公示"})
    if s.target == "publicity":
        return
    ends = d.call("GET", f"/challenges/{cid}", "gov1")["publicity_ends_at"]
    d.clock.set(datetime.fromisoformat(ends) + timedelta(minutes=1))
    d.tick()


class DemoDirectory:
    """The demo accounts, as the gateway's directory would answer for them: the seed runs before it starts."""

    def user(self, user_id: str) -> DirectoryUser | None:
        for u in USERS:
            if u.id == user_id:
                org = ORG_BY_KEY[u.org_key]
                return DirectoryUser(
                    id=u.id,
                    username=u.username,
                    display_name=u.display_name,
                    roles=list(u.roles),
                    org_id=org.id,
                    org_name=org.name,
                    org_kind=org.kind,
                    status="active",
                )
        return None


def seed(settings: Settings | None = None) -> list[str]:
    settings = settings or Settings()
    url = settings.resolved_database_url("workflow")
    upgrade("workflow", url)
    quiet = settings.model_copy(update={"scheduler_enabled": False, "relay_enabled": False})
    clock = ManualClock()
    app = create_app(quiet, clock)
    app.state.directory = DemoDirectory()
    now = datetime.now(UTC).replace(microsecond=0)
    created = []
    with TestClient(app) as client:
        factory = app.state.sessionmaker
        d = Driver(client, clock)
        for s in SCENARIOS:
            with factory() as session:
                if session.scalars(select(Challenge.id).where(Challenge.title == s.title)).first():
                    continue
            # 公示 must still be running today: that history is shifted so the approval was yesterday.
            run_scenario(d, s, now + timedelta(days=18) if s.target == "publicity" else now)
            created.append(f"{s.target}: {s.title}")
    return created


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    for line in seed():
        print("seeded", line)


if __name__ == "__main__":
    main()
