"""`python -m bot sandbox`: serve the sandbox alone on live time and print a ready demo key."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from aiohttp import web

from bot.sandbox.clock import SystemClock
from bot.sandbox.state import Sandbox

DEMO_BALANCE = "1000.00"
TICK_SECONDS = 1.0


async def tick_forever(sb: Sandbox, interval: float = TICK_SECONDS) -> None:
    """Live time: move queues, expiries and jobs on without waiting for a request."""
    while True:
        await asyncio.sleep(interval)
        sb.tick()


async def serve_app(
    app: web.Application, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, str]:
    """Serve any aiohttp app (port 0 = any free port); returns the runner (cleanup() it) and the
    root URL. Also what tests use for their loopback peers (webhook receiver, fake Bot API)."""
    # Short shutdown: a fail_next "timeout" may be holding a connection open.
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, f"http://{bound_host}:{bound_port}"


async def start_server(
    sb: Sandbox, host: str = "127.0.0.1", port: int = 0, *, control: bool = True
) -> tuple[web.AppRunner, str]:
    """Serve `sb`; returns the runner (cleanup() it) and the root URL."""
    return await serve_app(sb.make_app(control=control), host, port)


async def serve(host: str, port: int, seed: int, stop: asyncio.Event | None = None) -> None:
    sb = Sandbox(seed=seed, clock=SystemClock())
    demo_key = sb.create_key(balance=DEMO_BALANCE, email="demo@sandbox.piv.day")
    runner, root = await start_server(sb, host, port)
    print(f"piv.day sandbox (play money) on {root}/api/v1", flush=True)
    print(f"demo key: {demo_key}", flush=True)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    ticker = asyncio.create_task(tick_forever(sb))
    try:
        await stop.wait()
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        await sb.aclose()
        await runner.cleanup()


def main(*, host: str = "127.0.0.1", port: int = 8090, seed: int = 0) -> int:
    asyncio.run(serve(host, port, seed))
    return 0
