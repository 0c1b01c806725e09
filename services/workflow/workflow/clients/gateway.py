"""The accounts directory, read from the gateway's internal endpoint with a service token.

Used off the hot path only (assigning experts to a panel; decision 0014 keeps submissions free of calls):
a sync client, since the endpoints that need it already run in the thread pool.
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from kit.clock import Clock
from kit.errors import ServiceUnavailable
from kit.logs import request_id_var
from kit.tokens import TokenCodec


class DirectoryUser(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    org_id: str | None
    org_name: str | None
    org_kind: str | None
    status: str

    @property
    def is_active_expert(self) -> bool:
        return self.status == "active" and "expert" in self.roles


class UserDirectory(Protocol):
    def user(self, user_id: str) -> DirectoryUser | None: ...


class Directory:
    def __init__(self, base_url: str, tokens: TokenCodec, clock: Clock, timeout: float = 5.0) -> None:
        self._tokens = tokens
        self._clock = clock
        self._client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(timeout, connect=2.0))

    def user(self, user_id: str) -> DirectoryUser | None:
        """The user, or None when the accounts service knows no such id."""
        headers = {"authorization": f"Bearer {self._tokens.issue_service('workflow', now=self._clock.now())}"}
        if rid := request_id_var.get():
            headers["x-request-id"] = rid
        try:
            response = self._client.get(f"/internal/users/{quote(user_id, safe='')}", headers=headers)
        except httpx.HTTPError as exc:
            raise _unavailable() from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise _unavailable()
        return DirectoryUser.model_validate_json(response.content)

    def close(self) -> None:
        self._client.close()


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "账户目录暂不可用，请稍后重试。 The accounts directory is unavailable; retry shortly.",
        code="directory-unavailable",
        headers={"Retry-After": "2"},
    )
