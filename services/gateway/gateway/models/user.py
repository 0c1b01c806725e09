from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models.base import Base
from kit.types import UtcDateTime, new_id


class UserStatus(StrEnum):
    """The states of a user's lifecycle (gateway/account/lifecycle.py). A user is created active: a
    registration waits on its organisation's verification instead (decision 0104)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"


USER_STATUSES = tuple(s.value for s in UserStatus)
ROLES = ("enterprise", "vendor", "expert", "gov_reviewer", "supervisor", "admin")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"status IN {USER_STATUSES!r}", name="status"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Set when an administrator reset the password: the temporary one signs in only until then, and
    # only to be replaced by one the user chooses.
    password_temporary_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # The TOTP second factor (decision 0077): the secret from enrolment, active from `totp_enabled_at`;
    # `totp_last_step` is the time step of the last code accepted, so that no code signs in twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    totp_last_step: Mapped[int | None] = mapped_column(default=None)
    # Contacts (decision 0081): only verified values are stored here; an address being verified lives
    # in its `ContactCode` until the code comes back. `locale`: the language of e-mail and SMS.
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    email_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    mobile: Mapped[str | None] = mapped_column(String(20), default=None)
    mobile_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    locale: Mapped[str] = mapped_column(String(5), default="zh", server_default="zh")
    # One e-mail a day at 08:00 Beijing time listing the notices, instead of one per notice (decision 0093).
    email_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None


# Usernames differing only in case are one account: sign-in compares them case-insensitively.
Index("uq_users_username_lower", func.lower(User.username), unique=True)
# A password reset may name the account by its verified e-mail.
Index("ix_users_email_lower", func.lower(User.email))


class RecoveryCode(Base):
    """A one-time code that signs in instead of a TOTP code (SHA-256 of it; `used_at` once spent)."""

    __tablename__ = "totp_recovery_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


CODE_PURPOSES = ("email", "mobile", "reset")


class ContactCode(Base):
    """A one-time code sent to an address: `email`/`mobile` verify that address for the user, `reset`
    sets a new password (sent to the verified e-mail). Stored as SHA-256 of id and code; dead once
    used, expired, replaced by a newer code of the same purpose or after too many wrong tries."""

    __tablename__ = "contact_codes"
    __table_args__ = (CheckConstraint(f"purpose IN {CODE_PURPOSES!r}", name="purpose"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class PasswordResetLink(Base):
    """A one-time link an administrator issued so that a user sets a new password (decision 0092):
    SHA-256 of the token only; dead once used, expired, or replaced by a newer link for the user."""

    __tablename__ = "password_reset_links"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    replaced_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class PasswordHistory(Base):
    """A password the user had before the current one (its argon2id hash only), so that a new one
    can be refused when it repeats one of the last few (`auth.service.PASSWORD_HISTORY`)."""

    __tablename__ = "password_history"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    seq: Mapped[int] = mapped_column(Integer)  # the user's n-th replaced password: the order, whatever the clock
    replaced_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NotificationPreference(Base):
    """A user's choice for one kind of notification on one channel outside the app (in-app is always
    on). No row: the default, e-mail on for every kind and SMS on for the kinds that allow it."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)


class Membership(Base):
    """A user's place in one organisation, one row per role held there. `org_admin`: may invite
    members to it; `created_at`: when the user joined (the tokens' `member_since`)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", "role"),
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    org_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Invitation(Base):
    """A one-time invitation to join an organisation, sent by its administrator; stored hashed."""

    __tablename__ = "invitations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    accepted_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
