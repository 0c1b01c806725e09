"""Engines, the naming convention and the one-transaction-per-request session."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from sqlalchemy import (
    Engine,
    MetaData,
    Select,
    String,
    Table,
    bindparam,
    create_engine,
    event,
    insert,
    inspect,
    make_url,
    select,
    text,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Insert
from starlette.concurrency import run_in_threadpool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def is_postgres(session: Session) -> bool:
    """Whether the session's database is PostgreSQL: the one test for the statements only it runs
    (SKIP LOCKED, advisory locks, INSERT inside WITH)."""
    return session.get_bind().dialect.name == "postgresql"


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


# Seconds to wait for a PostgreSQL connection to be established. libpq waits for ever by default, so a
# server that accepts connections but never answers (hung, or a route that drops packets) would hang every
# request that needs a new connection; with the limit it fails, and kit.errors answers 503 with
# Retry-After. Overridable per URL (`?connect_timeout=10`) or with `connect_args`.
CONNECT_TIMEOUT = 5
# Milliseconds that sent data may stay unacknowledged before the kernel drops the connection: a
# route that starts dropping packets in the middle of a query fails it (503) instead of hanging the
# worker thread. A long query that is merely slow is not affected (nothing is left unacknowledged).
TCP_USER_TIMEOUT_MS = 10_000
# Seconds a request waits for a free pooled connection before answering 503: below the gateway's
# upstream read timeout (15 s), so the caller sees the service's Retry-After, not a 504.
POOL_TIMEOUT = 8.0


# Each process's pool: at most pool_size + max_overflow connections. A deployment sizes them from
#   Σ over processes (DB_POOL_SIZE + DB_MAX_OVERFLOW) + reserve ≤ PostgreSQL's max_connections
# (docker-compose.yml, deploy/k8s): DB_POOL_SIZE and DB_MAX_OVERFLOW in the environment override these.
DEFAULT_POOL_SIZE = 10
DEFAULT_MAX_OVERFLOW = 20


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    number = int(value)
    if number < 0:
        raise ValueError(f"{name} must be 0 or more, not {value!r}")
    return number


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Python's sqlite3 must not open transactions behind SQLAlchemy's back, or
            # SAVEPOINT and BEGIN IMMEDIATE would not mean what they say.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # IMMEDIATE takes the write lock up front: two writers serialise instead of
            # failing late with "database is locked" on upgrade from a read lock.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    idle_ping_after = kwargs.pop("idle_ping_after", IDLE_PING_AFTER)
    if url.startswith("postgresql"):
        query = make_url(url).query
        defaults: dict[str, Any] = {}
        if "connect_timeout" not in query:
            defaults["connect_timeout"] = CONNECT_TIMEOUT
        if "tcp_user_timeout" not in query:
            defaults["tcp_user_timeout"] = TCP_USER_TIMEOUT_MS
        kwargs["connect_args"] = {**defaults, **kwargs.get("connect_args", {})}
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", env_int("DB_POOL_SIZE", DEFAULT_POOL_SIZE))
        kwargs.setdefault("max_overflow", env_int("DB_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW))
        kwargs.setdefault("pool_timeout", POOL_TIMEOUT)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine, idle_ping_after)
    return engine


# A pooled connection that has been idle this long is pinged before use (a restart, failover or
# firewall may have closed it meanwhile). Busy connections are not: `pool_pre_ping` would cost a
# round trip on every request. A connection that dies while busy fails its request with 503 and
# Retry-After (kit.errors), and SQLAlchemy then discards every connection older than the failure.
IDLE_PING_AFTER = 5.0


def _ping_when_idle(engine: Engine, idle_after: float) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_after:
            return
        try:
            cursor = dbapi_conn.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_conn.rollback()
        except Exception as exc:
            # The pool replaces the connection and tries again (up to three times).
            raise DisconnectionError(f"idle connection is gone: {exc}") from exc


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)


def insert_now(session: Session, instance: object) -> None:
    """One INSERT of a new mapped object, on the session's connection, bypassing the unit of work.

    For hot paths that write a row and do not touch it again in the request: the object stays
    detached (not in the session); attributes left as None get the column's default or NULL."""
    mapper = inspect(instance).mapper
    values = {
        prop.columns[0].key: value
        for prop in mapper.column_attrs
        if (value := getattr(instance, prop.key, None)) is not None
    }
    session.connection().execute(_insert_into(cast(Table, mapper.local_table)), values)


@functools.cache
def _insert_into(table: Table) -> Insert:
    # One statement object per table: its compiled form and cache key are then computed once.
    return insert(table)


def row_params(instance: object, prefix: str) -> dict[str, Any]:
    """Bind parameters `prefix + column` for every column of a new mapped object's table: the
    attribute when set, else the column's Python-side default, else None. For `values_select`."""
    mapper = inspect(instance).mapper
    params: dict[str, Any] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        value = getattr(instance, prop.key, None)
        if value is None and column.default is not None:
            default = column.default
            if default.is_scalar:
                value = default.arg
            elif default.is_callable:
                value = default.arg(None)
        params[prefix + column.key] = value
    return params


def values_select(table: Table, prefix: str, *, postgres: bool) -> Select[Any]:
    """SELECT of one bound parameter per column of `table` (see `row_params`), for an
    INSERT … SELECT … WHERE that writes its row only when a condition holds.

    PostgreSQL types an untyped parameter in a select list as text and does not assign text to a
    json or integer column, so other than string columns are cast; string columns are not (an
    explicit cast to varchar(n) would truncate where the INSERT refuses)."""
    return select(
        *[
            bindparam(prefix + c.key, type_=c.type)
            if not postgres or isinstance(c.type, String)
            else sql_cast(bindparam(prefix + c.key, type_=c.type), c.type)
            for c in table.columns
        ]
    )


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def _session(request: Request) -> AsyncIterator[Session]:
    # Async on purpose: opening a session does no I/O (the connection is taken at its first
    # statement, inside the endpoint's worker thread), so only the commit needs a trip through
    # the thread pool, not the set-up as well.
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise
    await run_in_threadpool(_finish, session, True)


# scope="function": commit runs when the endpoint returns, before the response is sent, so a
# failed commit becomes an error response rather than a success that was never stored.
DbSession = Annotated[Session, Depends(_session, scope="function")]
