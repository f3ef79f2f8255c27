"""Injectable time: the sandbox never reads the wall clock directly, so tests stay deterministic."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_START = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


class Clock(Protocol):
    def now(self) -> datetime: ...

    def advance(self, delta: timedelta) -> None: ...

    async def sleep(self, seconds: float) -> None: ...


class FakeClock:
    """Time stands still until `advance`; `sleep` only records the wait (webhook backoff)."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += delta

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)


class SystemClock:
    """Wall-clock time plus an offset, so the control API can still fast-forward a live sandbox."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._offset += delta

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
