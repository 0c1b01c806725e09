"""Column types that behave the same on SQLite and PostgreSQL, and the range of moments every service accepts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator
from sqlalchemy import DateTime, Dialect, TypeDecorator

from kit.errors import UnprocessableContent

# Far enough for any deadline or notice period, and far from datetime's own limits: a moment in these years
# converts to UTC at any offset and survives adding months of working days (year 1 at +08:00 or 9999-12-31
# plus a day have no datetime at all, and answered 500).
MIN_YEAR, MAX_YEAR = 1970, 2999
RANGE_MESSAGE = f"时间须在 {MIN_YEAR}–{MAX_YEAR} 年之间。 The moment must lie in the years {MIN_YEAR}–{MAX_YEAR}."


def _in_range(value: datetime) -> datetime:
    # The year is read before any conversion, which could itself overflow.
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(RANGE_MESSAGE)
    return value


# Every datetime a request may carry (body field or query parameter): out-of-range values are a 422 that names
# the field, never an OverflowError further down.
Moment = Annotated[datetime, AfterValidator(_in_range)]


def computed_moment(compute: Callable[[], datetime], *, field: str) -> datetime:
    """`compute()` when its result is a moment in range; otherwise a 422 naming the input `field`."""
    try:
        result = compute()
    except OverflowError:
        result = datetime.max
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise UnprocessableContent(f"{field}: {RANGE_MESSAGE}", code="moment-out-of-range", field=field)
    return result


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> str:
    return str(uuid.uuid4())
