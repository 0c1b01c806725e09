"""Rotating the sealing KEK: every data key re-wrapped under the new KEK, every sealed application still
opens, the old KEK opens nothing afterwards, and a failure changes nothing."""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from kit.db import normalise_url
from tests.workflow.factories import Api, application_body
from workflow.config import Settings
from workflow.models import Application, ChallengeKey
from workflow.rekey import main as rekey
from workflow.sealing import Sealer, UnknownKek, kek_id


def _sealed(api: Api) -> list[str]:
    ids = []
    for _ in range(2):
        cid = api.open_challenge()
        ids.append(api.apply(cid, "vendor1")["id"])
        ids.append(api.apply(cid, "vendor2")["id"])
    return ids


def _open_all(db_url: str, sealer: Sealer, ids: list[str]) -> list[str]:
    engine = create_engine(normalise_url(db_url))
    try:
        with Session(engine) as session:
            rows = session.scalars(select(Application).where(Application.id.in_(ids))).all()
            return sorted(
                json.dumps(
                    sealer.open(session, row.challenge_id, row.id, row.sealed, row.submitted_at),
                    sort_keys=True,
                    ensure_ascii=False,
                )
                for row in rows
            )
    finally:
        engine.dispose()


def _kek_ids(db_url: str) -> set[str]:
    engine = create_engine(normalise_url(db_url))
    try:
        with Session(engine) as session:
            return set(session.scalars(select(ChallengeKey.kek_id)))
    finally:
        engine.dispose()


def test_rekey_rewraps_every_data_key_and_the_applications_still_open(
    api: Api, settings: Settings, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _sealed(api)
    old, new = settings.kek(), os.urandom(32)
    plans = _open_all(db_url, Sealer(old), ids)
    assert len(plans) == 4
    assert sum(application_body("vendor1")["plan"] in plan for plan in plans) == 4

    monkeypatch.setenv("WORKFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("WORKFLOW_SEALING_KEK", base64.b64encode(new).decode())
    # Without the previous key nothing can be re-wrapped, and nothing is.
    monkeypatch.delenv("WORKFLOW_SEALING_KEK_PREVIOUS", raising=False)
    assert rekey([]) == 1
    assert "does not hold" in capsys.readouterr().err
    assert _kek_ids(db_url) == {kek_id(old)}

    monkeypatch.setenv("WORKFLOW_SEALING_KEK_PREVIOUS", base64.b64encode(old).decode())
    # During the rotation the service holds both keys and opens everything.
    assert _open_all(db_url, Sealer(new, [old]), ids) == plans
    assert rekey([]) == 0
    assert "re-wrapped 2 data key(s)" in capsys.readouterr().out
    assert _kek_ids(db_url) == {kek_id(new)}

    assert _open_all(db_url, Sealer(new), ids) == plans
    with pytest.raises(UnknownKek):
        _open_all(db_url, Sealer(old), ids)
    assert rekey([]) == 0
    assert "re-wrapped 0 data key(s)" in capsys.readouterr().out


def test_a_malformed_previous_kek_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_SEALING_KEK_PREVIOUS", base64.b64encode(b"short").decode())
    with pytest.raises(ValueError, match="WORKFLOW_SEALING_KEK_PREVIOUS"):
        Settings()
