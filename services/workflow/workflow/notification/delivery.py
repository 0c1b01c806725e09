"""Notifications outside the app: e-mail over SMTP and SMS through the provider port (decision 0081).

Every notification is written with a `fanout` row of `notification_deliveries` in the same
transaction, so none is lost when a server is down. The kit's outbox relay works the table:

- `fanout` asks the gateway's directory who receives the notification on which channel (verified
  addresses, preferences) and writes one `email` / `sms` row per recipient and channel; the unique
  (notification, topic, user) makes a repeated fan-out write nothing twice;
- `email` / `sms` sends one message. It is marked sent in the transaction right after the server
  accepted it; a failure backs off and retries, and after `delivery_max_attempts` it is `failed`.

The Message-ID is the delivery's id, so even the one remaining duplicate (the process dies between
the server's 250 and the commit) can be recognised by the receiving side.

A recipient who chose the daily digest (decision 0093) gets a `digest` row instead of an `email`
row, due at the next 08:00 Beijing time. The first of a user's digest rows the relay reaches sends one
e-mail listing every notice still waiting for that user's digest and marks them all sent in the same
transaction that locked them, so each notice is in exactly one digest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import Clock, to_shanghai
from kit.mail import Mailer, MailSettings, compose
from kit.notices import kind
from kit.outbox import OutboxMixin, enqueue
from kit.sms import SmsSender
from workflow.clients.gateway import Directory
from workflow.models import Notification, NotificationDelivery


class NotificationGone(Exception):
    pass


def message(n: Notification, locale: str, link: str) -> tuple[str, str]:
    """(subject, text) of the e-mail for `n`: Chinese, or English with the Chinese notice quoted."""
    k = kind(n.kind)
    details = f"\n{n.body}\n" if n.body else ""
    if locale == "en":
        return (
            f"[Shigu Exchange] {k.en}",
            f"{k.en}\n\n{n.title}\n{details}\nDetails: {link}\n\n"
            "You receive this because this address is verified on Shigu Exchange; "
            "choose which notices reach you under Account → Notifications.\n",
        )
    return (
        f"【视谷机会平台】{n.title}",
        f"{n.title}\n{details}\n查看详情：{link}\n\n"
        "您收到此邮件，是因为此邮箱已在视谷机会平台验证。可在“账户 → 通知”中选择接收哪些通知。\n",
    )


DIGEST_HOUR = 8  # Beijing time


def next_digest_at(now: datetime) -> datetime:
    """The next 08:00 in Beijing strictly after `now`."""
    local = to_shanghai(now)
    at = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def digest_message(notices: list[tuple[Notification, str]], locale: str, day: str) -> tuple[str, str]:
    """(subject, text) of one user's daily digest: every notice with its link."""
    count = len(notices)
    if locale == "en":
        lines = "\n".join(f"{i}. {kind(n.kind).en}: {n.title}\n   {link}" for i, (n, link) in enumerate(notices, 1))
        return (
            f"[Shigu Exchange] Daily digest, {day}: {count} notice{'s' if count != 1 else ''}",
            f"{count} notice{'s' if count != 1 else ''} since the last digest:\n\n{lines}\n\n"
            "You chose one daily e-mail under Account → Notifications; SMS notices still come at once.\n",
        )
    lines = "\n".join(f"{i}. {n.title}\n   {link}" for i, (n, link) in enumerate(notices, 1))
    return (
        f"【视谷机会平台】{day} 通知摘要（共 {count} 条）",
        f"自上次摘要以来共有 {count} 条通知：\n\n{lines}\n\n您在“账户 → 通知”中选择了每日摘要；短信通知仍即时发送。\n",
    )


