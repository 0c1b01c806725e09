"""Notifications by e-mail through the outbox, against a real SMTP server on 127.0.0.1 that is
stopped in the middle of a batch and started again: each arrives exactly once (decision 0081)."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.models import NotificationPreference, User
from kit.clock import ManualClock
from kit.mail import MailSettings
from tests.support.smtp import Received, SmtpServer
from tests.workflow.factories import Api
from workflow.app import create_app
from workflow.config import Settings
from workflow.models import NotificationDelivery
from workflow.notification.service import notify

ADDRESSES = {"vendor1": "li.hang@chengguang.cn", "vendor2": "zhao.jing@xianghu.cn", "expert4": "feng@xianghu.cn"}


@pytest.fixture
def verified(accounts: tuple[str, FastAPI], clock: ManualClock) -> Iterator[None]:
    """Verified addresses in the gateway's directory (expert4 reads English), set up directly."""
    sessions = accounts[1].state.sessionmaker
    with sessions.begin() as session:
        for name, address in ADDRESSES.items():
            session.execute(
                update(User)
                .where(User.username == name)
                .values(email=address, email_verified_at=clock.now(), locale="en" if name == "expert4" else "zh")
            )
    yield
    with sessions.begin() as session:
        session.execute(update(User).values(email=None, email_verified_at=None, locale="zh"))
        session.execute(delete(NotificationPreference))


@pytest.fixture
def mailing(
    settings: Settings, clock: ManualClock, accounts: tuple[str, FastAPI], smtp: SmtpServer, verified: None
) -> Iterator[tuple[FastAPI, Api]]:
    accounts[1].state.clock = clock
    mail = MailSettings(smtp_host="127.0.0.1", smtp_port=smtp.port, starttls="off", timeout_seconds=3)
    app = create_app(settings, clock, mail=mail)
    with TestClient(app) as client:
        yield app, Api(client, app, clock)


def run(app: FastAPI) -> tuple[int, int]:
    result: tuple[int, int] = asyncio.run(app.state.delivery_dead_letters.run_once(app.state.delivery_relay))
    return result


def body(received: Received) -> str:
    payload = received.message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def pending(app: FastAPI) -> int:
    count: int = app.state.delivery_relay.pending()
    return count


def test_a_batch_survives_the_mail_server_going_down_and_arrives_once(
    mailing: tuple[FastAPI, Api], smtp: SmtpServer, clock: ManualClock
) -> None:
    app, api = mailing
    app.state.delivery_relay.batch = 4
    vendor1, vendor2_org = USER_BY_NAME["vendor1"].id, ORG_BY_KEY["vendor2"].id
    with app.state.sessionmaker.begin() as session:
        for i in range(12):
            if i % 2:
                notify(session, kind="award.final", title=f"揭榜结果已公布：第{i}号", user_id=vendor1, now=clock.now())
            else:
                notify(
                    session,
                    kind="award.publicity",
                    title=f"拟揭榜单位公示：第{i}号",
                    org_id=vendor2_org,
                    now=clock.now(),
                )
    # 6 notifications to vendor1, 6 to the two members of vendor2's organisation: 18 e-mails.
    expected = 18

    while len(smtp.received) < 4:  # in batches of four: fan-outs and e-mails as they come
        run(app)
    before = len(smtp.received)
    assert before < expected
    smtp.stop()
    # Down for a while: every attempt fails, nothing is lost, nothing is sent.
    failures = 0
    for _ in range(4):
        failures += run(app)[1]
        clock.advance(timedelta(seconds=5))
    assert failures >= 3
    assert len(smtp.received) == before
    waiting = api.ok(api.get("/admin/deliveries?state=pending&limit=500", "admin"))
    emails = [d for d in waiting if d["channel"] == "email"]
    tried = [d for d in emails if d["attempts"] >= 1]
    assert tried
    assert all("MailFailed" in d["last_error"] for d in tried)
    smtp.start()
    for _ in range(20):
        clock.advance(timedelta(minutes=10))
        run(app)
        if pending(app) == 0:
            break
    assert pending(app) == 0
    run(app)  # nothing left: no second copy of anything

    got = smtp.received
    ids = Counter(r.message["Message-ID"] for r in got)
    assert len(got) == expected
    assert set(ids.values()) == {1}
    # Each notification (numbered in its title) reached each of its recipients once.
    pairs = Counter((r.recipients[0], re.search(r"第(\d+)号", body(r)).group(1)) for r in got)  # type: ignore[union-attr]
    assert set(pairs.values()) == {1}
    assert len(pairs) == expected
    assert Counter(r.recipients[0] for r in got) == {
        ADDRESSES["vendor1"]: 6,
        ADDRESSES["vendor2"]: 6,
        ADDRESSES["expert4"]: 6,
    }
    english = {str(r.message["Subject"]) for r in got if r.recipients == [ADDRESSES["expert4"]]}
    assert english == {"[Shigu Exchange] Proposed award in public notice (公示)"}

    # The user sees each notification's e-mail as sent, with the attempts it took.
    mine = api.ok(api.get("/notifications", "vendor1"))
    assert len(mine) == 6
    assert all([(d["channel"], d["state"]) for d in n["deliveries"]] == [("email", "sent")] for n in mine)
    sent = api.ok(api.get("/admin/deliveries?state=sent&limit=500", "admin"))
    emails = [d for d in sent if d["channel"] == "email"]
    assert len(emails) == expected
    # Those refused during the outage were sent on a later attempt.
    assert max(d["attempts"] for d in emails) >= 2
    assert api.get("/admin/deliveries", "vendor1").status_code == 403


