"""`python -m kit.uvicorn_main <uvicorn arguments>`: uvicorn's command line, with an exception that escapes
uvicorn (an application factory that raises while loading, say) logged as one JSON line with its
traceback, like every other line of the service, instead of Python's plain-text report."""

from __future__ import annotations

import logging
import sys
from types import TracebackType


def _log_uncaught(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, trace)
        return
    logging.getLogger("uvicorn.error").critical("the service stopped: %s", value, exc_info=(kind, value, trace))


def main() -> None:
    sys.excepthook = _log_uncaught
    from uvicorn.main import main as uvicorn

    uvicorn()


if __name__ == "__main__":
    main()
