from __future__ import annotations

from kit.idempotency import IdempotencyKeyColumns
from matching.models.base import Base


class IdempotencyKey(IdempotencyKeyColumns, Base):
    """The first answer to a creating POST, replayed when the same key comes again (kit.idempotency)."""