def test_a_refused_address_is_given_up_listed_and_retried(
    mailing: tuple[FastAPI, Api], smtp: SmtpServer, clock: ManualClock, settings: Settings
) -> None:
    app, api = mailing
    app.state.delivery_dead_letters.max_attempts = 2
    smtp.stop()
    with app.state.sessionmaker.begin() as session:
        notify(
            session, kind="objection.decided", title="异议处理结果", user_id=USER_BY_NAME["vendor1"].id, now=clock.now()
        )
    run(app)  # fan-out: the directory answers even with the mail server down
    for _ in range(3):
        clock.advance(timedelta(minutes=10))
        run(app)
    [failed] = api.ok(api.get("/admin/deliveries?state=failed", "admin"))
    assert failed["state"] == "failed"
    assert failed["attempts"] == 2
    assert failed["address"] == ADDRESSES["vendor1"]
    [n] = api.ok(api.get("/notifications", "vendor1"))
    assert n["deliveries"] == [{"channel": "email", "state": "failed", "attempts": 2, "sent_at": None}]
    smtp.start()
    assert api.post(f"/admin/deliveries/{failed['id']}/retry", "gov1").status_code == 403
    retried = api.ok(api.post(f"/admin/deliveries/{failed['id']}/retry", "admin"))
    assert retried["state"] == "pending"
    run(app)
    assert [r.recipients for r in smtp.received] == [[ADDRESSES["vendor1"]]]
    assert api.post(f"/admin/deliveries/{failed['id']}/retry", "admin").status_code == 409


def test_preferences_and_unverified_addresses_decide_who_gets_mail(
    mailing: tuple[FastAPI, Api], smtp: SmtpServer, clock: ManualClock, accounts: tuple[str, FastAPI]
) -> None:
    app, _ = mailing
    with accounts[1].state.sessionmaker.begin() as session:
        vendor2 = session.scalar(select(User).where(User.username == "vendor2"))
        assert vendor2 is not None
        session.add(NotificationPreference(user_id=vendor2.id, kind="award.publicity", channel="email", enabled=False))
        session.execute(update(User).where(User.username == "expert4").values(email_verified_at=None))
    with app.state.sessionmaker.begin() as session:
        notify(session, kind="award.publicity", title="公示", org_id=ORG_BY_KEY["vendor2"].id, now=clock.now())
        notify(session, kind="award.final", title="结果", org_id=ORG_BY_KEY["vendor2"].id, now=clock.now())
    for _ in range(3):
        run(app)
    assert [(r.recipients, str(r.message["Subject"])) for r in smtp.received] == [
        ([ADDRESSES["vendor2"]], "【视谷机会平台】结果")
    ]
    with app.state.sessionmaker() as session:
        topics = Counter(session.scalars(select(NotificationDelivery.topic)))
    assert topics == {"fanout": 2, "email": 1}


