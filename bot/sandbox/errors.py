"""piv.day's error envelope and status codes, plus the success envelopes (regular and irregular)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

# Every code the spec names (global table and per-endpoint tables) with its HTTP status, plus the
# few the sandbox needs for situations the spec leaves unnamed (marked "sandbox").
ERROR_STATUS: dict[str, int] = {
    "UNAUTHORIZED": 401,
    "INSUFFICIENT_PERMISSIONS": 403,
    "PERMISSION_DENIED": 403,
    "VALIDATION_ERROR": 400,
    "NUMBER_NOT_FOUND": 404,
    "NUMBER_EXPIRED": 403,
    "NUMBER_NOT_ACTIVE": 400,
    "INSUFFICIENT_BALANCE": 402,
    "INVALID_MESSAGE_FORMAT": 400,
    "COUNTRY_NOT_AVAILABLE": 400,
    "NO_NUMBERS_AVAILABLE": 400,
    "NO_RESTORABLE_NUMBERS": 404,
    "RATE_LIMITED": 429,
    "INTERNAL_ERROR": 500,
    "SMS_DISABLED": 400,
    "PROXY_DEAD": 502,
    "QUEUE_FULL": 503,
    "SERVER_UNAVAILABLE": 503,
    "NOT_FOUND": 404,
    "DOMAIN_NOT_AVAILABLE": 400,
    "INVALID_TIER": 400,
    "NOT_READY": 409,
    # sandbox: situations the spec does not name
    "METHOD_NOT_ALLOWED": 405,
    "PAYLOAD_TOO_LARGE": 413,
    "ORDER_EXPIRED": 400,
    "ORDER_NOT_EXPIRED": 400,
    "DOMAIN_NOT_ACTIVE": 400,
    "CLOUDFLARE_NOT_ENABLED": 400,
}

DEFAULT_MESSAGES: dict[str, str] = {
    "UNAUTHORIZED": "Missing, expired or revoked API key",
    "INSUFFICIENT_PERMISSIONS": "The key doesn't have the required scope for this action",
    "PROXY_DEAD": "Proxy unavailable, balance refunded",
    "QUEUE_FULL": "Queue is full, try later; balance refunded",
    "SERVER_UNAVAILABLE": "Automation server unavailable; balance refunded",
    "INTERNAL_ERROR": "Something broke on our side",
}


class ApiError(Exception):
    """Raised anywhere in a handler; the error middleware renders it as the spec's envelope."""

    def __init__(
        self, code: str, message: str | None = None, *, headers: Mapping[str, str] | None = None
    ) -> None:
        self.code = code
        self.status = ERROR_STATUS.get(code, 400)
        self.message = message or DEFAULT_MESSAGES.get(code, code.replace("_", " ").capitalize())
        self.headers = dict(headers or {})
        super().__init__(f"{code}: {self.message}")


def validation(field: str, why: str) -> ApiError:
    return ApiError("VALIDATION_ERROR", f"{field}: {why}")


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return iso(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(payload: object) -> str:
    # ASCII escapes: a lone surrogate echoed back from a request body can never break encoding.
    return json.dumps(payload, default=_default)


def json_response(payload: object, status: int = 200, headers: Mapping[str, str] | None = None):
    return web.Response(
        text=dumps(payload), status=status, content_type="application/json", headers=headers
    )


def ok(data: Any, status: int = 200) -> web.Response:
    """The regular envelope: {success, data}."""
    return json_response({"success": True, "data": data}, status)


def top_level(status: int = 200, **fields: Any) -> web.Response:
    """The irregular envelope (number purchase/restore, verify): fields beside `success`."""
    return json_response({"success": True, **fields}, status)


def error_response(err: ApiError) -> web.Response:
    body = {"success": False, "error": {"code": err.code, "message": err.message}}
    return json_response(body, err.status, err.headers)
