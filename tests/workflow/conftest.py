from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from kit.clock import ManualClock
from kit.migrate import upgrade
from kit.settings import REPO_ROOT
from tests.support.databases import database_backend as backend
from tests.support.databases import empty_tables, fresh_database_url
from tests.support.upstream import serve
from tests.workflow.factories import Api
from workflow.app import create_app
from workflow.config import Settings
from workflow.models import Base


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if backend() == "postgres":
        return
    skip = pytest.mark.skip(reason="needs TEST_DB=postgres")
    here = Path(__file__).parent
    for item in items:
        if "postgres" in item.keywords and here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("workflow", str(tmp_path_factory.mktemp("workflow-db")))
    upgrade("workflow", url)
    return url


@pytest.fixture(scope="session")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FastAPI]]:
    """The gateway's internal listener over HTTP with the demo accounts: the expert directory workflow consults."""
    from gateway.app import create_internal_app as create_gateway
    from gateway.config import Settings as GatewaySettings
    from gateway.seed import seed

    tmp = tmp_path_factory.mktemp("gateway")
    url = fresh_database_url("gateway", str(tmp))
    upgrade("gateway", url)
    gateway_settings = GatewaySettings(app_env="test", database_url=url, static_dir=tmp / "dist")
    seed(gateway_settings)
    gateway = create_gateway(gateway_settings, ManualClock())
    with serve(gateway) as base_url:
        yield base_url, gateway


@pytest.fixture
def settings(db_url: str, accounts: tuple[str, FastAPI]) -> Settings:
    empty_tables(db_url, Base.metadata)
    return Settings(
        database_url=db_url,
        app_env="test",
        scheduler_enabled=False,
        relay_enabled=False,
        var_dir=Path("/tmp"),
        gateway_url=accounts[0],
    )


@pytest.fixture
def clock() -> ManualClock:
    # PyJWT refuses an `iat` later than the real time, so the test clock starts in the past and
    # tests may move it forward by up to ~a year.
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=400)
    return ManualClock(start)


@pytest.fixture
def app(settings: Settings, clock: ManualClock, accounts: tuple[str, FastAPI]) -> FastAPI:
    accounts[1].state.clock = clock  # the gateway checks workflow's service tokens against the test's time
    return create_app(settings, clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def api(client: TestClient, app: FastAPI, clock: ManualClock) -> Api:
    return Api(client, app, clock)


OCDS = REPO_ROOT.parent / "shared" / "ocds" / "1.1.5"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    """The OCDS 1.1.5 release package schema, with the release schema it refers to."""
    schemas = {
        name: json.loads((OCDS / name).read_text()) for name in ("release-package-schema.json", "release-schema.json")
    }
    registry: Registry[Any] = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT4)) for s in schemas.values()
    )
    return Draft4Validator(schemas["release-package-schema.json"], registry=registry)
