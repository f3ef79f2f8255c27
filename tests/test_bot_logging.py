"""Structured log lines: one line per event, update/user context, secrets masked."""

from __future__ import annotations

import io
import logging

from bot.logsetup import log_context, make_handler, redact


def _logger(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger("test.logsetup")
    logger.handlers[:] = [make_handler(stream)]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger


def test_one_line_with_context() -> None:
    stream = io.StringIO()
    logger = _logger(stream)
    with log_context(update_id=17, user_id=5):
        logger.info("multi\nline %s", "value with spaces")
    logger.info("outside")
    first, second = stream.getvalue().splitlines()
    assert first.startswith("ts=") and "level=info" in first
    assert 'msg="multi\\nline value with spaces"' in first
    assert "update_id=17" in first and "user_id=5" in first
    assert "update_id" not in second


def test_exceptions_stay_on_one_line_and_are_redacted() -> None:
    stream = io.StringIO()
    logger = _logger(stream)
    key = "pk_live_" + "A1b2C3d4" * 4
    try:
        raise RuntimeError(f"boom Authorization: Bearer {key}")
    except RuntimeError:
        logger.exception("failed with %s", key)
    out = stream.getvalue()
    assert len(out.splitlines()) == 1
    assert key not in out and "[redacted]" in out and "RuntimeError" in out


def test_redact_known_shapes() -> None:
    key = "pk_sbx_" + "z" * 32
    token = "123456789:" + "A" * 35
    text = redact(f"key={key} bot {token} header Bearer abc.def api_key: 's3cr3t'")
    assert key not in text and token not in text and "abc.def" not in text
    assert "s3cr3t" not in text
    assert redact("update handled type=message ms=3") == "update handled type=message ms=3"
