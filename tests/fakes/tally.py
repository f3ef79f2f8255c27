"""Per-update tallies (no pytest here; bench/ uses them too).

    calls = Tally(list)
    with calls.measure() as mine:   # what runs inside (this task and what it awaits) ...
        ...
    calls.current                   # ... finds `mine` here and adds to it; None outside any block

Attribution rides on a context variable, so updates handled concurrently each get their own, work
outside any `measure()` (another task, a sweeper) counts nowhere, and SQLAlchemy's async layer
carries it into the greenlet that runs the driver (engine events see it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class Tally(Generic[T]):
    def __init__(self, new: Callable[[], T]) -> None:
        self._new = new
        self._current: ContextVar[T | None] = ContextVar("tally", default=None)

    @contextmanager
    def measure(self) -> Iterator[T]:
        value = self._new()
        token = self._current.set(value)
        try:
            yield value
        finally:
            self._current.reset(token)

    @property
    def current(self) -> T | None:
        return self._current.get()
