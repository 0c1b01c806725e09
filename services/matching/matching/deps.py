"""App-state dependencies shared by the modules: the search backend, the clock, the index kick."""

from __future__ import annotations

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request

from kit.app import ClockDep
from matching.search.port import SearchBackend


async def _backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.search
    return backend


async def kick_indexer(request: Request, background: BackgroundTasks) -> None:
    """After a write commits, deliver the index outbox at once (read-your-writes for the writer)."""
    if request.method != "GET":
        background.add_task(request.app.state.drain_outbox)


Backend = Annotated[SearchBackend, Depends(_backend)]

__all__ = ["Backend", "ClockDep", "kick_indexer"]
