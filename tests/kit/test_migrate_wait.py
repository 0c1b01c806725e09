"""`python -m kit.migrate … --wait N`: on a deployment's first start the database may not accept
connections yet when the migrate step begins (the PostgreSQL image initialises on its socket only, and
creates the services' databases last); migrate waits for it instead of failing the whole start."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from kit.db import normalise_url
from kit.migrate import main
from tests.support.databases import PG_ADMIN_URL, fresh_database_url
from tests.support.databases import database_backend as backend


def database_that_appears_later(tmp_path: Path) -> tuple[str, Callable[[], None]]:
    """A URL whose database does not exist yet, and what makes it exist."""
    if backend() == "postgres":
        url = fresh_database_url("mig_wait", str(tmp_path))
        name = url.rsplit("/", 1)[1]
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

        def create() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()

        return url, create
    directory = tmp_path / "not-yet"
    return f"sqlite:///{directory}/gateway.db", lambda: directory.mkdir()


def test_migrate_waits_for_a_database_that_is_not_there_yet(tmp_path: Path) -> None:
    url, create = database_that_appears_later(tmp_path)
    later = threading.Timer(1.5, create)
    later.start()
    started = time.monotonic()
    try:
        assert main(["gateway", "upgrade", "head", "--url", url, "--wait", "30"]) == 0
    finally:
        later.join()
    assert time.monotonic() - started >= 1.5
    engine = create_engine(normalise_url(url))
    assert "users" in inspect(engine).get_table_names()
    engine.dispose()


def test_migrate_gives_up_after_the_wait(tmp_path: Path) -> None:
    url, _create = database_that_appears_later(tmp_path)
    started = time.monotonic()
    with pytest.raises(OperationalError):
        main(["gateway", "upgrade", "head", "--url", url, "--wait", "2"])
    assert 1.0 <= time.monotonic() - started < 10
