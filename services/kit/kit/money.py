"""Every amount on the wire and in storage is in 万元 (docs/decisions/0070-money-in-wan.md)."""

from __future__ import annotations

from decimal import Decimal

WAN = "单位：万元 (10,000 CNY)"


def wan(what: str) -> str:
    """The OpenAPI description of one amount field, so every schema states the unit the same way."""
    return f"{what}。{WAN}"


YUAN_PER_WAN = 10_000


def yuan(amount_wan: float | Decimal) -> float:
    """For formats that fix the unit to the currency itself (OCDS `value.amount` is in CNY), to the fen:
    33.33 万元 is 333300 元, not the 333299.99999999994 a bare float product gives."""
    return round(float(amount_wan) * YUAN_PER_WAN, 2)
