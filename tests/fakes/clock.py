"""A clock a test moves by hand, for code that takes `clock: Callable[[], datetime]`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def wall_clock() -> Clock:
    """Starting now: for rows other code wrote with the real time (watches, confirmations)."""
    return Clock(datetime.now(UTC))
