"""One exception tree for piv.day: API errors by code, transport errors apart.

`error_for` is the only place an API error code becomes a class. Messages never carry the API key:
the client scrubs server text before it gets here and transport errors name only method and path.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime

# Used when a 429 names no usable wait: long enough for a 60 s window to drain a good part.
DEFAULT_RETRY_AFTER = 30.0


class PivDayBaseError(Exception):
    """Anything the piv.day client raises."""


class PivDayError(PivDayBaseError):
    """The API answered with an error code (or the client refused locally: LocalValidationError)."""

    def __init__(self, code: str, message: str, http_status: int | None = None) -> None:
        self.code = code
        self.message = message
        self.http_status = http_status
        super().__init__(f"{code}: {message}" + (f" (HTTP {http_status})" if http_status else ""))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"http_status={self.http_status!r})"
        )


class UnauthorizedError(PivDayError):
    pass


class InsufficientPermissionsError(PivDayError):
    pass


class PermissionDeniedError(PivDayError):
    pass


class ApiValidationError(PivDayError):
    """The server's VALIDATION_ERROR (named apart from pydantic's ValidationError)."""


class NumberNotFoundError(PivDayError):
    pass


class NumberExpiredError(PivDayError):
    pass


class NumberNotActiveError(PivDayError):
    pass


_AMOUNTS = re.compile(
    r"required\s*\$?\s*(?P<required>-?[\d,]*\.?\d+).*?available\s*\$?\s*(?P<available>-?[\d,]*\.?\d+)",
    re.IGNORECASE | re.DOTALL,
)


def _money(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


class InsufficientBalanceError(PivDayError):
    """`.required` / `.available` come from the message ("required $5.00, available $1.20")."""

    def __init__(self, code: str, message: str, http_status: int | None = None) -> None:
        super().__init__(code, message, http_status)
        match = _AMOUNTS.search(message or "")
        self.required: Decimal | None = _money(match["required"]) if match else None
        self.available: Decimal | None = _money(match["available"]) if match else None


class InvalidMessageFormatError(PivDayError):
    pass


class CountryNotAvailableError(PivDayError):
    pass


class NoNumbersAvailableError(PivDayError):
    pass


class NoRestorableNumbersError(PivDayError):
    pass


class RateLimitedError(PivDayError):
    """`.retry_after` is seconds to wait (from Retry-After, else the message, else a default)."""

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int | None = None,
        retry_after: float = DEFAULT_RETRY_AFTER,
    ) -> None:
        super().__init__(code, message, http_status)
        self.retry_after = retry_after


class InternalError(PivDayError):
    pass


class SmsDisabledError(PivDayError):
    pass


class ProxyDeadError(PivDayError):
    pass


class QueueFullError(PivDayError):
    pass


class ServerUnavailableError(PivDayError):
    pass


class NotFoundError(PivDayError):
    pass


class DomainNotAvailableError(PivDayError):
    pass


class InvalidTierError(PivDayError):
    pass


class NotReadyError(PivDayError):
    pass


class LocalValidationError(PivDayError, ValueError):
    """A request the client refused to send: `field` is the argument, `reason` says why."""

    CODE = "LOCAL_VALIDATION"

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(self.CODE, f"{field}: {reason}", None)


# Every code the spec names (global table and per-endpoint tables).
ERROR_CLASSES: dict[str, type[PivDayError]] = {
    "UNAUTHORIZED": UnauthorizedError,
    "INSUFFICIENT_PERMISSIONS": InsufficientPermissionsError,
    "PERMISSION_DENIED": PermissionDeniedError,
    "VALIDATION_ERROR": ApiValidationError,
    "NUMBER_NOT_FOUND": NumberNotFoundError,
    "NUMBER_EXPIRED": NumberExpiredError,
    "NUMBER_NOT_ACTIVE": NumberNotActiveError,
    "INSUFFICIENT_BALANCE": InsufficientBalanceError,
    "INVALID_MESSAGE_FORMAT": InvalidMessageFormatError,
    "COUNTRY_NOT_AVAILABLE": CountryNotAvailableError,
    "NO_NUMBERS_AVAILABLE": NoNumbersAvailableError,
    "NO_RESTORABLE_NUMBERS": NoRestorableNumbersError,
    "RATE_LIMITED": RateLimitedError,
    "INTERNAL_ERROR": InternalError,
    "SMS_DISABLED": SmsDisabledError,
    "PROXY_DEAD": ProxyDeadError,
    "QUEUE_FULL": QueueFullError,
    "SERVER_UNAVAILABLE": ServerUnavailableError,
    "NOT_FOUND": NotFoundError,
    "DOMAIN_NOT_AVAILABLE": DomainNotAvailableError,
    "INVALID_TIER": InvalidTierError,
    "NOT_READY": NotReadyError,
}

_RETRY_IN_MESSAGE = re.compile(r"retry in\s+(\d+(?:\.\d+)?)\s*s", re.IGNORECASE)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def error_for(
    code: str,
    message: str,
    http_status: int | None,
    headers: Mapping[str, str] | None = None,
) -> PivDayError:
    """The exception for an API error code; an unknown code stays a PivDayError with its code."""
    cls = ERROR_CLASSES.get(code, PivDayError)
    if cls is RateLimitedError:
        wait = parse_retry_after(_header(headers, "Retry-After"))
        if wait is None and (match := _RETRY_IN_MESSAGE.search(message or "")):
            wait = float(match[1])
        return RateLimitedError(
            code, message, http_status, DEFAULT_RETRY_AFTER if wait is None else wait
        )
    return cls(code, message, http_status)


class PivDayTransportError(PivDayBaseError):
    """The exchange itself failed: no usable API answer. Says what happened, never the key."""


class PivDayTimeoutError(PivDayTransportError):
    pass


class PivDayConnectionError(PivDayTransportError):
    pass


class PivDayBadResponseError(PivDayTransportError):
    """An answer that is not the API's JSON (a gateway's HTML 502 page, an empty 500...)."""

    def __init__(self, http_status: int | None, detail: str) -> None:
        self.http_status = http_status
        self.detail = detail
        super().__init__(f"bad response (HTTP {http_status}): {detail}")
