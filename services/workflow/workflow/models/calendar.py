from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime
from workflow.models.base import Base


class CalendarOverride(Base):
    """A day entered by an admin: one of the State Council's holidays or 调休 make-up working days, or a
    local correction. In a confirmed year these days, over Monday–Friday, are the whole calendar."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CalendarYear(Base):
    """A year's arrangement as operated data: a draft until an admin confirms it against the notice it
    came from (the 国务院办公厅 notice's title and date)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | confirmed
    source_title: Mapped[str] = mapped_column(String(200), default="")
    source_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    confirmed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
