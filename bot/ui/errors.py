"""Failures → one localized, human line. The single place an error code picks its text."""

from __future__ import annotations

import math
from html import escape

from bot.pivday import errors as pe
from bot.services import errors as se
from bot.ui.format import money
from bot.ui.paging import Translator

# Every code piv.day documents, plus the bot's own failure codes. Literal keys, so the locale
# check sees them used; a test asserts this covers every class in bot.pivday.errors.
ERROR_KEYS: dict[str, str] = {
    "UNAUTHORIZED": "error-unauthorized",
    "INSUFFICIENT_PERMISSIONS": "error-insufficient-permissions",
    "PERMISSION_DENIED": "error-permission-denied",
    "VALIDATION_ERROR": "error-validation",
    "NUMBER_NOT_FOUND": "error-number-not-found",
    "NUMBER_EXPIRED": "error-number-expired",
    "NUMBER_NOT_ACTIVE": "error-number-not-active",
    "INSUFFICIENT_BALANCE": "error-insufficient-balance",
    "INVALID_MESSAGE_FORMAT": "error-invalid-message-format",
    "COUNTRY_NOT_AVAILABLE": "error-country-not-available",
    "NO_NUMBERS_AVAILABLE": "error-no-numbers-available",
    "NO_RESTORABLE_NUMBERS": "error-no-restorable-numbers",
    "RATE_LIMITED": "error-rate-limited",
    "INTERNAL_ERROR": "error-internal",
    "SMS_DISABLED": "error-sms-disabled",
    "PROXY_DEAD": "error-proxy-dead",
    "QUEUE_FULL": "error-queue-full",
    "SERVER_UNAVAILABLE": "error-server-unavailable",
    "NOT_FOUND": "error-not-found",
    "DOMAIN_NOT_AVAILABLE": "error-domain-not-available",
    "INVALID_TIER": "error-invalid-tier",
    "NOT_READY": "error-not-ready",
    # Not in piv.day's tables: what the sandbox answers for renew/restore in the wrong state.
    "ORDER_EXPIRED": "error-order-expired",
    "ORDER_NOT_EXPIRED": "error-order-not-expired",
    se.LOCAL_VALIDATION: "error-local-validation",
    se.TIMEOUT: "error-timeout",
    se.UNREACHABLE: "error-unreachable",
    se.BAD_RESPONSE: "error-bad-response",
    se.TRANSPORT: "error-unreachable",
    se.KEY_REMOVED: "error-key-removed",
    se.KEY_UNREADABLE: "error-key-unreadable",
}
UNKNOWN_CODE_KEY = "error-unknown-code"
UNEXPECTED_KEY = "error-unexpected"


def error_text(t: Translator, exc: BaseException, *, reference: str | None = None) -> str:
    """The answer for a failure. Unexpected ones need the reference id that is in the log."""
    code = se.error_code_of(exc)
    if code == se.UNEXPECTED:
        return t.get(UNEXPECTED_KEY, ref=reference or "-")
    if isinstance(exc, pe.InsufficientBalanceError):
        if exc.required is not None and exc.available is not None:
            return t.get(
                "error-insufficient-balance-amounts",
                required=money(exc.required),
                available=money(exc.available),
                missing=money(exc.required - exc.available),
            )
        return t.get("error-insufficient-balance")
    if isinstance(exc, pe.RateLimitedError):
        return t.get("error-rate-limited", seconds=max(1, math.ceil(exc.retry_after)))
    if isinstance(exc, pe.LocalValidationError):
        return t.get("error-local-validation", field=escape(exc.field), reason=escape(exc.reason))
    key = ERROR_KEYS.get(code)
    if key is None:  # a code newer than this bot: show piv.day's own words
        message = exc.message if isinstance(exc, pe.PivDayError) else ""
        return t.get(UNKNOWN_CODE_KEY, code=escape(code), message=escape(message))
    if key == "error-validation" and isinstance(exc, pe.PivDayError):
        return t.get(key, message=escape(exc.message))
    return t.get(key)
