"""The user cache: an update that changes nothing runs no SQL once its user is known, and no
change (switch, rename, remove, language, first contact) is ever hidden by it — in this process
through the session hooks, across instances through Redis."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import create_bot, create_dispatcher
from bot.crypto import KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.models import ApiKey, User
from bot.db.repositories import KeyRepo
from bot.pivday import ClientPool
from bot.services.users import Known, UserCache
from tests.fakes.sql_cost import SqlCounter
from tests.fakes.telegram import RecordingSession
from tests.fakes.telegram_fixture import BotHarness

REDIS_URL = os.environ.get("TEST_REDIS_URL")


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_read_that_raced_with_a_change_is_not_kept() -> None:
    cache = UserCache(60)
    generation = cache.generation(7)  # a read begins…
    cache.drop([7])  # …a change commits meanwhile…
    cache.put(7, generation, Known(None, None))  # …the read's (stale) answer arrives
    assert cache.get(7) is None
    cache.put(7, cache.generation(7), Known(None, None))
    assert cache.get(7) is not None


def test_entries_expire_and_the_size_is_bounded() -> None:
    ticks = Ticks()
    cache = UserCache(10, max_size=3, clock=ticks)
    for user_id in range(5):
        cache.put(user_id, 0, Known(None, None))
    assert [cache.get(i) is not None for i in range(5)] == [False, False, True, True, True]
    ticks.now = 11
    assert cache.get(4) is None
    off = UserCache(0)
    off.put(1, 0, Known(None, None))
    assert off.get(1) is None


async def _statements(h: BotHarness, sql: SqlCounter, text: str, **kw: Any) -> list[str]:
    with sql.measure() as cost:
        await h.send(text, **kw)
    return cost.statements


async def test_known_users_cost_no_sql_and_every_change_shows_at_once(
    harness: BotHarness,
) -> None:
    h = harness
    sql = SqlCounter(h.sessionmaker.kw["bind"])
    try:
        await h.connect_key(1, h.sandbox.create_key(balance="5.00"))
        await h.send("/help")
        assert await _statements(h, sql, "/help") == []
        assert await _statements(h, sql, "/settings") == []
        # Rename through the bot: the next screen shows the new name, read afresh.
        await h.send("/keys")
        async with h.sessionmaker() as session:
            [key] = (await session.scalars(select(ApiKey))).all()
        await h.tap(f"✅ {key.label} · {key.mask}")
        await h.tap("✏️ Rename")
        await h.send("Shop")
        await h.send("/start")
        assert "Shop" in (h.last_text() or "")
        # A second key, connected and active: /start shows its balance at once.
        await h.connect_key(1, h.sandbox.create_key(balance="7.00"))
        await h.send("/start")
        assert "$7.00" in (h.last_text() or "")
        # The language chosen applies to the very next update.
        await h.send("/language")
        await h.tap("Русский")
        await h.send("/help")
        assert "Что я умею" in (h.last_text() or "")
        # Removed behind the bot's back, through another session on the same database.
        async with h.sessionmaker() as session:
            repo = KeyRepo(session, h.key_ring)
            for row in await repo.list(1):
                await repo.remove(1, row.id)
            await session.commit()
        await h.send("/start")
        assert "$7.00" not in (h.last_text() or "") and "$5.00" not in (h.last_text() or "")
    finally:
        sql.close()


async def test_first_contact_is_registered_and_then_cached(harness: BotHarness) -> None:
    h = harness
    sql = SqlCounter(h.sessionmaker.kw["bind"])
    try:
        await h.send("hello", user_id=9, chat_id=-100, chat_type="group")  # a stranger: no row
        await h.send("/start", user_id=9)  # first private contact: a row
        async with h.sessionmaker() as session:
            assert await session.get(User, 9) is not None
        assert len(await _statements(h, sql, "/help", user_id=9)) <= 1  # read once…
        assert await _statements(h, sql, "/help", user_id=9) == []  # …then served from memory
    finally:
        sql.close()


@pytest.fixture
async def second_instance(
    harness: BotHarness, tmp_path: Any
) -> AsyncIterator[tuple[BotHarness, BotHarness]]:
    """Two instances on one database, each with its own engine and dispatcher (and cache),
    both told about Redis."""
    if REDIS_URL is None:
        pytest.skip("TEST_REDIS_URL is not set")
    instances: list[BotHarness] = []
    cleanup: list[Any] = []
    for _ in range(2):
        settings = harness.settings.model_copy(update={"redis_url": REDIS_URL})
        engine = create_engine(settings.database_url)
        sessionmaker = create_sessionmaker(engine)
        pool = ClientPool(settings.pivday_api_url, max_retries=0)
        ring = KeyRing.from_settings(settings)
        session = RecordingSession()
        bot = create_bot(settings, session=session)
        dispatcher = create_dispatcher(
            settings, sessionmaker=sessionmaker, pivday_pool=pool, key_ring=ring
        )
        await dispatcher.emit_startup(
            dispatcher=dispatcher, bot=bot, bots=[bot], **dispatcher.workflow_data
        )
        h = BotHarness(
            settings=settings,
            bot=bot,
            session=session,
            dispatcher=dispatcher,
            engine=engine,
            sessionmaker=sessionmaker,
            pool=pool,
            key_ring=ring,
            sandbox=harness.sandbox,
        )
        instances.append(h)
        cleanup.append((dispatcher, bot, pool, engine))
    try:
        yield instances[0], instances[1]
    finally:
        for dispatcher, bot, pool, engine in cleanup:
            await dispatcher.emit_shutdown(
                dispatcher=dispatcher, bot=bot, bots=[bot], **dispatcher.workflow_data
            )
            await dispatcher.storage.close()
            await pool.aclose()
            await engine.dispose()


async def test_a_change_on_one_instance_reaches_the_others_cache(
    second_instance: tuple[BotHarness, BotHarness],
) -> None:
    a, b = second_instance
    await a.connect_key(1, a.sandbox.create_key(balance="5.00"))
    await b.send("/start")  # b caches user 1 with the first key
    assert "$5.00" in (b.last_text() or "")
    await a.connect_key(1, a.sandbox.create_key(balance="7.00"))  # now active, on a
    for _ in range(100):  # the invalidation travels through Redis
        await asyncio.sleep(0.02)
        if b.dispatcher["user_cache"].get(1) is None:
            break
    await b.send("/start")
    assert "$7.00" in (b.last_text() or "")
