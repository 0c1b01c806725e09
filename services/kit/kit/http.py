"""Calls from one service to another (docs/decisions/0097-service-calls-and-sync-sqlalchemy.md): one
httpx.AsyncClient per downstream service, carrying the service token and request id; `service_headers`
is what every call carries, the sync client of code already in the thread pool included."""

from __future__ import annotations

from typing import Any

import httpx

from kit.clock import Clock
from kit.logs import request_id_var
from kit.tokens import TokenCodec


def service_headers(caller: str, tokens: TokenCodec, clock: Clock) -> dict[str, str]:
    """A fresh service token naming `caller`, and the request id of the request being served."""
    headers = {"authorization": f"Bearer {tokens.issue_service(caller, now=clock.now())}"}
    if rid := request_id_var.get():
        headers["x-request-id"] = rid
    return headers


class ServiceClient:
    def __init__(
        self,
        *,
        caller: str,
        base_url: str,
        tokens: TokenCodec,
        clock: Clock,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.caller = caller
        self.tokens = tokens
        self.clock = clock
        self.client = httpx.AsyncClient(
            base_url=base_url, timeout=httpx.Timeout(timeout, connect=2.0), transport=transport
        )

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**service_headers(self.caller, self.tokens, self.clock), **kwargs.pop("headers", {})}
        return await self.client.request(method, url, headers=headers, **kwargs)

    async def aclose(self) -> None:
        await self.client.aclose()
