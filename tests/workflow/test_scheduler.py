from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI

from tests.workflow.factories import Api
from workflow.config import Settings
from workflow.scheduler.service import Scheduler


def test_two_schedulers_transition_once(api: Api, app: FastAPI) -> None:
    cids = [api.open_challenge() for _ in range(3)]
    for cid in cids:
        api.apply(cid, "vendor1")
    api.clock.advance(timedelta(days=30))
    state = app.state
    other = Scheduler(state.sessionmaker, state.clock, state.settings, state.sealer)
    done = api.tick() + other.run_once() + api.tick() + other.run_once()
    assert done == 3
    for cid in cids:
        history = api.ok(api.get(f"/challenges/{cid}/transitions"))
        assert [t["action"] for t in history].count("close") == 1


def test_deadline_reminder_24h_before(api: Api) -> None:
    cid = api.open_challenge()
    api.apply(cid, "vendor1")
    api.clock.advance(timedelta(days=19, hours=1))
    api.tick()
    api.tick()
    reminders = [n for n in api.ok(api.get("/notifications", "vendor1")) if n["kind"] == "deadline.reminder"]
    assert len(reminders) == 1
    notification = reminders[0]
    assert api.ok(api.post(f"/notifications/{notification['id']}/read", "vendor1"))["read_at"] is not None
    assert api.post(f"/notifications/{notification['id']}/read", "vendor2").status_code == 404


def test_time_acceleration_only_in_sandbox() -> None:
    with pytest.raises(ValueError, match="sandbox"):
        Settings(app_env="dev", time_acceleration=86400)
    with pytest.raises(ValueError, match="SEALING_KEK"):
        Settings(app_env="production")
    assert Settings(app_env="sandbox", time_acceleration=86400).time_acceleration == 86400


def test_acceleration_shrinks_publicity(api: Api) -> None:
    api.app.state.settings.time_acceleration = 86400.0

    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    body = api.ok(api.act(cid, "approve_award", "gov2"))
    from datetime import datetime

    assert datetime.fromisoformat(body["publicity_ends_at"]) - api.clock.now() < timedelta(seconds=30)


def test_human_factor_keeps_publicity_long_enough_to_object(api: Api) -> None:
    """With the machine's periods at a day a second, a 公示 still lasts minutes, not seconds."""
    from datetime import datetime

    settings = api.app.state.settings
    settings.time_acceleration, settings.human_time_acceleration = 86400.0, 1440.0
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    body = api.ok(api.act(cid, "approve_award", "gov2"))
    lasts = datetime.fromisoformat(body["publicity_ends_at"]) - api.clock.now()
    # Five working days are five to nine calendar days: at a day a minute, five to nine minutes.
    assert timedelta(minutes=5) <= lasts <= timedelta(minutes=9, seconds=30)


def test_human_factor_is_sandbox_only_and_defaults_to_the_general_one() -> None:
    with pytest.raises(ValueError, match=r"HUMAN_TIME_ACCELERATION.*sandbox"):
        Settings(app_env="dev", human_time_acceleration=1440)
    with pytest.raises(ValueError, match="positive"):
        Settings(app_env="sandbox", human_time_acceleration=0)
    assert Settings(app_env="sandbox", time_acceleration=86400).human_acceleration == 86400
    assert Settings(app_env="sandbox", time_acceleration=86400, human_time_acceleration=1440).human_acceleration == 1440
