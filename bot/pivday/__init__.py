"""Typed async client for the piv.day REST API (never imports aiogram)."""

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
