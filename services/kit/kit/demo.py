"""Demo identities shared by every service's demo seed: stable ids, so seeds agree without calls.

Only used by `make run` seeding and tests; never consulted by request handling.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

_NS = uuid.UUID("5b0c1f9e-6a43-4f0e-9d4c-2f1f3c9b7a10")
DEFAULT_DEMO_PASSWORD = "shigu-demo-2026"


def demo_id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    kind: str
    credit_code: str
    district: str

    @property
    def id(self) -> str:
        return demo_id(f"org:{self.key}")


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    org_key: str
    roles: tuple[str, ...]

    @property
    def id(self) -> str:
        return demo_id(f"user:{self.username}")


ORGS: tuple[DemoOrg, ...] = (
    DemoOrg("operator", "中国视谷机会平台运营中心", "operator", "91330100212320292G", "滨江区"),
    DemoOrg("gov", "杭州市经济和信息化局（中国视谷建设专班）", "government", "11330100552360012E", "上城区"),
    DemoOrg("ent1", "杭州视界智造科技有限公司", "enterprise", "913301087637580718", "滨江区"),
    DemoOrg("ent2", "萧山城市运行管理服务有限公司", "enterprise", "91330109878578062F", "萧山区"),
    DemoOrg("vendor1", "杭州澄光视觉科技有限公司", "vendor", "91330108665477348D", "滨江区"),
    DemoOrg("vendor2", "杭州湘湖智感科技有限公司", "vendor", "91330109162676193Q", "萧山区"),
    DemoOrg("vendor3", "杭州良渚芯视半导体有限公司", "vendor", "91330110435032992K", "余杭区"),
    DemoOrg("vendor4", "杭州钱塘医影智能有限公司", "vendor", "91330114598353002R", "钱塘区"),
    DemoOrg("experts", "中国视谷产业专家委员会", "operator", "913301066968365857", "西湖区"),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "平台管理员", "operator", ("admin",)),
    DemoUser("ent1", "王敏（视界智造）", "ent1", ("enterprise",)),
    DemoUser("ent2", "陈立（萧山城运）", "ent2", ("enterprise",)),
    DemoUser("vendor1", "李航（澄光视觉）", "vendor1", ("vendor",)),
    DemoUser("vendor2", "赵静（湘湖智感）", "vendor2", ("vendor",)),
    DemoUser("vendor3", "周宁（良渚芯视）", "vendor3", ("vendor",)),
    DemoUser("vendor4", "吴越（钱塘医影）", "vendor4", ("vendor",)),
    DemoUser("expert1", "孙教授", "experts", ("expert",)),
    DemoUser("expert2", "钱研究员", "experts", ("expert",)),
    DemoUser("expert3", "郑高工", "experts", ("expert",)),
    # Affiliated with a vendor: the conflict-of-interest rules must recuse this expert.
    DemoUser("expert4", "冯工程师（湘湖智感）", "vendor2", ("expert",)),
    DemoUser("gov1", "刘处长", "gov", ("gov_reviewer",)),
    DemoUser("gov2", "黄科长", "gov", ("gov_reviewer",)),
    # 监督人 (纪检/audit): an opening custodian beside the two reviewers (decision 0107).
    DemoUser("super1", "何监督（纪检）", "gov", ("supervisor",)),
)

ORG_BY_KEY = {o.key: o for o in ORGS}
USER_BY_NAME = {u.username: u for u in USERS}
