from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from matching.models.base import Base


class Product(Base):
    """A 首台套 / 首版次 / ordinary product owned by a vendor organisation."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    owner_org_id: Mapped[str] = mapped_column(String(36), index=True)
    owner_name: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    layer_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    end_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    cases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Recognition(Base):
    """A catalogue recognition of a product (推广应用指导目录), valid three years unless stated."""

    __tablename__ = "recognitions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    edition_year: Mapped[int] = mapped_column(Integer)
    certificate_no: Mapped[str] = mapped_column(String(60), default="")
    recognised_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
