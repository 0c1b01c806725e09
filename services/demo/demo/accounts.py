"""Demo organisations and accounts shared by every service's demo seed: stable ids, so the seeds agree
without calls. The rows are in organisations.json and users.json; expert4 belongs to vendor2 (湘湖智感), so
the conflict-of-interest rules must recuse that expert from vendor2's applications."""

from __future__ import annotations

import uuid
from pathlib import Path

from demo.data import SeedRow, load

_NS = uuid.UUID("5b0c1f9e-6a43-4f0e-9d4c-2f1f3c9b7a10")
DEFAULT_DEMO_PASSWORD = "shigu-demo-2026"
DATA_DIR = Path(__file__).resolve().parent


def demo_id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


class DemoOrg(SeedRow):
    key: str
    name: str
    kind: str
    credit_code: str
    district: str

    @property
    def id(self) -> str:
        return demo_id(f"org:{self.key}")


class DemoUser(SeedRow):
    username: str
    display_name: str
    org_key: str
    roles: tuple[str, ...]

    @property
    def id(self) -> str:
        return demo_id(f"user:{self.username}")


ORGS = load(DATA_DIR / "organisations.json", DemoOrg)
USERS = load(DATA_DIR / "users.json", DemoUser)
ORG_BY_KEY = {o.key: o for o in ORGS}
USER_BY_NAME = {u.username: u for u in USERS}
