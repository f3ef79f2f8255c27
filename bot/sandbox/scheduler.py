"""A tiny time-ordered job queue driven by the sandbox clock (no real timers, so tests can jump)."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import datetime

Job = Callable[[], None]


class Scheduler:
    def __init__(self) -> None:
        self._heap: list[tuple[datetime, int, Job]] = []
        self._seq = itertools.count()

    def at(self, when: datetime, job: Job) -> None:
        heapq.heappush(self._heap, (when, next(self._seq), job))

    def next_due(self) -> datetime | None:
        return self._heap[0][0] if self._heap else None

    def run_due(self, now: datetime) -> int:
        """Run every job due by `now`, including ones scheduled by the jobs themselves."""
        ran = 0
        while self._heap and self._heap[0][0] <= now:
            _, _, job = heapq.heappop(self._heap)
            job()
            ran += 1
        return ran
