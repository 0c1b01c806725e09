"""JSON structured logs carrying the request id."""

from __future__ import annotations

import json
import logging
import os
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


SERVICE_ENV = "KIT_SERVICE_NAME"
# uvicorn's own loggers (start-up, shutdown, errors and tracebacks) through the same formatter, from its
# first line: `kit.serve` passes this file as --log-config and names the service in KIT_SERVICE_NAME.
UVICORN_LOG_CONFIG = Path(__file__).with_name("uvicorn_logging.json")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str | None = None) -> None:
        super().__init__()
        self.service = service or os.environ.get(SERVICE_ENV, "") or "unknown"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid:
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            # `extra=` fields: whatever is not a standard LogRecord attribute.
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        # uvicorn's default configuration gives its loggers plain-text handlers of their own: through
        # the root's JSON handler instead, also when uvicorn was started without kit.serve's log config.
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    for name in ("uvicorn.access",):
        logging.getLogger(name).disabled = True
