"""Real test databases: `TEST_DB=postgres` runs the suite on PostgreSQL, SQLite otherwise; each session
gets brand-new databases, emptied between tests."""

from __future__ import annotations

import atexit
import itertools
import os

from sqlalchemy import MetaData, create_engine, text

from kit.db import is_sqlite, normalise_url

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def database_backend() -> str:
    """`TEST_DB=postgres` runs the suite on PostgreSQL; SQLite otherwise."""
    return os.environ.get("TEST_DB", "sqlite")


_SERIAL = itertools.count(1)


def fresh_database_url(name: str, tmp_dir: str) -> str:
    """A brand-new empty database named after the test session and worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if database_backend() == "postgres":
        # The run id keeps two test runs on one server (a developer's and CI's) out of each other's way.
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"p{os.getpid()}")[:8]
        # A counter per process: two fixtures asking for the same name in one worker must not
        # drop each other's database (DROP ... WITH (FORCE) ends the first one's connections).
        serial = next(_SERIAL)
        dbname = f"shigu_test_{name}_{worker}_{run}_{serial}".lower()
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{dbname}"'))
        admin.dispose()
        atexit.register(_drop_database, dbname)
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{dbname}"
    return f"sqlite:///{tmp_dir}/{name}_{worker}.db"


def _drop_database(dbname: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    except Exception:  # best effort at interpreter exit; a leftover test database is harmless
        pass
    finally:
        admin.dispose()


def empty_tables(url: str, metadata: MetaData) -> None:
    engine = create_engine(normalise_url(url))
    names = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if is_sqlite(url):
            for name in names:
                conn.execute(text(f'DELETE FROM "{name}"'))
        elif names:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
