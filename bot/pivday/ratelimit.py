"""Per-key request budget: piv.day allows 100 requests a minute per key, across all endpoints.

`RateLimiter` is the seam: the in-memory limiter serves one process; a Redis-backed one with the
same two methods can replace it when several instances share keys.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@runtime_checkable
class RateLimiter(Protocol):
    async def acquire(self, key_id: str) -> None:
        """Wait until one more request for this key fits the budget, and count it."""

    async def pause(self, key_id: str, seconds: float) -> None:
        """Hold every request of this key for `seconds` (the server said 429)."""


@dataclass
class _KeyState:
    sent: deque[float] = field(default_factory=deque)
    paused_until: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class InMemoryRateLimiter:
    """Sliding window: at most `limit` acquisitions in any `period` seconds per key.

    Waiters queue FIFO on a per-key lock, so one key's coroutines share its budget fairly and
    other keys never wait for it. `safety` widens the window by that fraction of `period` so that
    network jitter between our clock and the server's cannot push a request into a full window.
    """

    def __init__(
        self,
        limit: int = 100,
        period: float = 60.0,
        *,
        safety: float = 0.01,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit must be >= 1 and period > 0")
        self.limit = limit
        self.period = period
        self._window = period * (1.0 + safety)
        self._clock = clock
        self._sleep = sleep
        self._keys: dict[str, _KeyState] = {}

    def _state(self, key_id: str) -> _KeyState:
        state = self._keys.get(key_id)
        if state is None:
            state = self._keys[key_id] = _KeyState()
        return state

    def _wait_time(self, state: _KeyState, now: float) -> float:
        while state.sent and state.sent[0] <= now - self._window:
            state.sent.popleft()
        if now < state.paused_until:
            return state.paused_until - now
        if len(state.sent) >= self.limit:
            return state.sent[0] + self._window - now
        return 0.0

    async def acquire(self, key_id: str) -> None:
        state = self._state(key_id)
        async with state.lock:
            while (wait := self._wait_time(state, self._clock())) > 0:
                await self._sleep(wait)
            state.sent.append(self._clock())

    async def pause(self, key_id: str, seconds: float) -> None:
        state = self._state(key_id)
        state.paused_until = max(state.paused_until, self._clock() + max(0.0, seconds))

    def in_window(self, key_id: str) -> int:
        """Requests counted in the current window (for stats and tests)."""
        state = self._state(key_id)
        self._wait_time(state, self._clock())
        return len(state.sent)
