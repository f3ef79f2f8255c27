"""PivDayClient (one per API key) and ClientPool (one shared httpx.AsyncClient per process).

The key is held as a SecretStr and only ever leaves it in the Authorization header; logs, reprs and
errors name a key by its fingerprint (SHA-256 prefix).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from types import TracebackType
from typing import Self

import httpx
from pydantic import SecretStr

from bot.pivday._http import Requester, fetch_file
from bot.pivday.ratelimit import InMemoryRateLimiter, RateLimiter, Sleep
from bot.pivday.resources import Account, Domains, Numbers, Proxy, Whites

DEFAULT_BASE_URL = "https://app.piv.day/api/v1"
FILE_TIMEOUT = 120.0  # an archive of tens of MB over a slow link
USER_AGENT = "pivbot/0.1 (+https://piv.day)"


def key_fingerprint(api_key: str | SecretStr) -> str:
    """SHA-256 hex of the key: safe to log, store and compare."""
    raw = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
    return hashlib.sha256(raw.encode()).hexdigest()


def new_http_client(timeout: float = 15.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )


class PivDayClient:
    """Typed access to piv.day for one API key: `client.account`, `.numbers`, `.proxy`,
    `.domains`, `.whites`. Every call passes the key's rate limiter first."""

    def __init__(
        self,
        api_key: str | SecretStr,
        *,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        limiter: RateLimiter | None = None,
        timeout: float = 15.0,
        max_retries: int = 3,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._key = api_key if isinstance(api_key, SecretStr) else SecretStr(api_key)
        if not self._key.get_secret_value().strip():
            raise ValueError("api_key is empty")
        self.fingerprint = key_fingerprint(self._key)
        self.key_id = self.fingerprint[:16]
        self.base_url = base_url.rstrip("/")
        self._owns_http = http is None
        self._http = http if http is not None else new_http_client(timeout)
        self.limiter: RateLimiter = limiter if limiter is not None else InMemoryRateLimiter()
        requester = Requester(
            http=self._http,
            base_url=self.base_url,
            api_key=self._key,
            key_id=self.key_id,
            limiter=self.limiter,
            timeout=timeout,
            max_retries=max_retries,
            sleep=sleep,
        )
        self.account = Account(requester)
        self.numbers = Numbers(requester)
        self.proxy = Proxy(requester)
        self.domains = Domains(requester)
        self.whites = Whites(requester)

    async def fetch_file(self, url: str, *, max_bytes: int) -> bytes | None:
        """A file piv.day linked to (e.g. `whites.download(...).url`), through this client's
        HTTP pool but without the key; None when it is larger than `max_bytes`."""
        return await fetch_file(self._http, url, max_bytes=max_bytes, seconds=FILE_TIMEOUT)

    def __repr__(self) -> str:
        return f"PivDayClient(base_url={self.base_url!r}, key={self.key_id[:8]}…)"

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class ClientPool:
    """One httpx.AsyncClient for the process and one PivDayClient per key, cached by fingerprint,
    all sharing one limiter so every coroutine using a key draws from the same budget."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        http: httpx.AsyncClient | None = None,
        limiter_factory: Callable[[], RateLimiter] = InMemoryRateLimiter,
        timeout: float = 15.0,
        max_retries: int = 3,
    ) -> None:
        self.base_url = base_url
        self._owns_http = http is None
        self._http = http if http is not None else new_http_client(timeout)
        self.limiter = limiter_factory()
        self._timeout = timeout
        self._max_retries = max_retries
        self._clients: dict[str, PivDayClient] = {}

    def client(self, api_key: str | SecretStr) -> PivDayClient:
        fingerprint = key_fingerprint(api_key)
        client = self._clients.get(fingerprint)
        if client is None:
            client = self._clients[fingerprint] = PivDayClient(
                api_key,
                base_url=self.base_url,
                http=self._http,
                limiter=self.limiter,
                timeout=self._timeout,
                max_retries=self._max_retries,
            )
        return client

    def forget(self, api_key: str | SecretStr) -> None:
        """Drop a key's client (the key was removed or rotated)."""
        self._clients.pop(key_fingerprint(api_key), None)

    def __repr__(self) -> str:
        return f"ClientPool(base_url={self.base_url!r}, clients={len(self._clients)})"

    async def aclose(self) -> None:
        self._clients.clear()
        if self._owns_http:
            await self._http.aclose()
