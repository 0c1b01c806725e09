"""The headers of a stored file served back: its real name (RFC 6266), a type the browser may trust, no sniffing."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

# Only these render inline: a browser shows them without running anything. SVG and HTML never do, whatever the
# uploader declared; each needs the signature its bytes must start with.
INLINE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$")
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 !#$&+,.;=@^_`{}~()\[\]-]")


def media_type(declared: str, body: bytes) -> str:
    """The declared type when it is a well-formed one (and, for a previewable type, the bytes agree), else
    application/octet-stream."""
    kind = declared.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.match(kind):
        return "application/octet-stream"
    signatures = INLINE_SIGNATURES.get(kind)
    if signatures is not None and not body.startswith(signatures):
        return "application/octet-stream"
    return kind


def _fold(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_ASCII.sub("_", ascii_only).strip(" _")


def ascii_fallback(name: str) -> str:
    """The name for clients that ignore filename*: accents dropped, other characters outside safe ASCII gone or
    an underscore, and "document" for a stem with no letter or digit left (a Chinese name keeps its extension)."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    folded_stem, folded_ext = _fold(stem), _fold(ext)
    if not any(c.isalnum() for c in folded_stem):
        folded_stem = "document"
    return (f"{folded_stem}.{folded_ext}" if folded_ext else folded_stem)[:150]


def file_headers(name: str, declared_type: str, body: bytes, *, inline: bool) -> dict[str, str]:
    kind = media_type(declared_type, body)
    disposition = "inline" if inline and kind in INLINE_SIGNATURES else "attachment"
    return {
        "Content-Type": kind,
        "Content-Disposition": (
            f"{disposition}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
        ),
        "X-Content-Type-Options": "nosniff",
    }
