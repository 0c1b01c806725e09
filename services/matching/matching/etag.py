"""Optimistic concurrency: `ETag: "<version>"` on reads, `If-Match` on writes (412 stale, 428 missing)."""

from __future__ import annotations

from kit.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'"{version}"'


def matches(if_match: str, version: int) -> bool:
    tags = [t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")]
    return "*" in tags or str(version) in tags


def check_version(if_match: str | None, version: int, what: str, *, required: bool = True) -> None:
    if if_match is None:
        if required:
            raise PreconditionRequired(f"Send If-Match with the {what}'s ETag (version {version})")
        return
    if not matches(if_match, version):
        raise PreconditionFailed(f"The {what} is at version {version}", current_version=version)
