"""Password-reset links issued by an administrator (decision 0092).

The token is 32 random bytes (URL-safe), stored as its SHA-256 only, valid `reset_link_hours`. Issuing
a link replaces every live link of the user; using one sets a password the user chose (policy and
"not the current one"), ends every session and spends the link. Both acts enter the gateway's
`admin_audit` chain; the token itself never does, nor any log.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.models import PasswordResetLink, User
from kit.errors import UnprocessableContent
from kit.mail import Mailer, MailFailed, MailSettings, compose

log = logging.getLogger("gateway.account")

PAGE = "/password-reset/link"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewLink:
    link_id: str
    token: str
    expires_at: datetime


def issue(session: Session, user: User, issued_by: str | None, now: datetime, hours: int) -> NewLink:
    """A new link for `user`, every earlier live one replaced, in the caller's transaction."""
    session.execute(
        update(PasswordResetLink)
        .where(
            PasswordResetLink.user_id == user.id,
            PasswordResetLink.used_at.is_(None),
            PasswordResetLink.replaced_at.is_(None),
        )
        .values(replaced_at=now)
    )
    token = secrets.token_urlsafe(32)
    row = PasswordResetLink(
        user_id=user.id,
        token_hash=digest(token),
        issued_by=issued_by,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return NewLink(row.id, token, row.expires_at)


def url(origin: str, token: str) -> str:
    return f"{origin.rstrip('/')}{PAGE}?token={token}"


PROBLEMS = {
    "unknown": "token: 该链接无效，请联系管理员重新发送。 This link is not valid; ask an administrator for a new one.",
    "expired": "token: 该链接已过期，请联系管理员重新发送。 This link has expired; ask an administrator for a new one.",
    "used": "token: 该链接已使用过，不能再次使用。 This link has already been used.",
    "replaced": "token: 已有更新的链接发出，此链接已失效。 A newer link was issued; this one no longer works.",
}


def link_problem(state: str) -> UnprocessableContent:
    return UnprocessableContent(PROBLEMS[state], code=f"reset-link-{state}", field="token")


def live(session: Session, token: str, now: datetime, *, lock: bool = False) -> PasswordResetLink:
    """The link of `token` if it still works; otherwise a 422 naming why."""
    query = select(PasswordResetLink).where(PasswordResetLink.token_hash == digest(token))
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise link_problem("unknown")
    if row.used_at is not None:
        raise link_problem("used")
    if row.replaced_at is not None:
        raise link_problem("replaced")
    if row.expires_at <= now:
        raise link_problem("expired")
    return row


def _message(locale: str, username: str, link: str, expires: str) -> tuple[str, str]:
    if locale == "en":
        return (
            "Shigu Exchange: set a new password",
            f"An administrator of Shigu Exchange issued a password-reset link for the account {username}.\n"
            f"Open it to choose a new password (valid until {expires}, Beijing time, and once only):\n\n{link}\n\n"
            "If you did not expect it, contact the platform's administrators.",
        )
    return (
        "视谷机会平台：设置新密码",
        f"平台管理员为账号 {username} 发出了重置密码链接。\n"
        f"请打开以下链接设置新密码（北京时间 {expires} 前有效，仅可使用一次）：\n\n{link}\n\n"
        "如非您本人申请，请联系平台管理员。",
    )


def send(
    mailer: Mailer, settings: MailSettings, user: User, link: str, new: NewLink, expires_text: str, now: datetime
) -> bool:
    """E-mails the link to the user's verified address; False when there is none or it failed."""
    if not (user.email and user.email_verified_at):
        return False
    subject, text = _message(user.locale, user.username, link, expires_text)
    try:
        mailer.send(
            compose(
                settings, to=user.email, subject=subject, text=text, message_id=f"reset-link-{new.link_id}", date=now
            )
        )
    except MailFailed as exc:
        log.error("reset link not delivered", extra={"user_id": user.id, "error": str(exc)})
        return False
    log.info("reset link e-mailed", extra={"user_id": user.id, "link_id": new.link_id})
    return True
