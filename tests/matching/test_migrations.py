from __future__ import annotations

from pathlib import Path

from kit.migrate import check, downgrade, upgrade
from tests.support.databases import fresh_database_url


def test_upgrade_check_downgrade_upgrade(tmp_path: Path) -> None:
    url = fresh_database_url("matching_migrations", str(tmp_path))
    upgrade("matching", url)
    check("matching", url)
    downgrade("matching", url)
    upgrade("matching", url)
    check("matching", url)
