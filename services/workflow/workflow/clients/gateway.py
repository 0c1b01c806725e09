"""The accounts directory, read from the gateway's internal endpoint with a service token.

Used off the hot path only (assigning experts to a panel; decision 0014 keeps submissions free of calls):
a sync client, since the endpoints that need it already run in the thread pool; its calls carry what
every service call carries (kit.http.service_headers, decision 0097).
"""

from __future__ import annotations

from typing import Annotated, Protocol
from urllib.parse import quote

import httpx
from fastapi import Depends, Request
from pydantic import BaseModel

from kit.clock import Clock
from kit.errors import ServiceUnavailable
from kit.http import service_headers
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


class Recipient(BaseModel):
    user_id: str
    locale: str
    email: str | None
    mobile: str | None
    channels: list[str]
    digest: bool = False


class UserDirectory(Protocol):
    def user(self, user_id: str) -> DirectoryUser | None: ...

    def users(self, role: str) -> list[DirectoryUser]: ...


class Directory:
    def __init__(self, base_url: str, tokens: TokenCodec, clock: Clock, timeout: float = 5.0) -> None:
        self._tokens = tokens
        self._clock = clock
        self._client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(timeout, connect=2.0))

    def _get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        try:
            return self._client.get(path, headers=service_headers("workflow", self._tokens, self._clock), params=params)
        except httpx.HTTPError as exc:
            raise _unavailable() from exc

    def user(self, user_id: str) -> DirectoryUser | None:
        """The user, or None when the accounts service knows no such id."""
        response = self._get(f"/internal/users/{quote(user_id, safe='')}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise _unavailable()
        return DirectoryUser.model_validate_json(response.content)

    def users(self, role: str) -> list[DirectoryUser]:
        """Every user holding `role` in some organisation (any status: the caller filters)."""
        response = self._get("/internal/users", {"role": role})
        if response.status_code != 200:
            raise _unavailable()
        return [DirectoryUser.model_validate(item) for item in response.json()]

    def recipients(self, kind: str, *, user_id: str | None, org_id: str | None) -> list[Recipient]:
        """Who receives a notification outside the app, by which channels (the gateway applies the
        verified addresses and the preferences)."""
        params = {"kind": kind, **({"user_id": user_id} if user_id else {}), **({"org_id": org_id} if org_id else {})}
        response = self._get("/internal/recipients", params)
        if response.status_code != 200:
            raise _unavailable()
        return [Recipient.model_validate(item) for item in response.json()]

    def close(self) -> None:
        self._client.close()


def _unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "账户目录暂不可用，请稍后重试。 The accounts directory is unavailable; retry shortly.",
        code="directory-unavailable",
        headers={"Retry-After": "2"},
    )


async def _directory(request: Request) -> UserDirectory:
    directory: UserDirectory = request.app.state.directory
    return directory


DirectoryDep = Annotated[UserDirectory, Depends(_directory)]
