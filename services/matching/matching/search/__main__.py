"""python -m matching.search reindex|reconcile|drain|keys

`keys` (Meilisearch only, with MEILI_MASTER_KEY): find or create the scoped search and write keys and print
them as MATCHING_MEILI_SEARCH_KEY / MATCHING_MEILI_WRITE_KEY, for a deployment that gives the matching
containers those instead of the master key; `--prune` also deletes this index's keys of earlier scopes;
`--out DIR` writes them to DIR/search_key and DIR/write_key instead (the one-shot step of
docker-compose.yml and the init container of deploy/k8s, which alone hold the master key: matching reads
the files as MATCHING_MEILI_SEARCH_KEY_FILE / MATCHING_MEILI_WRITE_KEY_FILE)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kit.clock import SystemClock
from kit.db import make_engine, make_sessionmaker
from matching.config import Settings
from matching.search.factory import make_backend
from matching.search.maintenance import reconcile, reindex
from matching.search.outbox import drain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching.search")
    parser.add_argument("action", choices=["reindex", "reconcile", "drain", "keys"])
    parser.add_argument("--prune", action="store_true", help="keys: delete this index's keys of earlier scopes")
    parser.add_argument("--out", type=Path, help="keys: write search_key and write_key into this folder")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.action == "keys":
        return _keys(settings, prune=args.prune, out=args.out)
    engine = make_engine(settings.resolved_database_url("matching"))
    factory = make_sessionmaker(engine)
    backend = make_backend(settings)
    clock = SystemClock()
    try:
        if args.action == "reindex":
            print(f"indexed {reindex(factory, backend, clock, progress=True)} documents")
        elif args.action == "reconcile":
            report = reconcile(factory, backend, clock, progress=True)
            print(
                f"added {report.added}, updated {report.updated}, removed {report.removed}, "
                f"unchanged {report.unchanged}"
            )
        else:
            print(f"delivered {drain(factory, backend, clock)} outbox rows")
    finally:
        backend.close()
        engine.dispose()
    return 0


def _keys(settings: Settings, *, prune: bool, out: Path | None) -> int:
    import meilisearch

    from matching.search import meili_keys

    if settings.search_backend != "meilisearch" or not settings.meili_url or not settings.meili_master_key:
        print("keys needs MATCHING_SEARCH_BACKEND=meilisearch, MEILI_URL and MEILI_MASTER_KEY", file=sys.stderr)
        return 2
    admin = meilisearch.Client(settings.meili_url, settings.meili_master_key, timeout=10)
    keys = meili_keys.provision(admin, settings.meili_index)
    if out is None:
        print(f"MATCHING_MEILI_SEARCH_KEY={keys.search}")
        print(f"MATCHING_MEILI_WRITE_KEY={keys.write}")
    else:
        for name, value in ((SEARCH_KEY_FILE, keys.search), (WRITE_KEY_FILE, keys.write)):
            _write_secret(out / name, value)
        print(f"wrote {out / SEARCH_KEY_FILE} and {out / WRITE_KEY_FILE}", file=sys.stderr)
    if prune:
        for uid in meili_keys.stale(admin, settings.meili_index):
            admin.delete_key(uid)
            print(f"deleted key {uid}", file=sys.stderr)
    return 0


SEARCH_KEY_FILE = "search_key"
WRITE_KEY_FILE = "write_key"


def _write_secret(path: Path, value: str) -> None:
    """`value` into `path`, readable by its owner only, replaced in one rename: a replica starting meanwhile
    reads the old key or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(value + "\n")
    os.replace(aside, path)


if __name__ == "__main__":
    sys.exit(main())
