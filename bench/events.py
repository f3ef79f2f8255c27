"""How fast does the bot acknowledge piv.day's events, and how close does the outbox get to
Telegram's rate without breaking a flood limit?

1. Ack: the event receiver (bot.events.receiver, its own process, like the bot) on SQLite and
   on PostgreSQL; N events POSTed over loopback by C concurrent clients, each answered only
   once it is committed to the inbox. Prints ack p50/p99 and events/s.
2. Drain (SQLite): the router and the outbox sender (the production classes, default limits:
   25/s in total, 1/s per chat) turn those N events — spread over K owners' private chats —
   into messages to a Bot API that enforces Telegram's limits with 429s
   (tests/fakes/flood_bot_api). Prints the drain time and achieved/allowed, where allowed is
   min(OUTBOX_PER_SECOND, K × OUTBOX_PER_CHAT_PER_SECOND).

    .venv/bin/python -m bench.events [--events 500] [--concurrency 20] [--owners 50]
                                     [--pg-url postgresql+asyncpg://postgres@127.0.0.1/test]

PostgreSQL runs when --pg-url (or TEST_DATABASE_URL) is given: a throwaway database is created
on that server and dropped afterwards. Exits non-zero when SQLite's ack p99 ≥ 100 ms, any
limit was broken, or achieved/allowed < 0.9.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.app import create_bot
from bot.config import Settings
from bot.crypto import KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade
from bot.db.repositories import KeyRepo
from bot.events import receiver
from bot.events.inbox import Doorbell
from bot.events.limits import FloodLimiter
from bot.events.routing import EventRouter
from bot.events.sender import OutboxSender
from bot.i18n import create_core
from bot.services.notifications import EVENTS_PATH, TokenService
from tests.fakes.flood_bot_api import FloodBotApi, serve_flood_bot_api
from tests.fakes.telegram import BOT_TOKEN

ACK_P99_TARGET_MS = 100.0
RATIO_TARGET = 0.9


# --- the receiver in a process of its own -------------------------------------------------


async def _serve_receiver(db_url: str, port_out: Connection) -> None:
    engine = create_engine(db_url)
    app = web.Application()
    receiver.install(app, create_sessionmaker(engine), Doorbell())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    gc.freeze()  # as bot.runner.serve does once everything is built
    port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.Event().wait()


def _receiver_process(db_url: str, port_out: Connection) -> None:
    asyncio.run(_serve_receiver(db_url, port_out))


@contextmanager
def receiver_process(db_url: str) -> Iterator[str]:
    ctx = multiprocessing.get_context("spawn")
    out, into = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_receiver_process, args=(db_url, into), daemon=True)
    process.start()
    try:
        if not out.poll(60):
            raise RuntimeError("receiver did not start")
        yield f"http://127.0.0.1:{out.recv()}"
    finally:
        process.terminate()
        process.join(5)


# --- databases --------------------------------------------------------------------------------


@asynccontextmanager
async def sqlite_db() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"


@asynccontextmanager
async def postgres_db(base: str) -> AsyncIterator[str]:
    url = make_url(base)
    name = f"pivbot_bench_{secrets.token_hex(4)}"
    connect = {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
        "database": url.database,
    }
    admin = await asyncpg.connect(**connect)  # type: ignore[arg-type]
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(**connect)  # type: ignore[arg-type]
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def prepare(db_url: str, ring: KeyRing, owners: int) -> list[str]:
    """Migrate; `owners` users with one key each; their event URL paths."""
    await upgrade(db_url)
    engine = create_engine(db_url)
    paths = []
    async with create_sessionmaker(engine)() as session:
        for n in range(owners):
            key = await KeyRepo(session, ring).add(10_000 + n, "bench", f"pk_bench_{n:04d}_x")
            await session.commit()
            paths.append(EVENTS_PATH + await TokenService(session, ring).token(key))
    await engine.dispose()
    return paths


def event(n: int) -> bytes:
    body = {
        "event_type": "sms.received",
        "timestamp": "2026-05-22T12:34:56Z",
        "data": {"piv_num_id": f"num-{n % 7}", "text": f"Your code is {100000 + n}"},
    }
    return json.dumps(body).encode()


# --- 1. acknowledgements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Acks:
    backend: str
    latencies: list[float]  # seconds
    elapsed: float
    failures: int

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.backend:<10} ack p50 {statistics.median(self.latencies) * 1000:6.1f} ms  "
            f"p90 {self.percentile(0.9):6.1f} ms  p99 {self.percentile(0.99):6.1f} ms  "
            f"{len(self.latencies) / self.elapsed:6.0f} "
            f"events/s  ({len(self.latencies)} events, non-2xx: {self.failures})"
        )


async def post_all(root: str, paths: list[str], events: int, concurrency: int) -> Acks:
    jobs: asyncio.Queue[int] = asyncio.Queue()
    for n in range(events):
        jobs.put_nowait(n)
    latencies: list[float] = []
    failures = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:

        async def worker() -> None:
            nonlocal failures
            while not jobs.empty():
                n = jobs.get_nowait()
                started = time.perf_counter()
                async with http.post(root + paths[n % len(paths)], data=event(n)) as r:
                    await r.read()
                    failures += not 200 <= r.status < 300
                latencies.append(time.perf_counter() - started)

        # Warm up outside the measurement: connections, the database pool, statement caches.
        for n in range(concurrency):
            async with http.post(root + paths[n % len(paths)], data=event(-1 - n)) as r:
                await r.read()
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Acks("", latencies, elapsed, failures)


async def acks(db_url: str, backend: str, args: argparse.Namespace, ring: KeyRing) -> Acks:
    paths = await prepare(db_url, ring, args.owners)
    with receiver_process(db_url) as root:
        result = await post_all(root, paths, args.events, args.concurrency)
    return Acks(backend, result.latencies, result.elapsed, result.failures)


# --- 2. draining through the flood limits -----------------------------------------------------


@dataclass(frozen=True)
class Drain:
    messages: int
    elapsed: float
    allowed_rate: float
    violations: int

    @property
    def ratio(self) -> float:
        return self.messages / self.elapsed / self.allowed_rate

    def line(self) -> str:
        return (
            f"drain      {self.messages} messages in {self.elapsed:.1f} s through the flood "
            f"limits: achieved/allowed = {self.ratio:.3f} (allowed {self.allowed_rate:g}/s); "
            f"429s: {self.violations}"
        )


async def drain(db_url: str, expected: int, owners: int) -> Drain:
    settings = Settings(_env_file=None, bot_token=BOT_TOKEN)  # type: ignore[call-arg]
    api = FloodBotApi()
    runner = await serve_flood_bot_api(api)
    engine = create_engine(db_url)
    sessionmaker = create_sessionmaker(engine)
    bot = create_bot(settings.model_copy(update={"telegram_api_url": api.url}))
    core = create_core("en")
    await core.startup()
    outbox_bell = Doorbell()
    router = EventRouter(sessionmaker, core=core, lookup=None, outbox_bell=outbox_bell)
    limiter = FloodLimiter(
        per_second=settings.outbox_per_second,
        per_chat_per_second=settings.outbox_per_chat_per_second,
        per_group_per_minute=settings.outbox_per_group_per_minute,
    )
    sender = OutboxSender(sessionmaker, bot, limiter)
    started = time.monotonic()
    tasks = [
        asyncio.create_task(router.run(Doorbell())),
        asyncio.create_task(sender.run(outbox_bell)),
    ]
    try:
        while len(api.accepted) < expected:  # noqa: ASYNC110 (counting what arrives)
            await asyncio.sleep(0.01)
        elapsed = api.accepted[-1].at - started
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await bot.session.close()
        await engine.dispose()
        await runner.cleanup()
    allowed = min(settings.outbox_per_second, owners * settings.outbox_per_chat_per_second)
    return Drain(len(api.accepted), elapsed, allowed, api.violations)


async def run(args: argparse.Namespace) -> int:
    gc.freeze()  # the load generator's own pauses are not the bot's latency
    ring = KeyRing.parse([KeyRing.generate_key("bench")])
    ok = True
    async with sqlite_db() as url:
        sqlite = await acks(url, "SQLite", args, ring)
        print(sqlite.line(), flush=True)
        ok &= sqlite.failures == 0 and sqlite.percentile(0.99) < ACK_P99_TARGET_MS
        # The warm-up's events (one per client) are in the inbox too: they are drained as well.
        drained = await drain(url, args.events + args.concurrency, args.owners)
        print(drained.line(), flush=True)
        ok &= drained.violations == 0 and drained.ratio >= RATIO_TARGET
    if args.pg_url:
        async with postgres_db(args.pg_url) as url:
            pg = await acks(url, "PostgreSQL", args, ring)
            print(pg.line(), flush=True)
            ok &= pg.failures == 0
    else:
        print("PostgreSQL skipped (give --pg-url or set TEST_DATABASE_URL)")
    targets = f"SQLite ack p99 < {ACK_P99_TARGET_MS:g} ms, 0 × 429, ratio >= {RATIO_TARGET}"
    print("OK" if ok else f"FAIL (targets: {targets})")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--owners", type=int, default=50, help="private chats the events go to")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL"))
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
