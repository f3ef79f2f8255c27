"""Telegram's flood limits, kept by the sender before each message (no aiogram here).

Three sliding windows: all chats together (OUTBOX_PER_SECOND, 25/s by default; Telegram allows
about 30), each chat (OUTBOX_PER_CHAT_PER_SECOND, 1/s) and each group on top of that
(OUTBOX_PER_GROUP_PER_MINUTE, 20/min). A 429's retry_after pauses the chat it came from.

Telegram counts arrivals; a sender only knows when a request left and when it was answered,
and the network's jitter lies in between. So a window counts each message from the moment it
leaves until a full period after Telegram *answered* it: a message that arrived within the
last period is either still on its way or answered within it, and is always counted. Each
window is also a little longer than nominal (MARGIN_SECONDS).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MARGIN_SECONDS = 0.03

Clock = Callable[[], float]


@dataclass
class Window:
    """At most `limit` messages within any `period` seconds: those answered within the last
    period plus those on their way (`busy`)."""

    limit: int
    period: float
    answered: deque[float] = field(default_factory=deque)
    busy: int = 0

    @classmethod
    def of(cls, rate: float, per: float) -> Window:
        """`rate` messages per `per` seconds as whole messages per period: 25/s → 25 per 1 s,
        0.5/s → 1 per 2 s, 20/min → 20 per 60 s."""
        if rate <= 0:
            raise ValueError("a rate must be positive")
        limit = max(1, math.floor(rate))
        return cls(limit, per * limit / rate + MARGIN_SECONDS)

    def wait(self, now: float) -> float:
        """0: free now; else seconds until the oldest answer leaves the window (inf: only
        messages on their way fill it, so the next answer frees it)."""
        while self.answered and self.answered[0] <= now - self.period:
            self.answered.popleft()
        if len(self.answered) + self.busy < self.limit:
            return 0.0
        return self.answered[0] + self.period - now if self.answered else math.inf

    def idle(self, now: float) -> bool:
        return self.wait(now) == 0 and not self.answered and not self.busy


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
        self._turn = asyncio.Lock()  # FIFO: the shared window serves waiters in order
        self._answered = asyncio.Event()  # set by done(): a window may have room again

    def _own(self, chat_id: int) -> list[Window]:
        """The chat's own windows (and its group's)."""
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = Window.of(self._chat_rate, 1.0)
        if not is_group(chat_id):
            return [chat]
        group = self._groups.get(chat_id)
        if group is None:
            group = self._groups[chat_id] = Window.of(self._group_rate, 60.0)
        return [chat, group]

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat itself may receive (0: now; inf: after an answer)."""
        now = self.clock()
        waits = [w.wait(now) for w in self._own(chat_id)]
        return max(0.0, self._paused.get(chat_id, now) - now, *waits)

    def wait_time(self, chat_id: int) -> float:
        """Seconds until a message to `chat_id` may leave, the shared window included."""
        return max(self.chat_wait(chat_id), self._all.wait(self.clock()))

    def known_chats(self) -> set[int]:
        return set(self._chats) | set(self._paused)

    def begin(self, chat_id: int) -> None:
        """A message to `chat_id` leaves now."""
        for window in (self._all, *self._own(chat_id)):
            window.busy += 1

    def done(self, chat_id: int) -> None:
        """Telegram answered the message to `chat_id` (whatever it said)."""
        now = self.clock()
        for window in (self._all, *self._own(chat_id)):
            window.busy = max(0, window.busy - 1)
            window.answered.append(now)
        self._answered.set()

    async def _until_free(self, wait: Callable[[], float]) -> None:
        while (seconds := wait()) > 0:
            self._answered.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._answered.wait(), min(seconds, 60.0))

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to `chat_id` may leave, then mark it leaving; call done()
        once Telegram answered. Messages waiting for the shared window queue up first come,
        first served, so the oldest message never loses the race to a newer one."""
        await self._until_free(lambda: self.chat_wait(chat_id))
        async with self._turn:
            await self._until_free(lambda: self._all.wait(self.clock()))
            self.begin(chat_id)

    def remember(self, chat_id: int, seconds_ago: float) -> None:
        """A message an earlier process sent `seconds_ago` (Telegram still counts it): after a
        restart the windows start where the last process left them, not empty."""
        at = self.clock() - max(0.0, seconds_ago)
        for window in (self._all, *self._own(chat_id)):
            window.answered.append(at)
            if len(window.answered) > 1 and window.answered[-2] > at:  # keep them in order
                window.answered = deque(sorted(window.answered))

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said retry_after: nothing more for that chat until then."""
        self._paused[chat_id] = max(self._paused.get(chat_id, 0.0), self.clock() + seconds)

    def forget_idle(self) -> None:
        """Drop windows with nothing in them (a long-running bot sees many chats)."""
        now = self.clock()
        for table in (self._chats, self._groups):
            for chat_id in [c for c, w in table.items() if w.idle(now)]:
                del table[chat_id]
        for chat_id in [c for c, until in self._paused.items() if until <= now]:
            del self._paused[chat_id]
