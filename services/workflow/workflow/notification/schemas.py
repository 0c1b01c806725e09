"""What the inbox and the admins' delivery list answer."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

State = Literal["pending", "sent", "failed"]


class DeliveryOut(BaseModel):
    """The notification by e-mail (`digest`: in the daily digest e-mail) or SMS: `pending` (with
    `attempts` made so far, retried), `sent` (accepted by the mail server or the SMS provider),
    `failed` (given up)."""

    channel: Literal["email", "digest", "sms"]
    state: State
    attempts: int
    sent_at: datetime | None


class NotificationOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    challenge_id: str | None
    created_at: datetime
    read_at: datetime | None
    deliveries: list[DeliveryOut] = []


class AdminDeliveryOut(BaseModel):
    id: str
    notification_id: str
    kind: str
    # `fanout`: the step that asks the directory who receives the notification (no address yet).
    channel: Literal["fanout", "email", "digest", "sms"]
    user_id: str
    address: str
    state: State
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    failed_at: datetime | None
