"""Telegram's flood limits, kept by the sender before each message (no aiogram here).

Three sliding windows: all chats together (OUTBOX_PER_SECOND, 25/s by default; Telegram allows
about 30), each chat (OUTBOX_PER_CHAT_PER_SECOND, 1/s) and each group on top of that
(OUTBOX_PER_GROUP_PER_MINUTE, 20/min). A 429's retry_after pauses the chat it came from.
Each window is a little longer than nominal (MARGIN_SECONDS): Telegram counts arrivals, we
count departures, and the two differ by the network's jitter.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MARGIN_SECONDS = 0.03

Clock = Callable[[], float]


@dataclass
class Window:
    """At most `limit` starts within any `period` seconds."""

    limit: int
    period: float
    starts: deque[float] = field(default_factory=deque)

    @classmethod
    def of(cls, rate: float, per: float) -> Window:
        """`rate` messages per `per` seconds as whole messages per period: 25/s → 25 per 1 s,
        0.5/s → 1 per 2 s, 20/min → 20 per 60 s."""
        if rate <= 0:
            raise ValueError("a rate must be positive")
        limit = max(1, math.floor(rate))
        return cls(limit, per * limit / rate + MARGIN_SECONDS)

    def wait(self, now: float) -> float:
        while self.starts and self.starts[0] <= now - self.period:
            self.starts.popleft()
        if len(self.starts) < self.limit:
            return 0.0
        return self.starts[0] + self.period - now

    def take(self, now: float) -> None:
        self.starts.append(now)


def is_group(chat_id: int) -> bool:
    """Groups, supergroups and channels have negative ids in the Bot API."""
    return chat_id < 0


class FloodLimiter:
    def __init__(
        self,
        *,
        per_second: float,
        per_chat_per_second: float,
        per_group_per_minute: float,
        clock: Clock = time.monotonic,
    ) -> None:
        self.clock = clock
        self._all = Window.of(per_second, 1.0)
        self._chat_rate = per_chat_per_second
        self._group_rate = per_group_per_minute
        self._chats: dict[int, Window] = {}
        self._groups: dict[int, Window] = {}
        self._paused: dict[int, float] = {}

    def _windows(self, chat_id: int) -> list[Window]:
        windows = [self._all]
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = Window.of(self._chat_rate, 1.0)
        windows.append(chat)
        if is_group(chat_id):
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = Window.of(self._group_rate, 60.0)
            windows.append(group)
        return windows

    def wait_time(self, chat_id: int) -> float:
        """Seconds until a message to `chat_id` may leave (0: now)."""
        now = self.clock()
        waits = [w.wait(now) for w in self._windows(chat_id)]
        waits.append(self._paused.get(chat_id, now) - now)
        return max(0.0, *waits)

    def chat_wait(self, chat_id: int) -> float:
        """Like wait_time, without the shared window: how long this chat itself must wait."""
        now = self.clock()
        waits = [w.wait(now) for w in self._windows(chat_id)[1:]]
        waits.append(self._paused.get(chat_id, now) - now)
        return max(0.0, *waits)

    def known_chats(self) -> set[int]:
        return set(self._chats) | set(self._paused)

    def take(self, chat_id: int) -> None:
        now = self.clock()
        for window in self._windows(chat_id):
            window.take(now)

    async def acquire(self, chat_id: int) -> None:
        """Wait for a free slot for `chat_id`, then take it."""
        while (wait := self.wait_time(chat_id)) > 0:  # noqa: ASYNC110 (time, not an event)
            await asyncio.sleep(wait)
        self.take(chat_id)

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said retry_after: nothing more for that chat until then."""
        self._paused[chat_id] = max(self._paused.get(chat_id, 0.0), self.clock() + seconds)

    def forget_idle(self) -> None:
        """Drop windows with nothing in them (a long-running bot sees many chats)."""
        now = self.clock()
        for table in (self._chats, self._groups):
            for chat_id in [c for c, w in table.items() if w.wait(now) == 0 and not w.starts]:
                del table[chat_id]
        for chat_id in [c for c, until in self._paused.items() if until <= now]:
            del self._paused[chat_id]
