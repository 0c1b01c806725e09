from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models.base import Base
from kit.types import UtcDateTime, new_id


class RefreshToken(Base):
    """Opaque refresh tokens, stored hashed; each use rotates it."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(36), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # When this token was issued and the browser that signed in (kept through the family's
    # rotations): what the user's session list shows. None on tokens issued before they were kept.
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    user_agent: Mapped[str | None] = mapped_column(String(200), default=None)


class RateEvent(Base):
    """One counted event (a failed sign-in, a registration, a refresh) for the throttles: kept in the
    database so that every gateway replica counts the same events; rows older than the longest window
    of their kind are deleted when the next one of that kind is written."""

    __tablename__ = "rate_events"
    __table_args__ = (
        Index("ix_rate_events_kind_address_at", "kind", "address", "at"),
        Index("ix_rate_events_kind_account_at", "kind", "account", "at"),
        Index("ix_rate_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The account named (lower-cased, as typed: it need not exist), or None where no account is involved.
    account: Mapped[str | None] = mapped_column(String(64), default=None)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
