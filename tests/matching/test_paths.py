"""Control characters in a path, sent to matching directly (as inside the network): a 400 problem."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("path", ["/demands/%00", "/%0d", "/challenges/%09/matches", "/providers/%7f", "/search%00"])
def test_control_characters_are_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/invalid-path")
