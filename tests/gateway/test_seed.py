"""The gateway's demo seed writes the organisations and accounts of the demo data files, and no others."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from demo.accounts import ORG_BY_KEY, ORGS, USERS
from gateway.config import Settings
from gateway.models import Membership, Organisation, User
from gateway.seed import seed


def test_seeded_rows_are_the_data_files(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    with Session(engine) as session:
        orgs = {(o.id, o.kind, o.name, o.credit_code, o.district) for o in session.scalars(select(Organisation))}
        users = {(u.id, u.username, u.display_name) for u in session.scalars(select(User))}
        roles = {(m.user_id, m.organisation_id, m.role) for m in session.scalars(select(Membership))}
    engine.dispose()
    assert orgs == {(o.id, o.kind, o.name, o.credit_code, o.district) for o in ORGS}
    assert users == {(u.id, u.username, u.display_name) for u in USERS}
    assert roles == {(u.id, ORG_BY_KEY[u.org_key].id, role) for u in USERS for role in u.roles}
    assert seed(settings) == 0  # a second run keeps what is there
