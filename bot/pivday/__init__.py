"""Typed async client for the piv.day REST API (never imports aiogram).

    pool = ClientPool(settings.pivday_api_url)          # one per process, shared httpx client
    client = pool.client(api_key)                       # cached per key fingerprint
    account = await client.account.get()                # models.Account, balance is Decimal
    async for number in client.numbers.iter_all(status="active"): ...
    await pool.aclose()

Errors: `errors.PivDayError` (one subclass per API code, `LocalValidationError` for arguments
refused before sending) and `errors.PivDayTransportError` (timeout, connection, bad response);
both derive from `errors.PivDayBaseError`. Webhook bodies: `models.parse_event(payload)`.
"""

from bot.pivday import errors, models
from bot.pivday.client import ClientPool, PivDayClient, key_fingerprint
from bot.pivday.ratelimit import InMemoryRateLimiter, RateLimiter

__all__ = [
    "ClientPool",
    "InMemoryRateLimiter",
    "PivDayClient",
    "RateLimiter",
    "errors",
    "key_fingerprint",
    "models",
]
