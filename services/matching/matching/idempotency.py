"""`Idempotency-Key` on POSTs that create things: the kit's design (decision 0088) over matching's table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kit.idempotency import Idempotency, idempotency
from matching.models import IdempotencyKey

IdempotencyDep = Annotated[Idempotency, Depends(idempotency(IdempotencyKey))]
