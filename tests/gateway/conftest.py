from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from demo.accounts import DEFAULT_DEMO_PASSWORD
from gateway.app import create_app
from gateway.config import Settings
from gateway.models import Base
from gateway.seed import seed
from kit.clock import ManualClock
from kit.mail import MailSettings
from kit.migrate import upgrade
from tests.support.databases import empty_tables, fresh_database_url
from tests.support.smtp import SmtpServer


@pytest.fixture(scope="session")
def gateway_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("gateway", str(tmp_path_factory.mktemp("gateway-db")))
    upgrade("gateway", url)
    return url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(gateway_url: str, tmp_path: Path) -> Settings:
    empty_tables(gateway_url, Base.metadata)
    s = Settings(
        app_env="test",
        database_url=gateway_url,
        static_dir=tmp_path / "dist",
        matching_url="http://127.0.0.1:9",
        workflow_url="http://127.0.0.1:9",
        upstream_connect_timeout=1.0,
        upstream_read_timeout=1.0,
    )
    seed(s)
    return s


@pytest.fixture
def app(settings: Settings, clock: ManualClock) -> FastAPI:
    return create_app(settings, clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


PASSWORD = DEFAULT_DEMO_PASSWORD


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def bearer(client: TestClient, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(client, username)['access_token']}"}


@pytest.fixture
def mailing(settings: Settings, clock: ManualClock, smtp: SmtpServer) -> Iterator[TestClient]:
    mail = MailSettings(smtp_host="127.0.0.1", smtp_port=smtp.port, starttls="off", timeout_seconds=5)
    with TestClient(create_app(settings, clock, mail=mail)) as c:
        yield c
