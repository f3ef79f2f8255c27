"""The outbox against a Bot API that enforces Telegram's flood limits (tests/fakes/flood_bot_api):
order per chat, no limit broken, retry_after honoured, 5xx backed off, leases of a dead sender
taken over, two senders on one database sending each message once."""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest
from aiogram import Bot
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_bot
from bot.config import Settings
from bot.db.models import OutboxMessage, OutboxStatus, utcnow
from bot.events.limits import FloodLimiter, Window
from bot.events.outbox import LEASE_SECONDS, Outbox, Outgoing
from bot.events.sender import OutboxSender
from tests.fakes.flood_bot_api import FloodBotApi, Scripted
from tests.fakes.telegram import BOT_TOKEN

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def api(flood_bot_api: FloodBotApi) -> FloodBotApi:
    return flood_bot_api


@pytest.fixture
async def bot(api: FloodBotApi) -> AsyncIterator[Bot]:
    settings = Settings(_env_file=None, bot_token=BOT_TOKEN, telegram_api_url=api.url)  # type: ignore[call-arg]
    bot = create_bot(settings)
    try:
        yield bot
    finally:
        await bot.session.close()


def _limiter(per_second: float = 25, per_chat: float = 1, per_group: float = 20) -> FloodLimiter:
    return FloodLimiter(
        per_second=per_second, per_chat_per_second=per_chat, per_group_per_minute=per_group
    )


async def _queue(sm: async_sessionmaker[AsyncSession], items: list[Outgoing]) -> None:
    async with sm() as session:
        Outbox(session).add(items)
        await session.commit()


