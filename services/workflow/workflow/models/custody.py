from datetime import datetime

from sqlalchemy import String
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
