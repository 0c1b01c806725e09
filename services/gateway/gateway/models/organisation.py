from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models.base import Base
from kit.types import UtcDateTime, new_id

ORG_KINDS = ("enterprise", "vendor", "government", "operator")


class OrganisationStatus(StrEnum):
    """The states of an organisation's lifecycle (gateway/organisations/lifecycle.py)."""

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REJECTED = "rejected"


ORG_STATUSES = tuple(s.value for s in OrganisationStatus)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(f"kind IN {ORG_KINDS!r}", name="kind"),
        CheckConstraint(f"status IN {ORG_STATUSES!r}", name="status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    district: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # Told to the registrant when they try to sign in, so they know what to correct.
    rejection_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
