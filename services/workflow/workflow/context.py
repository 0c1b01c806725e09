"""What every service function needs besides its arguments: the session, time, settings and keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.db import DbSession
from kit.workdays import PeriodEnd
from workflow.calendar.repository import working_days_after
from workflow.config import Settings
from workflow.sealing import Sealer


@dataclass
class Context:
    session: Session
    clock: Clock
    settings: Settings
    sealer: Sealer

    def now(self) -> datetime:
        return self.clock.now()

    def period(self, delta: timedelta, *, human: bool = False) -> timedelta:
        """A computed period, shrunk by the sandbox acceleration factor; `human` for a period in which a
        person must act (公示, fix-up), which the sandbox may shrink less."""
        factor = self.settings.human_acceleration if human else self.settings.time_acceleration
        return delta / factor

    def working_days_end(self, start: datetime, days: int, *, human: bool = False) -> PeriodEnd:
        """The end of `days` working days after `start` (shrunk like every period, or like the periods a
        person acts in when `human`), flagged provisional when it counts days of a year whose arrangement
        is not confirmed."""
        factor = self.settings.human_acceleration if human else self.settings.time_acceleration
        return working_days_after(self.session, start, days, factor)


async def get_context(request: Request, session: DbSession) -> Context:
    # async: it only reads app state, so it needs no hop through the thread pool.
    state = request.app.state
    return Context(session=session, clock=state.clock, settings=state.settings, sealer=state.sealer)


Ctx = Annotated[Context, Depends(get_context)]
