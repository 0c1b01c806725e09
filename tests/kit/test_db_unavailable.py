"""A database that cannot be reached answers 503 problem+json with Retry-After, never 500 and never a hang."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from kit.app import create_service_app
from kit.db import CONNECT_TIMEOUT, DbSession, make_engine
from tests.support.databases import PG_ADMIN_URL, fresh_database_url
from tests.support.databases import database_backend as database_backend
from tests.support.upstream import free_port


def connect_parameters(url: str, **kwargs: Any) -> dict[str, Any]:
    """What the engine hands psycopg when it connects (to a port where nothing listens)."""
    engine = make_engine(url, **kwargs)
    seen: dict[str, Any] = {}

    @event.listens_for(engine, "do_connect")
    def _capture(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        seen.update(cparams)

    with pytest.raises(OperationalError):
        engine.connect()
    engine.dispose()
    return seen


def test_postgres_connections_time_out_unless_the_url_or_the_caller_says_otherwise() -> None:
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/nothing"
    assert connect_parameters(url)["connect_timeout"] == CONNECT_TIMEOUT
    assert connect_parameters(url + "?connect_timeout=9")["connect_timeout"] == "9"
    assert connect_parameters(url, connect_args={"connect_timeout": 7})["connect_timeout"] == 7


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts TCP connections (the kernel does) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


def test_a_server_that_never_answers_fails_the_connection_within_the_timeout(silent_server: int) -> None:
    engine = make_engine(f"postgresql://nobody@127.0.0.1:{silent_server}/nothing?connect_timeout=2")
    started = time.monotonic()
    with pytest.raises(OperationalError, match="timeout"):
        engine.connect()
    assert time.monotonic() - started < 4
    engine.dispose()


router = APIRouter()


@router.get("/closed")
def closed_connection() -> None:
    raise InterfaceError("SELECT 1", {}, Exception("the connection is closed"), connection_invalidated=True)


@router.get("/pool-exhausted")
def pool_exhausted() -> None:
    raise PoolTimeout("QueuePool limit of size 10 overflow 20 reached, connection timed out")


@router.get("/constraint")
def broken_constraint() -> None:
    raise IntegrityError("INSERT ...", {}, Exception("duplicate key value violates unique constraint"))


@pytest.mark.parametrize("path", ["/closed", "/pool-exhausted"])
def test_lost_connections_and_an_exhausted_pool_are_503_with_retry_after(path: str) -> None:
    client = TestClient(create_service_app("probe", engine=None, routers=[router]), raise_server_exceptions=False)
    response = client.get(path)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "2"
    assert response.json()["type"] == "https://shigu.example/problems/database-unavailable"


def test_other_driver_errors_are_still_500_without_internals() -> None:
    client = TestClient(create_service_app("probe", engine=None, routers=[router]), raise_server_exceptions=False)
    response = client.get("/constraint")
    assert response.status_code == 500
    assert response.json()["type"] == "https://shigu.example/problems/internal-error"
    assert "duplicate" not in response.text


@pytest.mark.skipif(database_backend() != "postgres", reason="needs TEST_DB=postgres")
def test_a_commit_that_loses_its_connection_is_503_and_stores_nothing(tmp_path: Path) -> None:
    url = fresh_database_url("kitcommit", str(tmp_path))
    engine = make_engine(url)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (body text)"))
    commits = APIRouter()

    @commits.post("/notes")
    def write(session: DbSession) -> dict[str, int]:
        session.execute(text("INSERT INTO notes VALUES ('lost')"))
        pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
        with admin.connect() as conn:  # the server ends the session before DbSession commits it
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return {"backend": pid}

    try:
        with TestClient(create_service_app("probe", engine=engine, routers=[commits])) as client:
            response = client.post("/notes")
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "2"
            assert response.json()["type"] == "https://shigu.example/problems/database-unavailable"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM notes")).scalar_one() == 0
    finally:
        engine.dispose()
        admin.dispose()
