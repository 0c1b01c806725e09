"""What every service function needs besides its arguments: the session, time, settings and keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.db import DbSession
from workflow.application.sealing import Sealer
from workflow.calendar.service import calendar_with_overrides
from workflow.config import Settings


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

    def working_days_end(self, start: datetime, days: int, *, human: bool = False) -> datetime:
        end = calendar_with_overrides(self.session).add_working_days(start, days)
        return start + self.period(end - start, human=human)

    @property
    def is_postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"


async def get_context(request: Request, session: DbSession) -> Context:
    # async: it only reads app state, so it needs no hop through the thread pool.
    state = request.app.state
    return Context(session=session, clock=state.clock, settings=state.settings, sealer=state.sealer)


Ctx = Annotated[Context, Depends(get_context)]
