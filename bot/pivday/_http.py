"""One request to piv.day: budget, send, decode the envelope, map errors, retry where safe.

Retry policy (money is at stake): a GET is retried on timeouts, connection failures and 5xx; any
request the server refused with 429 is retried after the key's pause; a connection that was never
established is retried for every method (nothing reached the server). A POST/PUT/PATCH/DELETE that
timed out or got a 5xx may already have charged the balance, so it surfaces as an error instead.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, SecretStr, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from bot.pivday.errors import (
    PivDayBadResponseError,
    PivDayConnectionError,
    PivDayError,
    PivDayTimeoutError,
    PivDayTransportError,
    RateLimitedError,
    error_for,
)
from bot.pivday.ratelimit import RateLimiter, Sleep

log = logging.getLogger("bot.pivday")

T = TypeVar("T")
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0


@dataclass(frozen=True)
class Answer:
    """A decoded success: `data` is the envelope's data, or the top-level fields when the endpoint
    puts them there (number purchase/restore), or None for an empty body."""

    status: int
    data: Any
    body: Any

    def parse(self, adapter: type[T] | TypeAdapter[T], what: str) -> T:
        try:
            if isinstance(adapter, TypeAdapter):
                return adapter.validate_python(self.data)
            if isinstance(adapter, type) and issubclass(adapter, BaseModel):
                return adapter.model_validate(self.data)  # type: ignore[return-value]
            return TypeAdapter(adapter).validate_python(self.data)
        except PydanticValidationError as exc:
            fields = sorted({".".join(map(str, e["loc"])) for e in exc.errors(include_input=False)})
            raise PivDayBadResponseError(
                self.status, f"unexpected answer shape for {what}: {', '.join(fields)[:200]}"
            ) from None

    def pick(self, key: str) -> Answer:
        """The same answer narrowed to `data[key]` (e.g. {"order": {...}} -> the order)."""
        if isinstance(self.data, dict) and key in self.data:
            return Answer(self.status, self.data[key], self.body)
        raise PivDayBadResponseError(self.status, f"answer has no '{key}'")


def _jitter(attempt: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * random.uniform(0.5, 1.0)


class Requester:
    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: SecretStr,
        key_id: str,
        limiter: RateLimiter,
        timeout: float,
        max_retries: int,
        sleep: Sleep,
    ) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._key = api_key
        self.key_id = key_id
        self._limiter = limiter
        self._timeout = timeout
        self._max_retries = max(0, max_retries)
        self._sleep = sleep

    def _scrub(self, text: str) -> str:
        secret = self._key.get_secret_value()
        return text.replace(secret, "***") if secret else text

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> Answer:
        idempotent = method == "GET"
        query = {k: v for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            try:
                answer = await self._limited(method, path, query, json_body)
            except RateLimitedError as exc:
                # The server refused (nothing happened), so a retry is safe for every method.
                await self._limiter.pause(self.key_id, exc.retry_after)
                if attempt >= self._max_retries:
                    raise
                log.warning(
                    "piv.day 429 on %s %s (key %s): pausing %.1fs",
                    method,
                    path,
                    self.key_id,
                    exc.retry_after,
                )
            except (PivDayError, PivDayTransportError) as exc:
                if attempt >= self._max_retries or not self._retryable(exc, idempotent):
                    raise
                delay = _jitter(attempt)
                log.warning(
                    "piv.day %s %s failed (%s), retry %d in %.2fs",
                    method,
                    path,
                    type(exc).__name__,
                    attempt + 1,
                    delay,
                )
                await self._sleep(delay)
            else:
                return answer
            attempt += 1

    @staticmethod
    def _retryable(exc: Exception, idempotent: bool) -> bool:
        if isinstance(exc, _NotSent):
            return True
        if not idempotent:
            return False
        if isinstance(exc, PivDayTransportError):
            return True
        return isinstance(exc, PivDayError) and (exc.http_status or 0) >= 500

    async def _limited(
        self, method: str, path: str, query: dict[str, Any], json_body: Any
    ) -> Answer:
        await self._limiter.acquire(self.key_id)
        try:
            return await self._once(method, path, query, json_body)
        finally:
            await self._limiter.release(self.key_id)

    async def _once(self, method: str, path: str, query: dict[str, Any], json_body: Any) -> Answer:
        what = f"{method} {path}"
        headers = {
            "Authorization": f"Bearer {self._key.get_secret_value()}",
            "Accept": "application/json",
        }
        try:
            response = await self._http.request(
                method,
                self._base_url + path,
                params=query or None,
                json=json_body,
                headers=headers,
                timeout=self._timeout,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise _NotSent(f"{what}: could not connect ({type(exc).__name__})") from None
        except httpx.TimeoutException as exc:
            raise PivDayTimeoutError(
                f"{what}: no answer within {self._timeout:g}s ({type(exc).__name__})"
                + ("" if method == "GET" else "; not resent, it may have been processed")
            ) from None
        except httpx.HTTPError as exc:
            raise PivDayConnectionError(
                f"{what}: connection failed ({type(exc).__name__})"
            ) from None
        log.debug("piv.day %s -> %s (key %s)", what, response.status_code, self.key_id)
        return self._decode(response, what)

    def _decode(self, response: httpx.Response, what: str) -> Answer:
        status = response.status_code
        content = response.content
        if not content.strip():
            if status < 400:
                return Answer(status, None, None)
            if status == 429:
                raise error_for("RATE_LIMITED", "rate limit exceeded", status, response.headers)
            raise PivDayBadResponseError(status, f"{what}: empty error body")
        try:
            body = json.loads(content, parse_float=Decimal)
        except ValueError:
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            raise PivDayBadResponseError(
                status, f"{what}: not JSON ({kind}, {len(content)} bytes)"
            ) from None
        if not isinstance(body, dict):
            if status < 400:
                return Answer(status, body, body)
            raise PivDayBadResponseError(status, f"{what}: error body is not an object")
        if status >= 400 or body.get("success") is False:
            raise self._error(body, status, response.headers, what)
        data = body["data"] if "data" in body else {k: v for k, v in body.items() if k != "success"}
        return Answer(status, data, body)

    def _error(
        self, body: dict[str, Any], status: int, headers: httpx.Headers, what: str
    ) -> Exception:
        error = body.get("error")
        if isinstance(error, dict) and error.get("code"):
            message = self._scrub(str(error.get("message") or ""))
            return error_for(str(error["code"]), message, status, headers)
        if isinstance(error, str) and error:
            return error_for(error, self._scrub(str(body.get("message") or "")), status, headers)
        if status == 429:
            return error_for("RATE_LIMITED", "rate limit exceeded", status, headers)
        return PivDayBadResponseError(status, f"{what}: error answer without error.code")


class _NotSent(PivDayConnectionError):
    """The connection was never made, so nothing reached the server (safe to retry any method)."""


async def fetch_file(
    http: httpx.AsyncClient, url: str, *, max_bytes: int, seconds: float
) -> bytes | None:
    """GET a file piv.day links to (a short-lived signed URL on its storage host, e.g. a white's
    archive). The API key is not sent (the link is its own credential and another host must
    never see the key) and the API's rate budget is not used. Returns None as soon as the file
    is known to be larger than `max_bytes` (declared length, or while reading), so an oversized
    file is never held in memory."""
    if not url.startswith(("https://", "http://")):
        raise PivDayBadResponseError(None, "file link is not an http(s) URL")
    try:
        async with http.stream("GET", url, timeout=seconds) as response:
            if response.status_code >= 400:
                raise PivDayBadResponseError(
                    response.status_code, f"file download: HTTP {response.status_code}"
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                return None
            content = bytearray()
            async for chunk in response.aiter_bytes():
                content += chunk
                if len(content) > max_bytes:
                    return None
            return bytes(content)
    except httpx.TimeoutException as exc:
        raise PivDayTimeoutError(
            f"file download: no answer within {seconds:g}s ({type(exc).__name__})"
        ) from None
    except httpx.HTTPError as exc:
        raise PivDayConnectionError(f"file download failed ({type(exc).__name__})") from None
