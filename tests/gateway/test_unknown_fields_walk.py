from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kit.clock import ManualClock
from tests.support.unknown_fields import assert_unknown_field_refused, everyone


def test_every_write_route_refuses_an_unknown_field(client: TestClient, app: FastAPI, clock: ManualClock) -> None:
    codec = app.state.tokens
    service = {"Authorization": f"Bearer {codec.issue_service('workflow', now=clock.now())}"}
    called = assert_unknown_field_refused(client, app, everyone(codec, clock.now()), service)
    assert called >= 5