class Deliveries:
    def __init__(
        self,
        factory: sessionmaker[Session],
        clock: Clock,
        directory: Directory,
        mail_settings: MailSettings,
        mailer: Mailer,
        sms: SmsSender,
        *,
        channels: Collection[str],
        base_url: str,
    ) -> None:
        self.factory = factory
        self.clock = clock
        self.directory = directory
        self.mail_settings = mail_settings
        self.mailer = mailer
        self.sms = sms
        self.channels = frozenset(channels)
        self.base_url = base_url.rstrip("/")

    async def deliver(self, row: OutboxMixin) -> None:
        assert isinstance(row, NotificationDelivery)
        if row.topic == "fanout":
            await asyncio.to_thread(self.fan_out, row)
        elif row.topic == "email":
            await asyncio.to_thread(self.email, row)
        elif row.topic == "sms":
            await asyncio.to_thread(self.text, row)
        elif row.topic == "digest":
            await asyncio.to_thread(self.digest, row)
        else:
            raise ValueError(f"unknown delivery topic {row.topic!r}")

    def _notification(self, notification_id: str) -> Notification:
        with self.factory() as session:
            n = session.get(Notification, notification_id)
            if n is None:
                raise NotificationGone(notification_id)
            session.expunge(n)
            return n

    def fan_out(self, row: NotificationDelivery) -> None:
        n = self._notification(row.notification_id)
        recipients = self.directory.recipients(n.kind, user_id=n.user_id, org_id=n.org_id)
        now = self.clock.now()
        with self.factory.begin() as session:
            existing = {
                (row.topic, row.user_id)
                for row in session.execute(
                    select(NotificationDelivery.topic, NotificationDelivery.user_id).where(
                        NotificationDelivery.notification_id == n.id
                    )
                )
            }
            for r in recipients:
                for channel, address in (("email", r.email), ("sms", r.mobile)):
                    if channel not in r.channels or channel not in self.channels or not address:
                        continue
                    if (channel, r.user_id) in existing or (channel == "sms" and not self.sms.supports(n.kind)):
                        continue
                    topic = "digest" if channel == "email" and r.digest else channel
                    if ("digest", r.user_id) in existing and channel == "email":
                        continue
                    delivery = enqueue(session, NotificationDelivery, topic=topic, payload={}, now=now, key=r.user_id)
                    assert isinstance(delivery, NotificationDelivery)
                    if topic == "digest":
                        delivery.next_attempt_at = next_digest_at(now)
                    delivery.notification_id = n.id
                    delivery.user_id = r.user_id
                    delivery.address = address
                    delivery.locale = r.locale
                    delivery.last_error = ""

    def link(self, n: Notification) -> str:
        return f"{self.base_url}/challenges/{n.challenge_id}" if n.challenge_id else f"{self.base_url}/"

    def email(self, row: NotificationDelivery) -> None:
        n = self._notification(row.notification_id)
        subject, text = message(n, row.locale, self.link(n))
        self.mailer.send(
            compose(
                self.mail_settings,
                to=row.address,
                subject=subject,
                text=text,
                message_id=f"delivery-{row.id}",
                date=n.created_at,
            )
        )

    def digest(self, row: NotificationDelivery) -> None:
        """One e-mail for every notice waiting in the user's digest, sent and marked in one transaction
        that holds the rows: a second relay reaching another of them finds nothing left to send."""
        now = self.clock.now()
        with self.factory.begin() as session:
            rows = list(
                session.scalars(
                    select(NotificationDelivery)
                    .where(
                        NotificationDelivery.topic == "digest",
                        NotificationDelivery.user_id == row.user_id,
                        NotificationDelivery.delivered_at.is_(None),
                        NotificationDelivery.failed_at.is_(None),
                        NotificationDelivery.created_at <= now,
                    )
                    .order_by(NotificationDelivery.created_at, NotificationDelivery.id)
                    .with_for_update()
                )
            )
            if not rows:
                return  # already in a digest sent meanwhile
            ids = [r.notification_id for r in rows]
            found = {n.id: n for n in session.scalars(select(Notification).where(Notification.id.in_(ids)))}
            notices = [(found[i], self.link(found[i])) for i in ids if i in found]
            latest = rows[-1]
            day = to_shanghai(now).date().isoformat()
            subject, text = digest_message(notices, latest.locale, day)
            self.mailer.send(
                compose(
                    self.mail_settings,
                    to=latest.address,
                    subject=subject,
                    text=text,
                    message_id=f"digest-{rows[0].id}",
                    date=now,
                )
            )
            for r in rows:
                r.attempts += 1
                r.delivered_at, r.next_attempt_at, r.last_error = now, None, ""

    def text(self, row: NotificationDelivery) -> None:
        n = self._notification(row.notification_id)
        title = n.title if row.locale != "en" else kind(n.kind).en
        self.sms.send(row.address, n.kind, {"title": title[:30]})


def states(session: Session, notification_ids: list[str], user_id: str) -> dict[str, list[NotificationDelivery]]:
    """The user's own e-mail and SMS deliveries of these notifications."""
    if not notification_ids:
        return {}
    rows = session.scalars(
        select(NotificationDelivery)
        .where(
            NotificationDelivery.notification_id.in_(notification_ids),
            NotificationDelivery.user_id == user_id,
            NotificationDelivery.topic.in_(("email", "digest", "sms")),
        )
        .order_by(NotificationDelivery.topic)
    )
    out: dict[str, list[NotificationDelivery]] = {}
    for row in rows:
        out.setdefault(row.notification_id, []).append(row)
    return out
