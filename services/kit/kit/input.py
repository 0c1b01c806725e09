"""What no service accepts in a request: NUL characters (PostgreSQL cannot store them, so they are refused the
same way on every database) and numbers JSON cannot carry (NaN, ±Infinity, floats that overflow to infinity).

`Input` is the base of every request body; `checked_input` is a dependency of every route (create_service_app
adds it) that checks path and query parameters and, before the body is validated, the JSON the body was parsed
from: Python's json module accepts `NaN`, `Infinity` and `1e999`, which a field typed `Any` would keep.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, model_validator

from kit.errors import UnprocessableContent

NUL = "\x00"
NUL_MESSAGE = "文本不能包含 NUL 字符。 Text must not contain NUL characters."
NON_FINITE_MESSAGE = (
    "数值必须是有限数（不接受 NaN、Infinity 或溢出的数）。 "
    "Numbers must be finite (NaN, Infinity and overflowing values are refused)."
)
# Only a body with one of these needs the second, strict parse: the constants, an escaped NUL, an exponent of
# three digits or more, or a run of digits long enough to overflow a double without one.
_SUSPECT = re.compile(rb"NaN|Infinity|\\u0000|[eE][+]?\d{3}|\d{300}")


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Input(BaseModel):
    """Base of every request body: finite numbers only, no NUL in any text, no field the schema does not name
    (an unknown field is a 422 naming it, never silently dropped)."""

    model_config = ConfigDict(allow_inf_nan=False, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if has_nul(data):
            raise ValueError(NUL_MESSAGE)
        return data


class _Refused(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _Refused(name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(text)
    return value


def refuse_non_finite(body: bytes) -> None:
    """Raise 422 if the JSON `body` holds NaN, ±Infinity, a float that overflows, or an escaped NUL."""
    if not _SUSPECT.search(body):
        return
    try:
        parsed = json.loads(body, parse_constant=_constant, parse_float=_finite)
    except _Refused as refused:
        raise UnprocessableContent(NON_FINITE_MESSAGE, field="body", value=str(refused)[:40]) from None
    except ValueError:
        return  # not JSON at all: FastAPI's own parse reports it
    if has_nul(parsed):
        raise UnprocessableContent(NUL_MESSAGE, field="body")


def _is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


async def checked_input(request: Request) -> None:
    """Every route: NUL in path or query parameters, and the JSON body of routes that parse one."""
    if has_nul(list(request.path_params.values())):
        raise UnprocessableContent(NUL_MESSAGE, field="path")
    if has_nul(list(request.query_params.multi_items())):
        raise UnprocessableContent(NUL_MESSAGE, field="query")
    # FastAPI has already read (and cached) the body of a route with a body parameter; a route without one,
    # such as the gateway's streaming proxy, is left alone and its body is never buffered here.
    if getattr(request.scope.get("route"), "body_field", None) is None or not _is_json(request):
        return
    refuse_non_finite(await request.body())
