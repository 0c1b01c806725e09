"""Each process's PostgreSQL pool comes from DB_POOL_SIZE and DB_MAX_OVERFLOW (the deployment sizes them
within max_connections: docker-compose.yml, deploy/k8s)."""

from __future__ import annotations

import pytest
from sqlalchemy.pool import QueuePool

from kit.db import DEFAULT_MAX_OVERFLOW, DEFAULT_POOL_SIZE, make_engine

URL = "postgresql://nobody@127.0.0.1:1/none"  # an engine connects lazily: nothing is dialled here


def pool_of(url: str) -> QueuePool:
    engine = make_engine(url)
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    engine.dispose()
    return pool


def test_the_pool_is_sized_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_POOL_SIZE", "3")
    monkeypatch.setenv("DB_MAX_OVERFLOW", "4")
    pool = pool_of(URL)
    assert (pool.size(), pool._max_overflow) == (3, 4)


def test_without_the_variables_the_defaults_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DB_POOL_SIZE", raising=False)
    monkeypatch.delenv("DB_MAX_OVERFLOW", raising=False)
    pool = pool_of(URL)
    assert (pool.size(), pool._max_overflow) == (DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW)


def test_a_negative_size_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_POOL_SIZE", "-1")
    with pytest.raises(ValueError, match="DB_POOL_SIZE"):
        make_engine(URL)
