"""Webhook delivery as piv.day does it: POST JSON, piv.day-webhook/1.0, 5 s timeout, retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp

from bot.sandbox.clock import Clock
from bot.sandbox.errors import dumps, iso
from bot.sandbox.models import ApiKey

USER_AGENT = "piv.day-webhook/1.0"
TIMEOUT_SECONDS = 5.0
RETRY_DELAYS = (1.0, 2.0, 4.0)


@dataclass
class Attempt:
    at: datetime
    status: int | None  # HTTP status, None when the request itself failed
    error: str | None = None


@dataclass(eq=False)
class Delivery:
    """One event for one key: awaitable, so a caller can wait until it has been delivered."""

    id: int
    key_id: str
    url: str | None
    event_type: str
    payload: dict[str, Any]
    # pending | delivered | failed | skipped (no webhook URL set) | filtered (spam, not forwarded)
    status: str = "pending"
    attempts: list[Attempt] = field(default_factory=list)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        return self.payload["data"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key_id": self.key_id,
            "url": self.url,
            "event_type": self.event_type,
            "status": self.status,
            "payload": self.payload,
            "attempts": [
                {"at": iso(a.at), "status": a.status, "error": a.error} for a in self.attempts
            ],
        }

    def __await__(self) -> Generator[Any, None, Delivery]:
        if self._task is not None:
            yield from asyncio.shield(self._task).__await__()
        return self


class WebhookDispatcher:
    def __init__(self, clock: Clock, http: aiohttp.ClientSession | None = None) -> None:
        self._clock = clock
        self._http = http
        self._own_http: aiohttp.ClientSession | None = None
        self.log: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._unstarted: list[Delivery] = []
        # One lane per key: events for a key arrive in the order they happened.
        self._lanes: dict[str, asyncio.Lock] = {}

    def emit(
        self, key: ApiKey, event_type: str, data: dict[str, Any], *, filtered: bool = False
    ) -> Delivery:
        """Log the event and start delivering it; `filtered` ones (spam) are logged, never sent."""
        payload = {"event_type": event_type, "timestamp": iso(self._clock.now()), "data": data}
        delivery = Delivery(
            id=len(self.log) + 1,
            key_id=key.key_id,
            url=key.webhook_url,
            event_type=event_type,
            payload=json.loads(dumps(payload)),
        )
        self.log.append(delivery)
        if filtered or delivery.url is None:
            delivery.status = "filtered" if filtered else "skipped"
            return delivery
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # emitted from sync code outside a loop; `drain` starts it
            self._unstarted.append(delivery)
        else:
            self._start(delivery)
        return delivery

    def _start(self, delivery: Delivery) -> None:
        task = asyncio.create_task(self._deliver(delivery))
        delivery._task = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _session(self) -> aiohttp.ClientSession:
        if self._http is not None:
            return self._http
        if self._own_http is None or self._own_http.closed:
            self._own_http = aiohttp.ClientSession()
        return self._own_http

    async def _deliver(self, delivery: Delivery) -> None:
        lane = self._lanes.setdefault(delivery.key_id, asyncio.Lock())
        async with lane:
            assert delivery.url is not None
            body = dumps(delivery.payload).encode()
            headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
            for attempt, delay in enumerate((0.0, *RETRY_DELAYS)):
                if attempt:
                    await self._clock.sleep(delay)
                if await self._attempt(delivery, body, headers):
                    delivery.status = "delivered"
                    return
            delivery.status = "failed"

    async def _attempt(self, delivery: Delivery, body: bytes, headers: dict[str, str]) -> bool:
        assert delivery.url is not None
        session = await self._session()
        at = self._clock.now()
        try:
            async with session.post(
                delivery.url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
            ) as response:
                await response.read()
                delivery.attempts.append(Attempt(at, response.status))
                return 200 <= response.status < 300
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            delivery.attempts.append(Attempt(at, None, type(exc).__name__))
            return False

    async def drain(self) -> None:
        """Wait until every emitted event has been delivered or has given up."""
        while self._unstarted:
            self._start(self._unstarted.pop(0))
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._own_http is not None:
            await self._own_http.close()
