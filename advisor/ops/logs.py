"""Structured logs: one JSON object per line (time, level, logger, message, request_id, route, status,
duration_ms), with personal data redacted from every message and traceback.

`configure_logging(...)` installs one handler on the root logger; calling it again replaces that handler
rather than adding a second one. Uvicorn's own access log is switched off because it prints raw paths and
query strings; the service writes its own access line per request (see advisor/api/requests.py).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys
from typing import IO, Any

from advisor.ops.redact import redact

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Extra fields a log call may carry (`log.info("...", extra={"route": ...})`) that end up in the JSON.
EXTRA_FIELDS = ("route", "method", "status", "duration_ms", "client")
_HANDLER_NAME = "advisor-root"


class RedactingFilter(logging.Filter):
    """Formats the message once, redacts it and drops the arguments, so no handler can see raw values.
    Also stamps the current request id on the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the log line
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatException(self, ei: Any) -> str:
        return redact(super().formatException(ei))


def configure_logging(
    *, json_lines: bool = True, level: str = "INFO", stream: IO[str] | None = None
) -> logging.Handler:
    """Send every log record through one redacting handler on the root logger; returns that handler."""
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == _HANDLER_NAME:
            root.removeHandler(existing)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Uvicorn's error log joins ours (redacted, JSON); its access log would repeat raw query strings.
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    return handler
