from __future__ import annotations

from tests.support.unknown_fields import assert_unknown_field_refused, everyone
from tests.workflow.factories import Api


def test_every_write_route_refuses_an_unknown_field(api: Api) -> None:
    codec = api.app.state.tokens
    service = {"Authorization": f"Bearer {codec.issue_service('matching', now=api.clock.now())}"}
    called = assert_unknown_field_refused(api.client, api.app, everyone(codec, api.clock.now()), service)
    assert called >= 10
