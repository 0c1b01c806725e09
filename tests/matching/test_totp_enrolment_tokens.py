from fastapi.testclient import TestClient

from demo.tokens import auth_headers, demo_token
from kit.clock import ManualClock
from kit.tokens import TokenCodec


def enrolment_only(codec: TokenCodec, clock: ManualClock, username: str) -> dict[str, str]:
    """The token the gateway gives a privileged user who has not enrolled a TOTP factor yet."""
    token = demo_token(codec, username, clock.now(), totp_enrolment_only=True)
    return {"Authorization": f"Bearer {token}"}


def test_a_token_limited_to_totp_enrolment_reaches_nothing_here(
    client: TestClient, codec: TokenCodec, clock: ManualClock
) -> None:
    headers = enrolment_only(codec, clock, "admin")
    for method, path in [("GET", "/batches"), ("GET", "/search?q=视觉"), ("POST", "/admin/search/reindex")]:
        response = client.request(method, path, headers=headers)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["type"].endswith("/totp-enrolment-required")
    # Without it the same user's full token still works, and anonymous reads stay public.
    assert client.get("/batches", headers=auth_headers(codec, "admin", clock.now())).status_code == 200
    assert client.get("/challenges").status_code == 200
