"""Rotation of the sealing key-encryption key: `python -m workflow.rekey`.

The procedure (docs/operations.md): start workflow with the new KEK as WORKFLOW_SEALING_KEK and the old one
as WORKFLOW_SEALING_KEK_PREVIOUS (every data key stays readable), run this command once, then remove the
previous key. Every per-challenge data key is unwrapped with the KEK that wrapped it and wrapped again under
the current one, in one transaction: a failure leaves every key as it was. The sealed applications
themselves are not touched (they are encrypted with the data keys, which do not change). Running it again
re-wraps nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.db import make_engine
from workflow.config import Settings
from workflow.models import ChallengeKey
from workflow.sealing import Sealer, UnknownKek


@dataclass(frozen=True)
class Rekeyed:
    rewrapped: int
    already_current: int
    kek_id: str


def rewrap_all(session: Session, sealer: Sealer) -> Rekeyed:
    rows = session.scalars(select(ChallengeKey).order_by(ChallengeKey.challenge_id).with_for_update()).all()
    rewrapped = sum(1 for row in rows if sealer.rewrap(row))
    return Rekeyed(rewrapped=rewrapped, already_current=len(rows) - rewrapped, kek_id=sealer.kek_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflow.rekey", description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    settings = Settings()
    engine = make_engine(settings.resolved_database_url("workflow"))
    sealer = Sealer(settings.kek(), settings.previous_keks())
    try:
        with Session(engine) as session, session.begin():
            result = rewrap_all(session, sealer)
    except UnknownKek as exc:
        print(f"nothing changed: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(
        f"re-wrapped {result.rewrapped} data key(s) under KEK {result.kek_id}; "
        f"{result.already_current} already were. 已用新的主密钥重新封装 {result.rewrapped} 个数据密钥。"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
