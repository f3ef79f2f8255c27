"""Waiting for a code (issue 9): a live job on the watcher loop (bot.watching), driven here with an
injected clock against the sandbox and a real database (SQLite, and PostgreSQL when set): every
5 s, at most 10 minutes, one poller per number across instances, stops at the first code, on
Stop or at the timeout, survives a restart, ends cleanly when the key or the number is gone."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select

from bot.db.models import Watch, WatchStatus
from bot.db.repositories import KeyRepo
from bot.services.watches import LEASE_SECONDS, NUMBER_CODE, WatchService
from tests.fakes.numbers_kit import (
    code_loop,
    markup_of,
    open_card,
    ready,
    sent_texts,
    start_waiting,
    tr,
    watch_of,
)
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, alerts
from tests.fakes.watch_driver import clock_now as clock

T = tr("en")
SMS_LIST = ("GET", "/numbers/{piv_num_id}/sms")


@pytest.fixture
async def h(make_any_harness: HarnessFactory, sandbox_key: str) -> BotHarness:
    return await ready(await make_any_harness(), sandbox_key)


async def test_wait_posts_each_sms_and_stops_at_the_first_code(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await h.sandbox.deliver_sms(number.piv_num_id, "Old", "Your code is 111111")  # before
    calls = await start_waiting(h, number.phone_number)
    [status] = [c for c in calls if isinstance(c, SendMessage)]
    assert status.text == T.get("numbers-wait-status", phone=number.phone_number, minutes=10)
    assert h.labels() == [T.get("numbers-wait-stop")]
    watch = await watch_of(h, number.piv_num_id)
    assert watch.kind == NUMBER_CODE and watch.status == WatchStatus.ACTIVE
    assert watch.message_id == h.last_message_id(1)

    at = clock()
    loop = code_loop(h, at)
    assert await loop.run_once() == 0  # first look in 5 s
    await h.sandbox.deliver_sms(number.piv_num_id, "Bank", "Your balance is 12.00 & more")
    at.advance(5)
    before = len(h.calls)
    assert await loop.run_once() == 1
    posted = sent_texts(h.calls[before:])
    assert posted == [
        T.get("numbers-wait-incoming", phone=number.phone_number, sender="Bank")
        + "\nYour balance is 12.00 &amp; more"
    ]  # the old code was not posted again; no code here: no copy button, still waiting
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.ACTIVE

    await h.sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your Google code")
    at.advance(5)
    before = len(h.calls)
    await loop.run_once()
    new = h.calls[before:]
    [message] = [c for c in new if isinstance(c, SendMessage)]
    assert T.get("numbers-sms-code", code="482913") in (message.text or "")
    markup = markup_of(message)
    assert markup is not None and markup.inline_keyboard[0][0].copy_text is not None
    [edit] = [c for c in new if isinstance(c, EditMessageText)]
    assert edit.message_id == watch.message_id
    assert edit.text == T.get("numbers-wait-done", phone=number.phone_number, code="482913")
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.DONE
    at.advance(60)
    assert await loop.run_once() == 0


async def test_polls_every_five_seconds_and_times_out_after_ten_minutes(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    reads = h.sandbox.calls(sandbox_key, *SMS_LIST)
    at = clock()
    loop = code_loop(h, at)
    for _ in range(10):
        at.advance(4)
        assert await loop.run_once() == 0  # not yet: every 5 s
        at.advance(1)
        assert await loop.run_once() == 1
    assert h.sandbox.calls(sandbox_key, *SMS_LIST) - reads == 10
    at.advance(600 - 50)  # the deadline: 10 minutes after the start
    before = len(h.calls)
    await loop.run_once()
    assert h.sandbox.calls(sandbox_key, *SMS_LIST) - reads == 10  # ended without a read
    [edit] = [c for c in h.calls[before:] if isinstance(c, EditMessageText)]
    assert edit.text == T.get("numbers-wait-timeout", phone=number.phone_number, minutes=10)
    assert T.get("numbers-wait-again") in h.labels()
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.EXPIRED
    # While waiting, the status message was left alone (no identical edits every 5 s).
    status_id = (await watch_of(h, number.piv_num_id)).message_id
    edits = [c for c in h.calls if isinstance(c, EditMessageText) and c.message_id == status_id]
    assert edits == [edit]

    await h.tap(T.get("numbers-wait-again"))
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.ACTIVE


async def test_stop_waiting(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    await h.tap(T.get("numbers-wait-stop"))
    assert h.last_text() == T.get("numbers-wait-stopped", phone=number.phone_number)
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.CANCELLED
    at = clock()
    at.advance(10)
    await h.sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your code")
    before = len(h.calls)
    assert await code_loop(h, at).run_once() == 0
    assert h.calls[before:] == []
    # the card's own button says it too (nothing to stop any more)
    await open_card(h, number.phone_number)
    assert T.get("numbers-wait-button") in h.labels()


async def test_one_poller_per_number_across_instances(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    await open_card(h, number.phone_number)
    assert T.get("numbers-wait-stop") in h.labels()  # this card knows it is being waited on
    await h.sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your code")
    at = clock()
    at.advance(5)
    reads = h.sandbox.calls(sandbox_key, *SMS_LIST)
    loops = [code_loop(h, at, f"instance-{i}") for i in range(4)]
    polled = await asyncio.gather(*(loop.run_once() for loop in loops))
    assert sum(polled) == 1
    assert h.sandbox.calls(sandbox_key, *SMS_LIST) == reads + 1
    codes = [t for t in sent_texts(h.calls) if T.get("numbers-sms-code", code="482913") in t]
    assert len(codes) == 1


async def test_a_second_wait_on_the_same_number_is_refused(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await open_card(h, number.phone_number)
    wait = h.button(T.get("numbers-wait-button"))  # the card as a second device still shows it
    await h.tap(wait)
    calls = await h.tap(wait)
    assert alerts(calls) == [T.get("numbers-wait-already")]
    async with h.sessionmaker() as session:
        active = (await session.scalars(select(Watch).where(Watch.status == "active"))).all()
    assert len(active) == 1


async def test_a_poller_survives_a_restart(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    at = clock()
    at.advance(5)
    async with h.sessionmaker() as session:  # an instance leases it, then dies mid-poll
        assert len(await WatchService(session, clock=at).claim_due("dead")) == 1
    await h.sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your code")
    restarted = code_loop(h, at, "restarted")
    assert await restarted.run_once() == 0  # the dead one's lease still holds
    at.advance(LEASE_SECONDS + 1)
    assert await restarted.run_once() == 1
    assert h.last_text() == T.get("numbers-wait-done", phone=number.phone_number, code="482913")


async def test_removing_the_key_ends_the_wait(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    async with h.sessionmaker() as session:
        [row] = await KeyRepo(session, h.key_ring).list(1)
        await KeyRepo(session, h.key_ring).remove(1, row.id)
        await session.commit()
    at = clock()
    at.advance(5)
    await code_loop(h, at).run_once()
    assert h.last_text() == T.get("numbers-wait-key-gone", phone=number.phone_number)


async def test_a_deleted_number_ends_the_wait(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    number.status = "gone"  # piv.day forgot it (past the restore window)
    at = clock()
    at.advance(5)
    await code_loop(h, at).run_once()
    assert h.last_text() == T.get("numbers-wait-number-gone", phone=number.phone_number)
    assert (await watch_of(h, number.piv_num_id)).status == WatchStatus.DONE
