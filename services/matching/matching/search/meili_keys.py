"""Scoped Meilisearch keys, made with the master key once at start-up (decision 0085).

Meilisearch's documentation says the master key is for managing keys only. The adapter therefore holds two
keys of its own: a *search* key (action `search` on the live index) for queries and suggestions, and a
*write* key (indexing, settings, tasks, the rebuild index and the swap) for everything else. Both are
limited to this deployment's index and its `<index>_rebuild` twin.

Each key has a fixed `uid` derived from the index and its scope, so every replica finds the same key
(`GET /keys/<uid>`) instead of adding one per start, and a release that changes a scope derives a new uid:
the new key is created beside the old one, which keeps working for replicas of the previous release until
the operator deletes it (`python -m matching.search keys --prune`). Meilisearch derives a key's value
from its uid and the master key, so rotating the master key changes both values; the services pick them
up at their next start.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import meilisearch
from meilisearch.errors import MeilisearchApiError

SEARCH_ACTIONS = ("search",)
WRITE_ACTIONS = (
    "documents.add",
    "documents.get",
    "documents.delete",
    "indexes.create",
    "indexes.get",
    "indexes.delete",
    "indexes.swap",
    "settings.update",
    "tasks.get",
)
NAME_PREFIX = "shigu-"


@dataclass(frozen=True)
class KeySpec:
    role: str  # "search" | "write"
    index_uid: str
    actions: tuple[str, ...]
    indexes: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{self.role}-{self.index_uid}"

    @property
    def uid(self) -> str:
        scope = "|".join((self.role, self.index_uid, ",".join(sorted(self.actions)), ",".join(sorted(self.indexes))))
        return str(uuid.UUID(bytes=hashlib.sha256(scope.encode()).digest()[:16], version=4))

    def body(self) -> dict[str, object]:
        return {
            "uid": self.uid,
            "name": self.name,
            "description": f"Shigu Exchange matching service: {self.role} on {', '.join(self.indexes)}",
            "actions": list(self.actions),
            "indexes": list(self.indexes),
            "expiresAt": None,
        }


@dataclass(frozen=True)
class ScopedKeys:
    search: str
    write: str


def specs(index_uid: str) -> tuple[KeySpec, KeySpec]:
    return (
        KeySpec("search", index_uid, SEARCH_ACTIONS, (index_uid,)),
        KeySpec("write", index_uid, WRITE_ACTIONS, (index_uid, f"{index_uid}_rebuild")),
    )


def _find_or_create(admin: meilisearch.Client, spec: KeySpec) -> str:
    try:
        return admin.get_key(spec.uid).key
    except MeilisearchApiError as exc:
        if getattr(exc, "code", "") != "api_key_not_found":
            raise
    try:
        return admin.create_key(spec.body()).key
    except MeilisearchApiError as exc:
        # Another replica created it between our look-up and our creation.
        if getattr(exc, "code", "") != "api_key_already_exists":
            raise
        return admin.get_key(spec.uid).key


def provision(admin: meilisearch.Client, index_uid: str) -> ScopedKeys:
    """The two keys of `index_uid`, created when missing. `admin` carries the master key."""
    search, write = specs(index_uid)
    return ScopedKeys(search=_find_or_create(admin, search), write=_find_or_create(admin, write))


def stale(admin: meilisearch.Client, index_uid: str) -> list[str]:
    """Uids of this index's keys from earlier scopes (a previous release), which the current one no longer uses."""
    current = {spec.uid for spec in specs(index_uid)}
    names = {spec.name for spec in specs(index_uid)}
    found: list[str] = []
    offset = 0
    while True:
        page = admin.get_keys({"offset": offset, "limit": 100})
        found.extend(k.uid for k in page.results if k.name in names and k.uid not in current)
        offset += len(page.results)
        if not page.results or offset >= page.total:
            return found
