"""One-time codes to a user's e-mail or mobile: verifying the address, and resetting the password.

A code is six digits, stored as SHA-256 of the row id and the code, valid `contact_code_minutes`
(`reset_code_minutes` for a reset), refused after `contact_code_max_attempts` wrong tries, and
replaced by the next code of the same purpose. Sending is counted per account and per client
address in the database (gateway/auth/rate.py) so that no one can mail-bomb an address through us.
Every issued, verified and refused code is logged under `gateway.account` (decision 0081); a code
sent, a code accepted and a code dead after too many wrong tries enter the gateway's audit chain with
the address masked (never the code).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from gateway import audit
from gateway.config import Settings
from gateway.models import ContactCode, RateEvent, User
from kit.errors import ServiceUnavailable, TooManyRequests, UnprocessableContent
from kit.mail import Mailer, MailFailed, MailSettings, compose
from kit.sms import SmsFailed, SmsSender
from kit.types import new_id

log = logging.getLogger("gateway.account")

EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
CODE_KIND = "contact-code"


def normal_email(value: str) -> str:
    address = value.strip()
    if len(address) > 254 or not EMAIL.match(address):
        raise UnprocessableContent(
            "address: 不是有效的电子邮箱地址。 Not a valid e-mail address.", code="invalid-address", field="address"
        )
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normal_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value.strip())
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if not MOBILE.match(digits):
        raise UnprocessableContent(
            "address: 不是有效的中国大陆手机号码（11 位，1 开头）。 Not a valid mainland China mobile number.",
            code="invalid-address",
            field="address",
        )
    return digits


def _digest(code_id: str, code: str) -> str:
    return hashlib.sha256(f"{code_id}:{code}".encode()).hexdigest()


def masked(address: str) -> str:
    """`zh***@example.cn`, `138****5678`: enough to tell addresses apart in the audit, not to use one."""
    if "@" in address:
        local, domain = address.rsplit("@", 1)
        return f"{local[:2]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}"


def _record(session: Session, action: str, row: ContactCode, actor: str, now: datetime, **data: object) -> None:
    """One code event in the gateway's chain; `actor`: `user:<id>` signed in, or `client:<address>`
    for a password reset asked without signing in."""
    user = session.get(User, row.user_id)
    name = user.username if user is not None and actor.startswith("user:") else ""
    channel = "mobile" if row.purpose == "mobile" else "email"
    details = {"purpose": row.purpose, "channel": channel, "address": masked(row.address), "code_id": row.id, **data}
    audit.record(session, None, action, f"user:{row.user_id}", now=now, data=details, actor=(actor, name))


@dataclass(frozen=True)
class Issued:
    code_id: str
    code: str
    address: str
    expires_at: datetime


def _messages(purpose: str, code: str, minutes: int, username: str) -> dict[str, tuple[str, str]]:
    """(subject, text) per locale."""
    if purpose == "reset":
        return {
            "zh": (
                "视谷机会平台：重置密码验证码",
                f"账号 {username} 的重置密码验证码是 {code}，{minutes} 分钟内有效。\n"
                "如非本人操作，请忽略本邮件，您的密码不会改变。",
            ),
            "en": (
                "Shigu Exchange: password reset code",
                f"The password reset code for the account {username} is {code}; it is valid for {minutes} minutes.\n"
                "If you did not ask for it, ignore this message: your password stays as it is.",
            ),
        }
    return {
        "zh": (
            "视谷机会平台：联系方式验证码",
            f"您的验证码是 {code}，{minutes} 分钟内有效，用于验证账号 {username} 的联系方式。如非本人操作，请忽略。",
        ),
        "en": (
            "Shigu Exchange: verification code",
            f"Your verification code is {code}, valid for {minutes} minutes, to verify a contact of the account "
            f"{username}. If you did not ask for it, ignore this message.",
        ),
    }


class Codes:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        mail_settings: MailSettings,
        mailer: Mailer,
        sms: SmsSender,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.mail_settings = mail_settings
        self.mailer = mailer
        self.sms = sms

    # -- limits ---------------------------------------------------------------------------------

    def _wait(self, session: Session, now: datetime, *, account: str | None, address: str | None) -> int | None:
        window = timedelta(hours=1)
        checks = []
        if account is not None:
            checks.append((RateEvent.account == account, self.settings.contact_codes_per_account_hour))
        if address is not None:
            checks.append((RateEvent.address == address, self.settings.contact_codes_per_address_hour))
        waits = []
        for clause, most in checks:
            count, oldest = session.execute(
                select(func.count(), func.min(RateEvent.at)).where(
                    RateEvent.kind == CODE_KIND, RateEvent.at > now - window, clause
                )
            ).one()
            if count >= most and oldest is not None:
                waits.append(max(1, int((oldest + window - now).total_seconds()) + 1))
        return max(waits) if waits else None

    def refuse_if_address_limited(self, client: str, now: datetime) -> None:
        with self.sessions() as session:
            wait = self._wait(session, now, account=None, address=client)
        if wait is not None:
            raise _too_many(wait)

    # -- issuing --------------------------------------------------------------------------------

    def issue(
        self, user_id: str, purpose: str, address: str, client: str, now: datetime, *, quiet: bool = False
    ) -> Issued | None:
        """A new code for `purpose`, sent to `address`. Over a limit: 429, or None when `quiet` (a
        password reset answers the same whether or not it sent anything)."""
        minutes = self.settings.reset_code_minutes if purpose == "reset" else self.settings.contact_code_minutes
        code = f"{secrets.randbelow(10**6):06d}"
        with self.sessions.begin() as session:
            wait = self._wait(session, now, account=user_id, address=client)
            if wait is not None:
                log.warning("contact code refused: limit", extra={"user_id": user_id, "purpose": purpose})
                if quiet:
                    return None
                raise _too_many(wait)
            session.add(RateEvent(kind=CODE_KIND, account=user_id, address=client, at=now))
            session.execute(
                update(ContactCode)
                .where(ContactCode.user_id == user_id, ContactCode.purpose == purpose, ContactCode.used_at.is_(None))
                .values(used_at=now)
            )
            code_id = new_id()
            row = ContactCode(
                id=code_id,
                code_hash=_digest(code_id, code),
                user_id=user_id,
                purpose=purpose,
                address=address,
                created_at=now,
                expires_at=now + timedelta(minutes=minutes),
                attempts=0,
            )
            session.add(row)
            user = session.get(User, user_id)
            assert user is not None
            locale, username = user.locale, user.username
            issued = Issued(row.id, code, address, row.expires_at)
        try:
            self._send(purpose, address, code, minutes, locale, username, issued.code_id, now)
        except (MailFailed, SmsFailed) as exc:
            log.error("contact code not delivered", extra={"user_id": user_id, "purpose": purpose, "error": str(exc)})
            with self.sessions.begin() as session:
                session.execute(update(ContactCode).where(ContactCode.id == issued.code_id).values(used_at=now))
            if quiet:
                return None
            raise ServiceUnavailable(
                "验证码暂时无法送达，请稍后再试。 The code could not be sent; retry shortly.",
                code="delivery-unavailable",
                headers={"Retry-After": "30"},
            ) from exc
        log.info("contact code issued", extra={"user_id": user_id, "purpose": purpose, "code_id": issued.code_id})
        actor = f"client:{client}" if purpose == "reset" else f"user:{user_id}"
        with self.sessions.begin() as session:
            sent = session.get(ContactCode, issued.code_id)
            assert sent is not None
            _record(session, "contact_code.sent", sent, actor, now, expires_at=issued.expires_at.isoformat())
        return issued

    def _send(
        self,
        purpose: str,
        address: str,
        code: str,
        minutes: int,
        locale: str,
        username: str,
        code_id: str,
        now: datetime,
    ) -> None:
        if purpose == "mobile":
            self.sms.send(address, "verify", {"code": code})
            return
        subject, text = _messages(purpose, code, minutes, username)["en" if locale == "en" else "zh"]
        self.mailer.send(
            compose(self.mail_settings, to=address, subject=subject, text=text, message_id=f"code-{code_id}", date=now)
        )

    # -- checking -------------------------------------------------------------------------------

    def check(
        self, session: Session, user_ids: list[str], purpose: str, code: str, now: datetime, *, actor: str
    ) -> ContactCode | None:
        """The live code of one of `user_ids` that matches, now used; a wrong code counts a try on
        every live code it was tried against. The caller commits either way. `actor` as in the audit
        (`user:<id>`, or `client:<address>` for a reset)."""
        rows = list(
            session.scalars(
                select(ContactCode)
                .where(
                    ContactCode.user_id.in_(user_ids),
                    ContactCode.purpose == purpose,
                    ContactCode.used_at.is_(None),
                    ContactCode.expires_at > now,
                    ContactCode.attempts < self.settings.contact_code_max_attempts,
                )
                .with_for_update()
            )
        )
        for row in rows:
            if hmac.compare_digest(row.code_hash, _digest(row.id, code)):
                row.used_at = now
                log.info("contact code accepted", extra={"user_id": row.user_id, "purpose": purpose})
                _record(session, "contact_code.verified", row, actor, now)
                return row
        for row in rows:
            row.attempts += 1
            if row.attempts == self.settings.contact_code_max_attempts:
                _record(session, "contact_code.exhausted", row, actor, now, attempts=row.attempts)
        log.warning("contact code refused", extra={"user_ids": user_ids, "purpose": purpose})
        return None

    def pending(self, session: Session, user_id: str, now: datetime) -> dict[str, ContactCode]:
        rows = session.scalars(
            select(ContactCode).where(
                ContactCode.user_id == user_id,
                ContactCode.purpose.in_(("email", "mobile")),
                ContactCode.used_at.is_(None),
                ContactCode.expires_at > now,
                ContactCode.attempts < self.settings.contact_code_max_attempts,
            )
        )
        return {row.purpose: row for row in rows}


def accounts_named(session: Session, account: str) -> list[User]:
    """Active users whose username is `account`, or whose verified e-mail it is (case-insensitively)."""
    name = account.strip().lower()
    return list(
        session.scalars(
            select(User)
            .where(or_(func.lower(User.username) == name, func.lower(User.email) == name), User.status == "active")
            .order_by(User.username)
        )
    )


def code_invalid() -> UnprocessableContent:
    return UnprocessableContent(
        "code: 验证码不正确、已过期或已失效，请重新获取。 The code is wrong, expired or used up; ask for a new one.",
        code="code-invalid",
        field="code",
    )


def _too_many(wait: int) -> TooManyRequests:
    return TooManyRequests(
        f"验证码发送过于频繁，请 {wait} 秒后再试。 Too many codes; retry in {wait}s.",
        retry_after=wait,
        code="rate-limited",
    )
