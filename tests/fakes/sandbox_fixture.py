"""Sandbox fixtures: a live local piv.day on a free loopback port (FakeClock, deterministic).

- `sandbox`: a `RunningSandbox` with `.url` (".../api/v1"), `.root_url`, `.sandbox` (the
  `bot.sandbox.Sandbox`), `.clock`; attribute access falls through to the Sandbox, so
  `sandbox.create_key()`, `sandbox.balance(key)`, `await sandbox.advance(60)` all work;
  `sandbox.client(key)` is an httpx.AsyncClient on `.url`.
- `sandbox_key`: a key on it with 100.00 play money and every scope.
  The rate limit (100 requests per minute of *sandbox* time per key) is on: a test that needs more
  calls in one instant sets `sandbox.rate_limit = 0` or moves time with `await sandbox.advance(60)`.
- `webhook_receiver`: a loopback HTTP endpoint recording what the sandbox POSTs (`.url`,
  `.received` list of (headers, json)); `.fail_next(n, status)` answers the next n with an error.
- `error_code(response)`: the code of a piv.day error envelope; `events(sandbox, type)`: the data
  of every webhook event of that type the sandbox emitted; `BUY_SE`: a valid purchase body.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.sandbox import FakeClock, Sandbox
from bot.sandbox.server import serve_app, start_server


@dataclass
class RunningSandbox:
    sandbox: Sandbox
    root_url: str
    clock: FakeClock

    @property
    def url(self) -> str:
        return self.root_url + "/api/v1"

    def client(self, key: str | None = None, **kwargs: Any) -> httpx.AsyncClient:
        """A plain httpx client on the API base URL (use with `async with`)."""
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        kwargs.setdefault("timeout", 10)
        return httpx.AsyncClient(base_url=self.url, headers=headers, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sandbox, name)


BUY_SE = {"country_code": "SE", "duration_months": 1, "auto_renew": False, "custom_name": "Office"}


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert body["success"] is False
    return str(body["error"]["code"])


def events(sandbox: RunningSandbox, event_type: str) -> list[dict[str, Any]]:
    return [d.data for d in sandbox.webhook_log if d.event_type == event_type]


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    clock = FakeClock()
    sb = Sandbox(seed=1234, clock=clock)
    runner, root = await start_server(sb)
    try:
        yield RunningSandbox(sb, root, clock)
    finally:
        await sb.drain()
        await sb.aclose()
        await runner.cleanup()


@pytest.fixture
def sandbox_key(sandbox: RunningSandbox) -> str:
    return sandbox.create_key(balance="100.00")


@dataclass
class WebhookReceiver:
    url: str = ""
    received: list[tuple[dict[str, str], Any]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    delay: float = 0.0  # real seconds to wait before answering (webhook timeout tests)

    def fail_next(self, n: int, status: int = 500) -> None:
        self.failures.extend([status] * n)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((dict(request.headers), await request.json()))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failures:
            return web.Response(status=self.failures.pop(0))
        return web.Response(text="ok")

    @property
    def event_types(self) -> list[str]:
        return [body["event_type"] for _, body in self.received]


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner, root = await serve_app(app)
    receiver.url = f"{root}/hook"
    try:
        yield receiver
    finally:
        await runner.cleanup()
