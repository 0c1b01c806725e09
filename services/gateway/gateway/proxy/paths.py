"""One reading of a request path at the edge.

The gateway routes and guards on the decoded path; uvicorn, httpx and the services each parse a path
again. Any spelling two of them could read differently (an encoded dot, slash, backslash or percent,
an empty or dot segment, invalid UTF-8) is refused here, so the decoded path the gateway checked is the
only reading there is, and the proxy forwards that path re-encoded (`canonical`)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_to_bytes

from starlette.types import Scope

_PCHARS = re.compile(rb"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*")
_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")
_AMBIGUOUS = frozenset(b"./\\%")
_SAFE = "-._~!$&'()*+,;=:@/"


def edge_path_problem(scope: Scope) -> str | None:
    """Why the request's path is refused, or None (a kit path check: the refusal is a 400)."""
    raw: bytes | None = scope.get("raw_path")
    if raw is None:
        raw = quote(scope["path"], safe=_SAFE).encode("ascii")
    if not raw.startswith(b"/") or _PCHARS.fullmatch(raw) is None:
        return "路径中含有不允许的字符。 The path contains characters that are not allowed."
    escapes = _ESCAPE.findall(raw)
    if len(escapes) != raw.count(b"%"):
        return "路径中含有不完整的百分号编码。 The path contains an incomplete percent-encoding."
    if any(int(e, 16) in _AMBIGUOUS or int(e, 16) < 0x20 or int(e, 16) == 0x7F for e in escapes):
        return "路径中含有有歧义的编码（如 %2e、%2f、%5c、%25）。 The path encodes a character ambiguously."
    try:
        decoded = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return "路径不是有效的 UTF-8。 The path is not valid UTF-8."
    segments = decoded.split("/")[1:]
    if any(s == "" for s in segments[:-1]):
        return "路径中含有空段（//）。 The path contains an empty segment (//)."
    if any(s in (".", "..") for s in segments):
        return "路径中含有 . 或 .. 段。 The path contains a . or .. segment."
    return None


def canonical(path: str) -> str:
    """The encoding of a decoded path that every parser decodes back to exactly `path`."""
    return quote(path, safe=_SAFE)
