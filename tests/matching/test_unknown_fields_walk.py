from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.matching.conftest import As
from tests.support.unknown_fields import assert_unknown_field_refused, everyone


def test_every_write_route_refuses_an_unknown_field(client: TestClient, as_: As) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    called = assert_unknown_field_refused(client, app, everyone(as_.codec, as_.clock.now()), as_.service())
    assert called >= 10
