"""Demo organisations and accounts (`python -m gateway.seed`); re-running keeps existing data."""

from __future__ import annotations

import sys

from sqlalchemy import select

from demo.accounts import DEFAULT_DEMO_PASSWORD, ORG_BY_KEY, ORGS, USERS
from gateway.auth.passwords import make_hasher
from gateway.config import Settings
from gateway.membership.rules import MEMBER_ROLE
from gateway.models import Membership, Organisation, User
from kit.clock import SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.secretfiles import env_value


def demo_password(settings: Settings) -> str:
    password = env_value("DEMO_PASSWORD")
    if password:
        return password
    if not settings.relaxed:
        raise SystemExit("DEMO_PASSWORD must be set outside APP_ENV=dev|sandbox|test")
    return DEFAULT_DEMO_PASSWORD


def seed(settings: Settings) -> int:
    """Create whatever demo rows are missing; returns how many accounts were created."""
    engine = make_engine(settings.resolved_database_url("gateway"))
    hasher = make_hasher(settings.app_env)
    password = demo_password(settings)
    now = SystemClock().now()
    created = 0
    with make_sessionmaker(engine).begin() as session:
        for org in ORGS:
            if session.get(Organisation, org.id) is None:
                session.add(
                    Organisation(
                        id=org.id,
                        kind=org.kind,
                        name=org.name,
                        credit_code=org.credit_code,
                        district=org.district,
                        status="active",
                        created_at=now,
                        verified_at=now,
                    )
                )
        session.flush()
        for demo in USERS:
            if session.scalar(select(User.id).where(User.username == demo.username)):
                continue
            session.add(
                User(
                    id=demo.id,
                    username=demo.username,
                    display_name=demo.display_name,
                    password_hash=hasher.hash(password),
                    status="active",
                    created_at=now,
                )
            )
            session.flush()
            for role in demo.roles:
                org = ORG_BY_KEY[demo.org_key]
                # Each enterprise's and vendor's demo account registered it, and so administers it.
                admin = MEMBER_ROLE.get(org.kind) == role
                session.add(
                    Membership(user_id=demo.id, organisation_id=org.id, role=role, org_admin=admin, created_at=now)
                )
            created += 1
    engine.dispose()
    return created


def main() -> int:
    created = seed(Settings())
    print(f"gateway: {created} demo accounts created ({len(USERS) - created} already present)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
