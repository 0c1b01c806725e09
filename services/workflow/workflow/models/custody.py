from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from workflow.models.base import Base


class OpeningKey(Base):
    """A custodian's opening key (decision 0107): the public half only, as the 65-byte uncompressed
    P-256 point in base64url, with its fingerprint (SHA-256 of the point, as in the envelope's header).

    Every key a custodian registered is kept; the current one has `current_user_id` set (unique, so a
    custodian has at most one), a replaced one has it cleared and `replaced_at` stamped."""

    __tablename__ = "opening_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    current_user_id: Mapped[str | None] = mapped_column(String(36), unique=True, nullable=True)
    public_key: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    replaced_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class OpeningSubmission(Base):
    """One custodian's shares for a custodian-sealed challenge (decision 0108): who, with which key, how many,
    when; the plaintext shares themselves are held encrypted under the challenge's service-side key until the
    k-th custodian opens the challenge, then `sealed_shares` is cleared (the row stays, as the record)."""

    __tablename__ = "opening_submissions"
    __table_args__ = (UniqueConstraint("challenge_id", "custodian_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    custodian_id: Mapped[str] = mapped_column(String(36))
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    share_count: Mapped[int] = mapped_column(Integer)
    sealed_shares: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
