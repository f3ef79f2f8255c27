"""Structured logging: one `key=value` line per event, with the update and user in context.

`update_id` and `user_id` live in contextvars set by the bot's first middleware, so every log line
written while an update is handled carries them, whichever module logs. The redaction filter is
defence in depth: code never logs a key, but if a key-shaped string or a Bearer header slips into a
message or traceback it is masked before the line is written.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

update_id_var: ContextVar[int | None] = ContextVar("update_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)

REDACTED = "[redacted]"
# Bearer headers, Telegram bot tokens, piv.day-style keys (pk_live_…, pk_sbx_…) and any long
# opaque token that looks like a secret.
_SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}\b"),
    re.compile(r"\bpk_[A-Za-z0-9]+_[A-Za-z0-9_-]{8,}\b"),
    re.compile(r"(?i)(api[_-]?key|token|secret|authorization)([\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
]


def redact(text: str) -> str:
    for pattern in _SECRET_PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: "".join(g or "" for g in m.groups()) + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class RedactionFilter(logging.Filter):
    """Masks secrets in the rendered message (args included) and in exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class ContextFilter(logging.Filter):
    """Adds update_id / user_id from the contextvars to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id_var.get()
        record.user_id = user_id_var.get()
        return True


def _value(value: object) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n\r\t'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… msg="…" update_id=… user_id=… exc="…"` on a single line."""

    def format(self, record: logging.LogRecord) -> str:
        fields: list[tuple[str, object]] = [
            ("ts", datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")),
            ("level", record.levelname.lower()),
            ("logger", record.name),
            ("msg", record.getMessage()),
        ]
        for name in ("update_id", "user_id"):
            value = getattr(record, name, None)
            if value is not None:
                fields.append((name, value))
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self.formatException(record.exc_info))
        if record.exc_text:
            fields.append(("exc", record.exc_text))
        return " ".join(f"{key}={_value(value)}" for key, value in fields)


def make_handler(stream: object = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactionFilter())
    return handler


def setup_logging(level: str = "INFO") -> None:
    """Root logger → one key=value line per event on stderr; noisy libraries turned down."""
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(make_handler())
    root.setLevel(level.upper())
    # aiogram.event's "Update id=… is handled" duplicates bot.middlewares' own line.
    for noisy in ("httpx", "httpcore", "aiohttp.access", "aiogram.event"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@contextmanager
def log_context(update_id: int | None, user_id: int | None) -> Iterator[None]:
    update_token = update_id_var.set(update_id)
    user_token = user_id_var.set(user_id)
    try:
        yield
    finally:
        user_id_var.reset(user_token)
        update_id_var.reset(update_token)
