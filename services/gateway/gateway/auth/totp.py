"""The TOTP second factor of an account (decision 0077): enrolment, confirmation with recovery codes,
the check at sign-in, and switching it off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gateway.models import RecoveryCode, User
from kit import totp
from kit.errors import Conflict, ProblemError, Unauthorized, UnprocessableContent

ISSUER = "视谷机会平台"
RECOVERY_CODES = 10


def enrol(user: User) -> tuple[str, str]:
    """A new secret, kept unconfirmed until a code from it arrives; another enrolment replaces it."""
    if user.totp_enabled_at is not None:
        raise Conflict("动态口令已启用。 A TOTP factor is already active.", code="totp-already-enabled")
    user.totp_secret = totp.new_secret()
    return user.totp_secret, totp.provisioning_uri(user.totp_secret, user.username, ISSUER)


def confirm(session: Session, user: User, code: str, now: datetime) -> list[str]:
    """Activate the enrolled secret with one of its codes; the recovery codes, shown this once."""
    if user.totp_enabled_at is not None:
        raise Conflict("动态口令已启用。 A TOTP factor is already active.", code="totp-already-enabled")
    if user.totp_secret is None:
        raise Conflict("请先开始绑定。 Start the enrolment first.", code="totp-not-enrolled")
    step = totp.matching_step(user.totp_secret, code, now)
    if step is None:
        raise UnprocessableContent(
            "code: 动态口令不正确，请核对手机时间后重试。 The code is wrong.", code="totp-invalid", field="code"
        )
    user.totp_enabled_at = now
    user.totp_last_step = step
    codes = [totp.recovery_code() for _ in range(RECOVERY_CODES)]
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.add_all(RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(c)) for c in codes)
    return codes


def disable(session: Session, user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def accept_code(session: Session, user: User, code: str, now: datetime) -> bool:
    """Spend a current code (its time step is recorded: no code counts twice) or an unused recovery
    code of a user with an active factor."""
    assert user.totp_secret is not None
    step = totp.matching_step(user.totp_secret, code.strip(), now, after=user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return True
    recovery = session.scalar(
        select(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == totp.recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .with_for_update()
    )
    if recovery is None:
        return False
    recovery.used_at = now
    return True


def sign_in_refusal(session: Session, user: User, code: str | None, now: datetime) -> ProblemError | None:
    """Why a sign-in with the right password is refused for want of the second factor, or None."""
    if user.totp_enabled_at is None:
        return None
    if not code:
        return Unauthorized(
            "totp_code: 请输入动态口令。 Enter the 6-digit code of your authenticator.",
            code="totp-required",
            field="totp_code",
        )
    if not accept_code(session, user, code, now):
        return Unauthorized(
            "totp_code: 动态口令不正确或已使用过。 The code is wrong or was used already.",
            code="totp-invalid",
            field="totp_code",
        )
    return None
