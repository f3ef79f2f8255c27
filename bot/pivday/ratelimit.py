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

    async def release(self, key_id: str) -> None:
        """The request counted by `acquire` finished (answered or failed); always called."""

    async def pause(self, key_id: str, seconds: float) -> None:
        """Hold every request of this key for `seconds` (the server said 429)."""


@dataclass
class _KeyState:
    finished: deque[float] = field(default_factory=deque)  # completion times, oldest first
    in_flight: int = 0
    paused_until: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    released: asyncio.Event = field(default_factory=asyncio.Event)


class InMemoryRateLimiter:
    """Sliding window: at most `limit` requests of a key in any `period` seconds.

    A request holds its slot from `acquire` until `period` after it *finished*: the server stamps
    it somewhere in between, so counting from the send time would let a slow burst push the next
    one into a window the server still sees as full. `safety` widens the window by that fraction
    of `period` against clock differences. Waiters queue FIFO on a per-key lock, so a key's
    coroutines share its budget and other keys never wait for it.
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

    def _wait_time(self, state: _KeyState, now: float) -> float | None:
        """Seconds until a slot frees; 0 when one is free; None when only a release can free one."""
        # Same expression for expiry and wait, so float rounding can't yield "full, wait 0".
        while state.finished and state.finished[0] + self._window <= now:
            state.finished.popleft()
        if now < state.paused_until:
            return state.paused_until - now
        if state.in_flight + len(state.finished) < self.limit:
            return 0.0
        if state.finished:
            return state.finished[0] + self._window - now
        return None

    async def acquire(self, key_id: str) -> None:
        state = self._state(key_id)
        async with state.lock:
            while (wait := self._wait_time(state, self._clock())) != 0.0:
                if wait is None:
                    state.released.clear()
                    await state.released.wait()
                else:
                    await self._sleep(wait)
            state.in_flight += 1

    async def release(self, key_id: str) -> None:
        state = self._state(key_id)
        state.in_flight = max(0, state.in_flight - 1)
        state.finished.append(self._clock())
        state.released.set()

    async def pause(self, key_id: str, seconds: float) -> None:
        state = self._state(key_id)
        state.paused_until = max(state.paused_until, self._clock() + max(0.0, seconds))

    def in_window(self, key_id: str) -> int:
        """Slots a key holds right now: requests in flight plus those finished within the window."""
        state = self._state(key_id)
        self._wait_time(state, self._clock())
        return state.in_flight + len(state.finished)
