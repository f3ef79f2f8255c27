"""Error codes -> classes, Retry-After in all its forms, and transport failures that say what
happened (a gateway's HTML page, a timeout, a refused connection)."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import format_datetime

import httpx
import pytest

from bot.pivday import PivDayClient, errors
from bot.pivday.ratelimit import InMemoryRateLimiter

KEY = "pk_live_errors_test_key_0123456789"

# Every code the spec names (global table and per-endpoint tables), written out here rather than
# read from errors.ERROR_CLASSES so a missing or misnamed class fails.
SPEC_CODES = {
    "UNAUTHORIZED": (errors.UnauthorizedError, 401),
    "INSUFFICIENT_PERMISSIONS": (errors.InsufficientPermissionsError, 403),
    "PERMISSION_DENIED": (errors.PermissionDeniedError, 403),
    "VALIDATION_ERROR": (errors.ApiValidationError, 400),
    "NUMBER_NOT_FOUND": (errors.NumberNotFoundError, 404),
    "NUMBER_EXPIRED": (errors.NumberExpiredError, 403),
    "NUMBER_NOT_ACTIVE": (errors.NumberNotActiveError, 400),
    "INSUFFICIENT_BALANCE": (errors.InsufficientBalanceError, 402),
    "INVALID_MESSAGE_FORMAT": (errors.InvalidMessageFormatError, 400),
    "COUNTRY_NOT_AVAILABLE": (errors.CountryNotAvailableError, 400),
    "NO_NUMBERS_AVAILABLE": (errors.NoNumbersAvailableError, 400),
    "NO_RESTORABLE_NUMBERS": (errors.NoRestorableNumbersError, 404),
    "RATE_LIMITED": (errors.RateLimitedError, 429),
    "INTERNAL_ERROR": (errors.InternalError, 500),
    "SMS_DISABLED": (errors.SmsDisabledError, 400),
    "PROXY_DEAD": (errors.ProxyDeadError, 502),
    "QUEUE_FULL": (errors.QueueFullError, 503),
    "SERVER_UNAVAILABLE": (errors.ServerUnavailableError, 503),
    "NOT_FOUND": (errors.NotFoundError, 404),
    "DOMAIN_NOT_AVAILABLE": (errors.DomainNotAvailableError, 400),
    "INVALID_TIER": (errors.InvalidTierError, 400),
    "NOT_READY": (errors.NotReadyError, 409),
}


def _client(handler, **kw) -> PivDayClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    kw.setdefault("max_retries", 0)
    return PivDayClient(KEY, http=http, limiter=InMemoryRateLimiter(10_000), **kw)


def _error(code: str, message: str, status: int, headers: dict[str, str] | None = None):
    body = {"success": False, "error": {"code": code, "message": message}}
    return lambda request: httpx.Response(status, json=body, headers=headers or {})


@pytest.mark.parametrize("code", sorted(SPEC_CODES))
async def test_each_spec_code_raises_its_class_through_the_client(code: str) -> None:
    cls, status = SPEC_CODES[code]
    async with _client(_error(code, f"{code} happened", status)) as client:
        with pytest.raises(cls) as caught:
            await client.numbers.get("n-1")
    assert type(caught.value) is cls
    assert (caught.value.code, caught.value.http_status) == (code, status)
    assert caught.value.message == f"{code} happened"
    assert code in str(caught.value)


def test_spec_codes_and_mapping_agree() -> None:
    assert {c: cls for c, (cls, _) in SPEC_CODES.items()} == errors.ERROR_CLASSES


def test_unknown_code_keeps_its_string() -> None:
    err = errors.error_for("BRAND_NEW_CODE", "something new", 418)
    assert type(err) is errors.PivDayError
    assert (err.code, err.message, err.http_status) == ("BRAND_NEW_CODE", "something new", 418)


@pytest.mark.parametrize(
    ("message", "required", "available"),
    [
        ("Not enough balance: required $5.00, available $1.20", "5.00", "1.20"),
        ("required $1,250.50, available $0", "1250.50", "0"),
        ("Not enough funds", None, None),
    ],
)
def test_insufficient_balance_amounts(message: str, required: str | None, available: str | None):
    err = errors.error_for("INSUFFICIENT_BALANCE", message, 402)
    assert isinstance(err, errors.InsufficientBalanceError)
    assert err.required == (Decimal(required) if required else None)
    assert err.available == (Decimal(available) if available else None)


def test_retry_after_seconds() -> None:
    err = errors.error_for("RATE_LIMITED", "slow down", 429, {"Retry-After": "12"})
    assert isinstance(err, errors.RateLimitedError) and err.retry_after == 12.0


def test_retry_after_http_date() -> None:
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=30)
    err = errors.error_for("RATE_LIMITED", "slow down", 429, {"retry-after": format_datetime(when)})
    assert isinstance(err, errors.RateLimitedError)
    assert 27.0 <= err.retry_after <= 30.0
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=5))
    assert errors.parse_retry_after(past) == 0.0
    assert errors.parse_retry_after(format_datetime(when), now=when.timestamp() - 7) == 7.0


def test_retry_after_missing_uses_the_message_then_a_safe_default() -> None:
    from_message = errors.error_for("RATE_LIMITED", "Rate limit exceeded, retry in 12s", 429)
    assert isinstance(from_message, errors.RateLimitedError)
    assert from_message.retry_after == 12.0
    bare = errors.error_for("RATE_LIMITED", "Rate limit exceeded", 429, {"Retry-After": "soon"})
    assert isinstance(bare, errors.RateLimitedError)
    assert bare.retry_after == errors.DEFAULT_RETRY_AFTER > 0


def test_local_validation_error_is_a_value_error_with_its_own_code() -> None:
    err = errors.LocalValidationError("quantity", "must be 1-500")
    assert isinstance(err, ValueError) and isinstance(err, errors.PivDayError)
    assert (err.code, err.field, err.reason, err.http_status) == (
        "LOCAL_VALIDATION",
        "quantity",
        "must be 1-500",
        None,
    )


async def test_gateway_html_page_is_a_bad_response_not_a_crash() -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, content=page, headers={"content-type": "text/html"})

    async with _client(handler) as client:
        with pytest.raises(errors.PivDayBadResponseError) as caught:
            await client.account.get()
    assert caught.value.http_status == 502
    assert "not JSON" in str(caught.value) and "text/html" in str(caught.value)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)


async def test_error_body_without_code_is_a_bad_response() -> None:
    async with _client(lambda r: httpx.Response(500, json={"message": "oops"})) as client:
        with pytest.raises(errors.PivDayBadResponseError, match=r"without error\.code"):
            await client.account.get()


async def test_unexpected_success_shape_is_a_bad_response() -> None:
    body = {"success": True, "data": {"balance": "lots"}}
    async with _client(lambda r: httpx.Response(200, json=body)) as client:
        with pytest.raises(errors.PivDayBadResponseError, match="unexpected answer shape"):
            await client.account.get()


async def test_timeout_says_so() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async with _client(handler, timeout=2.5) as client:
        with pytest.raises(
            errors.PivDayTimeoutError, match=r"GET /account: no answer within 2\.5s"
        ):
            await client.account.get()


async def test_refused_connection_over_loopback_says_so() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = PivDayClient(
        KEY, base_url=f"http://127.0.0.1:{port}/api/v1", max_retries=1, sleep=_no_sleep
    )
    started = time.monotonic()
    async with client:
        with pytest.raises(errors.PivDayConnectionError, match="could not connect") as caught:
            await client.account.get()
    assert time.monotonic() - started < 5
    assert isinstance(caught.value, errors.PivDayTransportError)
    assert not isinstance(caught.value, errors.PivDayError)
    assert KEY not in str(caught.value)


async def _no_sleep(_: float) -> None:
    return None


async def test_server_message_echoing_the_key_is_scrubbed() -> None:
    handler = _error("UNAUTHORIZED", f"key {KEY} was revoked", 401)
    async with _client(handler) as client:
        with pytest.raises(errors.UnauthorizedError) as caught:
            await client.account.get()
    assert KEY not in str(caught.value) and "***" in caught.value.message
