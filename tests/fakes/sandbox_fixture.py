"""Sandbox fixtures: a live local piv.day on a free loopback port (FakeClock, deterministic).

- `sandbox`: a `RunningSandbox` with `.url` (".../api/v1"), `.root_url`, `.sandbox` (the
  `bot.sandbox.Sandbox`), `.clock`; attribute access falls through to the Sandbox, so
  `sandbox.create_key()`, `sandbox.balance(key)`, `await sandbox.advance(60)` all work;
  `sandbox.client(key)` is an httpx.AsyncClient on `.url`.
- `sandbox_key`: a key on it with 100.00 play money and every scope.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from bot.sandbox import FakeClock, Sandbox
from bot.sandbox.server import start_server


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
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sandbox, name)


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
