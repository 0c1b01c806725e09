"""Optimistic concurrency, read the same way by every service (decision 0087).

A resource with a `version` column answers reads with `ETag: "<version>"`; a write names the version it edited
in `If-Match`. The header is a list of entity tags (RFC 9110 §13.1.1) or `*`:

- `*` matches any version of a resource that exists;
- a list matches when one of its tags is the current version; a tag may be weak (`W/"3"`: an intermediary
  that re-encodes a body may weaken the tag it passes on, and a version names one state whatever the encoding)
  or unquoted (`3`, as earlier clients sent it);
- a write that requires the header and has none answers 428; one that does not match answers 412. Both carry
  `current_version`, so a client can reload and retry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from kit.errors import PreconditionFailed, PreconditionRequired

IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='the ETag read with the resource (`"3"`), a list of them, or *')
]


def etag(version: int) -> str:
    return f'"{version}"'


def tags(if_match: str) -> list[str] | None:
    """The tags an If-Match value names (without quotes or weak prefix); None for `*`."""
    names = [t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")]
    if "*" in names:
        return None
    return [n for n in names if n]


def is_wildcard(if_match: str | None) -> bool:
    return if_match is not None and tags(if_match) is None


def matches(if_match: str, version: int) -> bool:
    named = tags(if_match)
    return named is None or str(version) in named


def check_version(if_match: str | None, version: int, what: tuple[str, str], *, required: bool) -> None:
    """Raise 428 when `required` and the header is missing, 412 when it names no current version; `what` names
    the resource in Chinese and English."""
    zh, en = what
    if if_match is None:
        if required:
            raise PreconditionRequired(
                f"请带上读取{zh}时得到的 ETag（If-Match）。 Send If-Match with the ETag of the {en} you edited"
                f" (version {version}).",
                current_version=version,
            )
        return
    if not matches(if_match, version):
        raise PreconditionFailed(
            f"{zh}已被修改（当前版本 {version}），请重新加载。 The {en} changed since you read it; it is at"
            f" version {version}.",
            current_version=version,
        )
