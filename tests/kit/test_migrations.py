"""Every service's history upgrades, matches its models and downgrades, on the test database."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from kit.db import normalise_url
from kit.migrate import MIGRATIONS_DIR, SERVICES, check, downgrade, upgrade
from tests.support.databases import fresh_database_url


@pytest.mark.parametrize("service", SERVICES)
def test_upgrade_check_downgrade_upgrade(service: str, tmp_path: Path) -> None:
    if not any((MIGRATIONS_DIR / service / "versions").glob("*.py")):
        pytest.fail(f"{service} has no migrations")
    url = fresh_database_url(f"mig_{service}", str(tmp_path))
    upgrade(service, url)
    check(service, url)  # raises when models and migrations drift apart
    engine = create_engine(normalise_url(url))
    tables = set(inspect(engine).get_table_names())
    assert tables - {"alembic_version"}, "head creates tables"
    downgrade(service, url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(service, url)
    engine.dispose()


def test_constraint_names_follow_the_convention(tmp_path: Path) -> None:
    url = fresh_database_url("mig_names", str(tmp_path))
    upgrade("gateway", url)
    engine = create_engine(normalise_url(url))
    insp = inspect(engine)
    assert insp.get_pk_constraint("users")["name"] == "pk_users"
    assert {u["name"] for u in insp.get_unique_constraints("users")} == {"uq_users_username"}
    fks = {fk["name"] for fk in insp.get_foreign_keys("memberships")}
    assert "fk_memberships_user_id_users" in fks
    engine.dispose()
