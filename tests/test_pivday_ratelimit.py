"""The per-key limiter under load, on a virtual clock (a minute passes in microseconds)."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import TypeVar

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import ratelimit as bench
from bot.pivday import PivDayClient
from bot.pivday.ratelimit import InMemoryRateLimiter, RateLimiter

T = TypeVar("T")
ACCOUNT = b'{"success": true, "data": {"user_id": "u1", "balance": 1.5}}'


class VirtualTime:
    """A clock that jumps to the next sleeper's wake-up once every task is blocked."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._seq), future))
        await future

    async def run(self, awaitable: Awaitable[T]) -> T:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(awaitable)
        while not task.done():
            await asyncio.sleep(0)
            # Only when nothing else is ready (a CPython detail, fine for a test clock) has every
            # task reached its next wait, and time may jump.
            if task.done() or loop._ready:  # type: ignore[attr-defined]
                continue
            assert self._sleepers, "deadlock: nothing runnable and nobody sleeping"
            wake, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake)
            future.set_result(None)
        return task.result()


def max_in_any_window(times: list[float], period: float) -> int:
    """Most events inside any half-open window (t - period, t] (the server's view)."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while times[start] <= t - period:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_limiter_satisfies_the_protocol() -> None:
    assert isinstance(InMemoryRateLimiter(), RateLimiter)


async def test_500_concurrent_calls_never_exceed_100_in_any_minute() -> None:
    vt = VirtualTime()
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(vt.now)
        return httpx.Response(200, content=ACCOUNT)

    limiter = InMemoryRateLimiter(100, 60.0, clock=vt.clock, sleep=vt.sleep)
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with http, PivDayClient("key-A", http=http, limiter=limiter, sleep=vt.sleep) as client:
        results = await vt.run(asyncio.gather(*(client.account.get() for _ in range(500))))

    assert len(results) == len(sent) == 500
    assert max_in_any_window(sent, 60.0) == 100
    # ...and the budget is used, not wasted: 5 windows of 100, each 60 s plus the 1% margin.
    assert max(sent) <= 4 * 60.0 * 1.01 + 1e-6


async def test_keys_do_not_share_a_budget() -> None:
    vt = VirtualTime()
    limiter = InMemoryRateLimiter(3, 60.0, clock=vt.clock, sleep=vt.sleep)

    async def use(key: str) -> float:
        await limiter.acquire(key)
        await limiter.release(key)
        return vt.now

    a = await vt.run(asyncio.gather(*(use("a") for _ in range(6))))
    b = await vt.run(use("b"))
    assert sorted(a)[:3] == [0.0, 0.0, 0.0] and min(sorted(a)[3:]) >= 60.0
    assert b == vt.now  # "b" went straight through although "a" had just waited a minute
    assert limiter.in_window("b") == 1


async def test_pause_holds_every_request_of_the_key() -> None:
    vt = VirtualTime()
    limiter = InMemoryRateLimiter(100, 60.0, clock=vt.clock, sleep=vt.sleep)
    await limiter.pause("k", 12.0)

    async def one() -> float:
        await limiter.acquire("k")
        await limiter.release("k")
        return vt.now

    assert await vt.run(asyncio.gather(one(), one())) == [12.0, 12.0]
    assert await vt.run(one()) == 12.0  # the pause is over, not renewed
    await limiter.acquire("other")  # other keys were never paused
    assert vt.now == 12.0


async def test_a_slot_is_held_until_the_request_finished() -> None:
    """The server stamps a request somewhere between send and answer; the window counts from
    the answer, so a slow request can't let the next burst overlap it on the server."""
    vt = VirtualTime()
    limiter = InMemoryRateLimiter(1, 10.0, safety=0.0, clock=vt.clock, sleep=vt.sleep)

    async def slow_request() -> None:
        await limiter.acquire("k")
        await vt.sleep(5.0)  # in flight for 5 s
        await limiter.release("k")

    async def next_request() -> float:
        await limiter.acquire("k")
        return vt.now

    _, started = await vt.run(asyncio.gather(slow_request(), next_request()))
    assert started == 15.0


async def test_bench_smoke_reaches_the_limit_without_429s() -> None:
    """Tiny scale (10 per 0.5 s): the benchmark runs end to end and the client stays under."""
    result = await bench.run(limit=10, period=0.5, requests=25, tasks=5, safety=0.05)
    assert result.rejected == 0
    assert 0.7 <= result.ratio <= 1.0
    assert "achieved/allowed" in result.line()


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(1, 8),
    period=st.floats(1.0, 100.0),
    jobs=st.lists(
        st.tuples(
            st.floats(0.0, 50.0),  # when the caller starts
            st.floats(0.0, 20.0),  # how long the request is in flight
            st.floats(0.0, 1.0),  # where in that flight the server stamps it
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_server_never_sees_a_full_window_whatever_the_latency(
    limit: int, period: float, jobs: list[tuple[float, float, float]]
) -> None:
    """With a margin of only float rounding, wherever the server stamps a request between send
    and answer, no window of `period` on the server holds more than `limit`."""

    async def scenario() -> list[float]:
        vt = VirtualTime()
        limiter = InMemoryRateLimiter(limit, period, safety=1e-9, clock=vt.clock, sleep=vt.sleep)
        stamps: list[float] = []

        async def request(start: float, flight: float, at: float) -> None:
            await vt.sleep(start)
            await limiter.acquire("k")
            sent = vt.now
            await vt.sleep(flight)
            stamps.append(sent + flight * at)
            await limiter.release("k")

        await vt.run(asyncio.gather(*(request(*job) for job in jobs)))
        return stamps

    stamps = asyncio.run(scenario())
    assert len(stamps) == len(jobs)
    assert max_in_any_window(stamps, period) <= limit
