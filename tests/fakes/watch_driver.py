"""Driving the live-jobs loop (bot.watching) by hand in tests: an injectable clock and a loop over
a harness's bot, database, keys and piv.day pool.

    clock = Clock(datetime.now(UTC))
    loop = watch_loop(h, [feature.watchers...], clock)
    await loop.run_once(); clock.advance(5); await loop.run_once()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.watching import Watcher, WatchLoop
from tests.fakes.i18n_fixture import load_core
from tests.fakes.telegram_fixture import BotHarness


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def clock_now() -> Clock:
    """A clock at the real time now (watches started by handlers are stamped with real time)."""
    return Clock(datetime.now(UTC))


def watch_loop(
    h: BotHarness, watchers: Sequence[Watcher], clock: Clock, instance: str = "a"
) -> WatchLoop:
    return WatchLoop(
        h.sessionmaker,
        watchers,
        bot=h.bot,
        core=load_core(),
        key_ring=h.key_ring,
        pool=h.pool,
        instance=instance,
        clock=clock,
    )
