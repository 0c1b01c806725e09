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
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import Clock
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
                    delivery = enqueue(session, NotificationDelivery, topic=channel, payload={}, now=now, key=r.user_id)
                    assert isinstance(delivery, NotificationDelivery)
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
            NotificationDelivery.topic.in_(("email", "sms")),
        )
        .order_by(NotificationDelivery.topic)
    )
    out: dict[str, list[NotificationDelivery]] = {}
    for row in rows:
        out.setdefault(row.notification_id, []).append(row)
    return out
