"""The one call to matching: its /internal/events, to which the outbox relay (on the event loop, so
through the app's `kit.http.ServiceClient`, decision 0097) delivers each challenge event; any answer
but 200 means retry."""

from __future__ import annotations

from kit.http import ServiceClient
from kit.outbox import Deliver, OutboxMixin


class DeliveryFailed(Exception):
    pass


def matching_deliverer(client: ServiceClient) -> Deliver:
    async def deliver(row: OutboxMixin) -> None:
        response = await client.request("POST", "/internal/events", json=row.payload)
        if response.status_code != 200:
            raise DeliveryFailed(f"matching answered {response.status_code}")

    return deliver
