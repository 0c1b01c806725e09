"""python -m matching.search reindex|reconcile|drain"""

from __future__ import annotations

import argparse
import sys

from kit.clock import SystemClock
from kit.db import make_engine, make_sessionmaker
from matching.config import Settings
from matching.search.factory import make_backend
from matching.search.maintenance import reconcile, reindex
from matching.search.outbox import drain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching.search")
    parser.add_argument("action", choices=["reindex", "reconcile", "drain"])
    args = parser.parse_args(argv)
    settings = Settings()
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


if __name__ == "__main__":
    sys.exit(main())
