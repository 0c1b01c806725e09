"""One httpx.AsyncClient per downstream service, carrying the service token and request id."""

from __future__ import annotations

from typing import Any

import httpx

from kit.clock import Clock
from kit.logs import request_id_var
from kit.tokens import TokenCodec


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

    def _headers(self) -> dict[str, str]:
        headers = {"authorization": f"Bearer {self.tokens.issue_service(self.caller, now=self.clock.now())}"}
        rid = request_id_var.get()
        if rid:
            headers["x-request-id"] = rid
        return headers

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        return await self.client.request(method, url, headers=headers, **kwargs)

    async def aclose(self) -> None:
        await self.client.aclose()
