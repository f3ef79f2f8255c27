"""Live jobs: the watch table and the watcher loop, against the sandbox, a real database and the
recording Bot session (leases, deadlines, pokes, backoff, key removal, identical edits)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select

from bot.db.models import Watch, WatchStatus
from bot.db.repositories import KeyRepo
from bot.services.watches import LEASE_SECONDS, WatchService
from bot.watching import Watcher, WatchLoop, WatchRun
from tests.fakes.i18n_fixture import load_core
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, text_of
from tests.fakes.watch_driver import Clock

KIND = "test.balance"
OWNER = 5


@dataclass
class BalanceWatcher:
    """Shows the balance; done once it reaches `until`."""

    until: Decimal
    polls: int = 0
    ended_with: list[WatchStatus] | None = None

    async def poll(self, run: WatchRun) -> float | None:
        self.polls += 1
        assert run.client is not None
        balance = (await run.client.account.get()).balance
        await run.show(f"balance {balance:.2f}")
        return None if balance >= self.until else 5.0

    async def ended(self, run: WatchRun, status: WatchStatus) -> None:
        self.ended_with = [*(self.ended_with or []), status]
        await run.show(f"ended {status.value}")

    def watcher(self) -> Watcher:
        return Watcher(KIND, self.poll, self.ended)


@dataclass
class Setup:
    h: BotHarness
    key: str
    key_id: int
    clock: Clock
    watcher: BalanceWatcher

    def loop(self, instance: str = "a") -> WatchLoop:
        return WatchLoop(
            self.h.sessionmaker,
            [self.watcher.watcher()],
            bot=self.h.bot,
            core=load_core(),
            key_ring=self.h.key_ring,
            pool=self.h.pool,
            instance=instance,
            clock=self.clock,
        )

    async def start(self, target: str = "acct", lasts: float = 600) -> Watch | None:
        async with self.h.sessionmaker() as session:
            return await WatchService(session, clock=self.clock).start(
                kind=KIND,
                target=target,
                owner_id=OWNER,
                api_key_id=self.key_id,
                chat_id=OWNER,
                locale="en",
                every=5,
                lasts=lasts,
            )

    async def row(self, target: str = "acct") -> Watch:
        async with self.h.sessionmaker() as session:
            stmt = select(Watch).where(Watch.target == target).order_by(Watch.id.desc())
            return (await session.scalars(stmt)).first()  # type: ignore[return-value]


@pytest.fixture
async def setup(make_any_harness: HarnessFactory) -> AsyncIterator[Setup]:
    h = await make_any_harness()
    key = h.sandbox.create_key(balance="10.00")
    await h.connect_key(OWNER, key)
    async with h.sessionmaker() as session:
        [row] = await KeyRepo(session, h.key_ring).list(OWNER)
    yield Setup(h, key, row.id, Clock(datetime.now(UTC)), BalanceWatcher(until=Decimal("20")))


def _texts(calls: list[object]) -> list[str | None]:
    return [text_of(c) for c in calls if isinstance(c, SendMessage | EditMessageText)]  # type: ignore[arg-type]


async def test_polls_when_due_and_never_repeats_an_identical_edit(setup: Setup) -> None:
    assert await setup.start() is not None
    loop = setup.loop()
    before = len(setup.h.calls)
    assert await loop.run_once() == 1
    assert _texts(setup.h.calls[before:]) == ["balance 10.00"]
    assert await loop.run_once() == 0  # not due for 5 s
    setup.clock.advance(5)
    assert await loop.run_once() == 1
    assert _texts(setup.h.calls[before:]) == ["balance 10.00"]  # same text: no edit at all
    setup.h.sandbox.set_balance(setup.key, "25.00")
    setup.clock.advance(5)
    await loop.run_once()
    edits = [c for c in setup.h.calls[before:] if isinstance(c, EditMessageText)]
    assert [e.text for e in edits] == ["balance 25.00"]
    row = await setup.row()
    assert row.status == WatchStatus.DONE and row.lease_owner is None
    assert row.message_id == edits[0].message_id


async def test_one_active_watch_per_object(setup: Setup) -> None:
    assert await setup.start() is not None
    assert await setup.start() is None
    async with setup.h.sessionmaker() as session:
        assert await WatchService(session).cancel(KIND, "acct", OWNER) is not None
    assert await setup.start() is not None  # a finished one doesn't block a new one


async def test_two_instances_never_poll_the_same_watch_at_once(setup: Setup) -> None:
    await setup.start()
    loops = [setup.loop(f"i{n}") for n in range(4)]
    polled = await asyncio.gather(*(loop.run_once() for loop in loops))
    assert sum(polled) == 1 and setup.watcher.polls == 1


async def test_a_dead_instances_lease_runs_out(setup: Setup) -> None:
    await setup.start()
    async with setup.h.sessionmaker() as session:  # instance "dead" leases it and dies
        assert len(await WatchService(session, clock=setup.clock).claim_due("dead")) == 1
    loop = setup.loop("alive")
    assert await loop.run_once() == 0
    setup.clock.advance(LEASE_SECONDS + 1)
    assert await loop.run_once() == 1


async def test_poke_makes_it_due_now(setup: Setup) -> None:
    await setup.start()
    loop = setup.loop()
    await loop.run_once()
    assert await loop.run_once() == 0
    async with setup.h.sessionmaker() as session:
        assert await WatchService(session, clock=setup.clock).poke(KIND, "acct")
    assert await loop.run_once() == 1


async def test_deadline_ends_it_with_final_words(setup: Setup) -> None:
    await setup.start(lasts=8)
    loop = setup.loop()
    await loop.run_once()
    setup.clock.advance(10)
    before = len(setup.h.calls)
    await loop.run_once()
    assert setup.watcher.ended_with == [WatchStatus.EXPIRED]
    assert _texts(setup.h.calls[before:]) == ["ended expired"]
    assert (await setup.row()).status == WatchStatus.EXPIRED


async def test_removed_key_ends_it_without_calling_piv_day(setup: Setup) -> None:
    await setup.start()
    async with setup.h.sessionmaker() as session:
        from bot.services.keys import KeyService

        await KeyService(session, setup.h.key_ring, setup.h.pool).remove(OWNER, setup.key_id)
    await setup.loop().run_once()
    assert setup.watcher.polls == 0 and setup.watcher.ended_with == [WatchStatus.CANCELLED]
    assert (await setup.row()).status == WatchStatus.CANCELLED


async def test_piv_day_failure_backs_off_and_keeps_the_watch(setup: Setup) -> None:
    await setup.start()
    setup.h.sandbox.fail_next(setup.key, "GET", "/account", kind="500")
    loop = setup.loop()
    await loop.run_once()
    row = await setup.row()
    assert row.status == WatchStatus.ACTIVE and row.lease_owner is None
    assert row.next_run_at - setup.clock.now >= timedelta(seconds=10)  # backed off, not 5 s
    setup.clock.advance(60)
    await loop.run_once()
    assert setup.watcher.polls == 2 and (await setup.row()).status == WatchStatus.ACTIVE


async def test_cancel_wins_over_a_poll_in_flight(setup: Setup) -> None:
    await setup.start()
    gate = asyncio.Event()
    original = setup.watcher.poll

    async def slow(run: WatchRun) -> float | None:
        await gate.wait()
        return await original(run)

    setup.watcher.poll = slow  # type: ignore[method-assign]
    loop = setup.loop()
    polling = asyncio.create_task(loop.run_once())
    await asyncio.sleep(0.05)
    async with setup.h.sessionmaker() as session:
        assert await WatchService(session).cancel(KIND, "acct", OWNER) is not None
    gate.set()
    await polling
    row = await setup.row()
    assert row.status == WatchStatus.CANCELLED and row.lease_owner == "a"  # result discarded
