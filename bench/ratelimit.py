"""How close does one key get to piv.day's rate limit without ever hitting it?

A loopback aiohttp server enforces `limit` requests per `period` seconds per key (sliding window,
429 + Retry-After beyond it, like piv.day's 100/min). N concurrent tasks share one PivDayClient and
finish a fixed batch; the time scale is shrunk (period of seconds instead of 60) since only the
ratio matters. Prints achieved/allowed, where "allowed" is the most a sliding-window server can
accept over the elapsed time: limit * (1 + elapsed / period).

    .venv/bin/python -m bench.ratelimit [--limit 100] [--period 2] [--requests 500] [--tasks 10]

Exits non-zero when any 429 was seen or the ratio is below --min-ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import sys
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import httpx
from aiohttp import web

from bot.pivday import PivDayClient
from bot.pivday.ratelimit import InMemoryRateLimiter

ACCOUNT = {
    "success": True,
    "data": {
        "user_id": "usr-bench",
        "balance": 150.50,
        "email": "b***@example.com",
        "team_id": None,
        "is_team_member": False,
    },
}


@dataclass
class LimitedServer:
    """A piv.day stand-in that only knows GET /account and the per-key rate limit."""

    limit: int
    period: float
    accepted: int = 0
    rejected: int = 0
    _seen: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    async def handle(self, request: web.Request) -> web.Response:
        key = request.headers.get("Authorization", "")
        if not key.startswith("Bearer "):
            error = {"code": "UNAUTHORIZED", "message": "Missing API key"}
            return web.json_response({"success": False, "error": error}, status=401)
        now = time.monotonic()
        seen = self._seen[key]
        while seen and seen[0] <= now - self.period:
            seen.popleft()
        if len(seen) >= self.limit:
            self.rejected += 1
            wait = max(1, math.ceil(seen[0] + self.period - now))
            body = {
                "success": False,
                "error": {
                    "code": "RATE_LIMITED",
                    "message": f"Rate limit exceeded, retry in {wait}s",
                },
            }
            return web.json_response(body, status=429, headers={"Retry-After": str(wait)})
        seen.append(now)
        self.accepted += 1
        return web.json_response(ACCOUNT)

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"accepted": self.accepted, "rejected": self.rejected})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/v1/account", self.handle)
        app.router.add_get("/stats", self.stats)
        return app


async def _serve_forever(limit: int, period: float, port_out: Connection) -> None:
    runner = web.AppRunner(LimitedServer(limit, period).app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.Event().wait()


def _server_process(limit: int, period: float, port_out: Connection) -> None:
    asyncio.run(_serve_forever(limit, period, port_out))


@contextmanager
def server_process(limit: int, period: float) -> Iterator[str]:
    """The server in its own process (like a remote API: its CPU time is not the client's)."""
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_server_process, args=(limit, period, sender), daemon=True)
    process.start()
    try:
        if not receiver.poll(30):
            raise RuntimeError("bench server did not start")
        yield f"http://127.0.0.1:{receiver.recv()}"
    finally:
        process.terminate()
        process.join(5)


@dataclass(frozen=True)
class Result:
    requests: int
    elapsed: float
    limit: int
    period: float
    rejected: int

    @property
    def allowed(self) -> float:
        return self.limit * (1 + self.elapsed / self.period)

    @property
    def ratio(self) -> float:
        return self.requests / self.allowed

    def line(self) -> str:
        return (
            f"achieved/allowed = {self.ratio:.3f}  ({self.requests} requests in "
            f"{self.elapsed:.2f} s, server allows {self.limit} per {self.period:g} s "
            f"-> {self.allowed:.0f}; 429s: {self.rejected})"
        )


async def run(
    *, limit: int, period: float, requests: int, tasks: int, safety: float = 0.01
) -> Result:
    jobs: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        jobs.put_nowait(n)
    limiter = InMemoryRateLimiter(limit, period, safety=safety)
    with server_process(limit, period) as root:
        async with PivDayClient("bench-key", base_url=f"{root}/api/v1", limiter=limiter) as client:

            async def worker() -> None:
                while not jobs.empty():
                    jobs.get_nowait()
                    await client.account.get()

            started = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(tasks)))
            elapsed = time.monotonic() - started
        async with httpx.AsyncClient() as http:
            stats = (await http.get(f"{root}/stats")).json()
    return Result(requests, elapsed, limit, period, stats["rejected"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--period", type=float, default=5.0, help="seconds (piv.day: 60)")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--safety", type=float, default=0.01, help="window margin, fraction")
    parser.add_argument("--min-ratio", type=float, default=0.95)
    args = parser.parse_args(argv)
    result = asyncio.run(
        run(
            limit=args.limit,
            period=args.period,
            requests=args.requests,
            tasks=args.tasks,
            safety=args.safety,
        )
    )
    print(result.line())
    ok = result.rejected == 0 and result.ratio >= args.min_ratio
    print("OK" if ok else f"FAIL (need zero 429s and ratio >= {args.min_ratio})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