async def _rows(sm: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sm() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_messages_keep_their_order_per_chat_within_the_limits(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    chats = [101, 102, 103, -900]
    await _queue(sessionmaker, [Outgoing(c, f"{c}#{i}") for i in range(4) for c in chats])
    started = time.monotonic()
    await OutboxSender(sessionmaker, bot, _limiter()).drain()
    assert api.violations == 0
    for chat in chats:
        assert api.texts(chat) == [f"{chat}#{i}" for i in range(4)]
        times = [a.at for a in api.accepted if a.chat_id == chat]
        assert min(b - a for a, b in itertools.pairwise(times)) >= 1.0
    assert 3.0 <= time.monotonic() - started < 8.0  # 1/s per chat, the chats side by side
    assert {r.status for r in await _rows(sessionmaker)} == {OutboxStatus.SENT.value}


async def test_all_chats_together_stay_under_the_global_rate(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    api.per_second = 10
    await _queue(sessionmaker, [Outgoing(1000 + i, f"m{i}") for i in range(35)])
    started = time.monotonic()
    await OutboxSender(sessionmaker, bot, _limiter(per_second=10)).drain()
    assert api.violations == 0 and len(api.accepted) == 35
    assert time.monotonic() - started >= 3.0  # 35 messages at 10/s


async def test_retry_after_is_honoured_for_that_chat_only(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    api.script(7, Scripted(429, retry_after=2, description="Too Many Requests: retry after 2"))
    await _queue(sessionmaker, [Outgoing(7, "slow"), Outgoing(8, "fast")])
    started = time.monotonic()
    await OutboxSender(sessionmaker, bot, _limiter()).drain()
    assert api.texts(7) == ["slow"] and api.texts(8) == ["fast"]
    (slow,) = [a for a in api.accepted if a.chat_id == 7]
    (fast,) = [a for a in api.accepted if a.chat_id == 8]
    assert slow.at - started >= 2.0 > fast.at - started
    slow_row = next(r for r in await _rows(sessionmaker) if r.chat_id == 7)
    assert slow_row.attempts == 1  # a 429 is not a failed attempt
    assert api.violations == 0


async def test_server_errors_back_off_then_deliver_once(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    api.script(9, Scripted(500, description="Internal Server Error"))
    await _queue(sessionmaker, [Outgoing(9, "one"), Outgoing(9, "two")])
    started = time.monotonic()
    await OutboxSender(sessionmaker, bot, _limiter()).drain()
    assert api.texts(9) == ["one", "two"]  # "two" waited for "one": order holds
    assert api.accepted[0].at - started >= 1.0
    first = (await _rows(sessionmaker))[0]
    assert first.status == OutboxStatus.SENT.value and first.attempts == 2


async def test_a_message_refused_for_good_does_not_block_the_chat(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    api.script(10, Scripted(400, description="Bad Request: can't parse entities"))
    await _queue(sessionmaker, [Outgoing(10, "<b>broken"), Outgoing(10, "next")])
    await OutboxSender(sessionmaker, bot, _limiter()).drain()
    assert api.texts(10) == ["next"]
    first = (await _rows(sessionmaker))[0]
    assert first.status == OutboxStatus.FAILED.value and "parse entities" in (first.error or "")


def _later(seconds: float) -> Callable[[], datetime]:
    return lambda: utcnow() + timedelta(seconds=seconds)


async def test_a_lease_left_by_a_dead_sender_is_taken_over(
    sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    await _queue(sessionmaker, [Outgoing(11, "a"), Outgoing(11, "b")])
    async with sessionmaker() as session:  # a sender leased "a", then its process died
        (leased,) = await Outbox(session).claim_heads(limit=10)
    assert leased.text == "a"
    assert await OutboxSender(sessionmaker, bot, _limiter()).run_once() == 0
    assert api.texts(11) == []  # "a" is leased, "b" waits behind it: nothing jumps the queue
    await OutboxSender(sessionmaker, bot, _limiter(), clock=_later(LEASE_SECONDS + 1)).drain()
    assert api.texts(11) == ["a", "b"]


async def test_two_senders_on_one_database_send_each_message_once(
    any_sessionmaker: async_sessionmaker[AsyncSession], api: FloodBotApi, bot: Bot
) -> None:
    api.per_chat, api.per_second = 100, 1000
    chats = range(200, 210)
    await _queue(any_sessionmaker, [Outgoing(c, f"{c}:{i}") for i in range(6) for c in chats])
    fast = {"per_second": 500, "per_chat": 50}
    senders = [OutboxSender(any_sessionmaker, bot, _limiter(**fast)) for _ in range(2)]
    await asyncio.gather(*(s.drain() for s in senders))
    for chat in chats:
        assert api.texts(chat) == [f"{chat}:{i}" for i in range(6)]
    assert len(api.accepted) == 60


# --- the limiter itself (a fake clock) -------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_windows_turn_rates_into_whole_messages() -> None:
    assert (Window.of(25, 1).limit, round(Window.of(25, 1).period, 2)) == (25, 1.03)
    assert (Window.of(0.5, 1).limit, round(Window.of(0.5, 1).period, 2)) == (1, 2.03)
    assert (Window.of(20, 60).limit, round(Window.of(20, 60).period, 2)) == (20, 60.03)
    with pytest.raises(ValueError):
        Window.of(0, 1)


def test_a_group_gets_twenty_a_minute_and_one_a_second() -> None:
    clock = Clock()
    limiter = FloodLimiter(
        per_second=25, per_chat_per_second=1, per_group_per_minute=20, clock=clock
    )
    sent = []
    while clock.now < 120:
        if limiter.wait_time(-5) == 0:
            limiter.begin(-5)
            limiter.done(-5)  # answered at once
            sent.append(clock.now)
        clock.now += 0.25
    assert len([t for t in sent if t < 60]) == 20
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(sent))
    for start in sent:  # any 60 s window holds at most 20
        assert len([t for t in sent if start <= t < start + 60]) <= 20


def test_a_pause_holds_one_chat_and_not_the_others() -> None:
    clock = Clock()
    limiter = FloodLimiter(
        per_second=25, per_chat_per_second=1, per_group_per_minute=20, clock=clock
    )
    limiter.pause(1, 5)
    assert limiter.wait_time(1) == 5 and limiter.wait_time(2) == 0
    clock.now = 5
    assert limiter.wait_time(1) == 0
    limiter.forget_idle()
    assert limiter.known_chats() == set()  # nothing left to remember


def test_a_message_on_its_way_counts_until_a_period_after_its_answer() -> None:
    clock = Clock()
    limiter = FloodLimiter(
        per_second=2, per_chat_per_second=1, per_group_per_minute=20, clock=clock
    )
    limiter.begin(1)
    limiter.begin(2)
    assert limiter.wait_time(3) == math.inf  # two on their way fill the shared 2/s window
    clock.now = 3.0  # a slow network: answered only now
    limiter.done(1)
    assert limiter.wait_time(1) == pytest.approx(1.03)  # a full period after the answer
    assert limiter.wait_time(3) == pytest.approx(1.03)  # one on its way, one answered now
    limiter.done(2)
    clock.now = 4.04
    assert limiter.wait_time(3) == 0


def test_a_restarted_sender_counts_what_the_last_process_sent() -> None:
    """Telegram still counts messages a killed process sent a moment ago: the new limiter's
    windows start with them, not empty."""
    from bot.events.limits import FloodLimiter

    fresh = FloodLimiter(per_second=25, per_chat_per_second=1, per_group_per_minute=20)
    assert fresh.wait_time(5) == 0
    restarted = FloodLimiter(per_second=25, per_chat_per_second=1, per_group_per_minute=20)
    restarted.remember(5, 0.2)  # sent 0.2 s ago by the previous process
    assert restarted.wait_time(5) > 0.5
    for _ in range(20):
        restarted.remember(-100, 10.0)  # a group's whole minute used 10 s ago
    assert restarted.wait_time(-100) > 40
