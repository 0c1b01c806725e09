from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from demo.tokens import auth_headers
from kit.clock import ManualClock
from kit.migrate import upgrade
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from matching.app import create_app
from matching.config import Settings
from matching.models import Base
from tests.support.databases import empty_tables, fresh_database_url

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("matching", str(tmp_path_factory.mktemp("db")))
    upgrade("matching", url)
    return url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def codec() -> TokenCodec:
    return TokenCodec(AuthSettings(app_env="test"))


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(app_env="test", database_url=db_url, index_dir=Path("memory"), run_outbox_worker=False)


@pytest.fixture
def client(db_url: str, settings: Settings, clock: ManualClock) -> Iterator[TestClient]:
    empty_tables(db_url, Base.metadata)
    app = create_app(settings, clock)
    with TestClient(app) as c:
        yield c


class As:
    """Headers for a demo account: `as_("vendor1")`."""

    def __init__(self, codec: TokenCodec, clock: ManualClock) -> None:
        self.codec = codec
        self.clock = clock

    def __call__(self, username: str) -> dict[str, str]:
        return auth_headers(self.codec, username, self.clock.now())

    def service(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.codec.issue_service('workflow', now=self.clock.now())}"}


@pytest.fixture
def as_(codec: TokenCodec, clock: ManualClock) -> As:
    return As(codec, clock)
