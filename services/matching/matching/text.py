"""Text PostgreSQL cannot store (NUL) is refused at the edge, the same way on every database (422)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from pydantic import BaseModel, model_validator

from kit.errors import UnprocessableContent

NUL = "\x00"


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Input(BaseModel):
    """Base of every request body."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


async def reject_nul(request: Request) -> None:
    """Path and query parameters; bodies are checked by `Input`."""
    if has_nul(list(request.path_params.values())) or has_nul(list(request.query_params.multi_items())):
        raise UnprocessableContent("text must not contain NUL characters")