def test_the_notices_that_matter_go_by_sms_signed_for_aliyun(
    settings: Settings, clock: ManualClock, accounts: tuple[str, FastAPI], verified: None
) -> None:
    """A verified mobile receives the objection decision by SMS through the Aliyun adapter (the local
    provider checks the signature), but not a notice kind that has no SMS."""
    from kit.sms import SmsSettings
    from tests.support.sms import SECRET, aliyun_sms

    accounts[1].state.clock = clock
    with accounts[1].state.sessionmaker.begin() as session:
        session.execute(
            update(User).where(User.username == "vendor1").values(mobile="13800001234", mobile_verified_at=clock.now())
        )
    with aliyun_sms() as (provider, url):
        sms = SmsSettings(
            provider="aliyun",
            aliyun_endpoint=url,
            aliyun_access_key_id="LTAI-test",
            aliyun_access_key_secret=SECRET,
            aliyun_sign_name="视谷机会平台",
            aliyun_templates="verify=SMS_1,objection.decided=SMS_4",
        )
        app = create_app(settings, clock, sms=sms)
        with TestClient(app) as client:
            api = Api(client, app, clock)
            vendor1 = USER_BY_NAME["vendor1"].id
            with app.state.sessionmaker.begin() as session:
                notify(session, kind="objection.decided", title="异议处理结果：维持", user_id=vendor1, now=clock.now())
                notify(session, kind="question.answered", title="提问已答复", user_id=vendor1, now=clock.now())
            for _ in range(3):
                run(app)
            [sent] = provider.received
            assert sent["PhoneNumbers"] == "13800001234"
            assert sent["TemplateCode"] == "SMS_4"
            assert json.loads(sent["TemplateParam"]) == {"title": "异议处理结果：维持"}
            notices = {n["kind"]: n["deliveries"] for n in api.ok(api.get("/notifications", "vendor1"))}
            assert [(d["channel"], d["state"]) for d in notices["objection.decided"]] == [
                ("email", "sent"),
                ("sms", "sent"),
            ]
            assert [d["channel"] for d in notices["question.answered"]] == ["email"]


def test_a_daily_digest_sends_the_days_notices_in_one_mail_at_eight(
    mailing: tuple[FastAPI, Api], smtp: SmtpServer, clock: ManualClock, accounts: tuple[str, FastAPI]
) -> None:
    app, api = mailing
    with accounts[1].state.sessionmaker.begin() as session:
        session.execute(update(User).where(User.username == "vendor1").values(email_digest=True))
    try:
        clock.set(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # 10:00 in Beijing
        vendor1, vendor2 = USER_BY_NAME["vendor1"].id, USER_BY_NAME["vendor2"].id
        with app.state.sessionmaker.begin() as session:
            for i in range(3):
                notify(session, kind="award.final", title=f"揭榜结果已公布：第{i}号", user_id=vendor1, now=clock.now())
                clock.advance(timedelta(hours=3))
            # Someone without the digest still gets the e-mail at once.
            notify(session, kind="award.final", title="揭榜结果已公布：即时", user_id=vendor2, now=clock.now())
        run(app)
        run(app)
        assert [r.recipients for r in smtp.received] == [[ADDRESSES["vendor2"]]]
        clock.set(datetime(2026, 11, 23, 23, 59, tzinfo=UTC))  # 07:59 in Beijing the next day
        run(app)
        assert len(smtp.received) == 1
        # (An SMS, where an earlier test left vendor1 a verified mobile, goes at once, digest or not.)
        waiting = [
            [d for d in n["deliveries"] if d["channel"] != "sms"] for n in api.ok(api.get("/notifications", "vendor1"))
        ]
        assert waiting == [[{"channel": "digest", "state": "pending", "attempts": 0, "sent_at": None}]] * 3
        clock.advance(timedelta(minutes=1))  # 08:00
        run(app)
        run(app)
        digests = [r for r in smtp.received if r.recipients == [ADDRESSES["vendor1"]]]
        assert len(digests) == 1
        assert str(digests[0].message["Subject"]) == "【视谷机会平台】2026-11-24 通知摘要（共 3 条）"
        text = body(digests[0])
        assert [text.count(f"第{i}号") for i in range(3)] == [1, 1, 1]
        clock.advance(timedelta(days=1))
        run(app)
        assert len([r for r in smtp.received if r.recipients == [ADDRESSES["vendor1"]]]) == 1
        sent = [
            [(d["channel"], d["state"]) for d in n["deliveries"] if d["channel"] != "sms"]
            for n in api.ok(api.get("/notifications", "vendor1"))
        ]
        assert sent == [[("digest", "sent")]] * 3
    finally:
        with accounts[1].state.sessionmaker.begin() as session:
            session.execute(update(User).values(email_digest=False))
