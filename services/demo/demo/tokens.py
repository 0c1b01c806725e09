"""Access tokens for the demo accounts, as the gateway would issue them: the workflow seed drives its
own API with them, and the tests and benchmarks sign their requests the same way."""

from __future__ import annotations

from datetime import datetime

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from kit.tokens import TokenCodec


def demo_token(
    codec: TokenCodec,
    username: str,
    now: datetime,
    member_since: datetime | None = None,
    *,
    totp_enrolment_only: bool = False,
) -> str:
    user = USER_BY_NAME[username]
    org = ORG_BY_KEY[user.org_key]
    return codec.issue_access(
        user_id=user.id,
        username=user.username,
        roles=list(user.roles),
        org_id=org.id,
        org_kind=org.kind,
        org_name=org.name,
        now=now,
        member_since=member_since,
        totp_enrolment_only=totp_enrolment_only,
    )


def auth_headers(
    codec: TokenCodec, username: str, now: datetime, member_since: datetime | None = None
) -> dict[str, str]:
    return {"Authorization": f"Bearer {demo_token(codec, username, now, member_since)}"}
