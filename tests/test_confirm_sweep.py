"""The confirmation sweep: a card nobody confirmed in time turns into "expired" with no buttons,
in its owner's language, and stays unbuyable; cards still valid or already claimed are left
alone; the sweep and a claim racing on one card leave exactly one outcome (SQLite and, with
TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import EditMessageText
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import runner
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade
from bot.db.models import Confirmation
from bot.db.repositories import UserRepo
from bot.services.confirmations import ClaimStatus, ConfirmationService
from bot.services.sweeper import CardSweeper
from bot.ui.expired import ExpiredCardEditor
from tests.fakes.confirmations import (
    CHAT,
    CountingExecutor,
    counting_registry,
    create_card,
    press_card,
)
from tests.fakes.i18n_fixture import load_core, tr
from tests.fakes.journeys import PURCHASE, SWEDEN, walk_to_card
from tests.fakes.telegram_fixture import (
    BotHarness,
    FakeBotApi,
    alerts,
    buttons_of,
    harness_settings,
)


def _sweeper(h: BotHarness) -> CardSweeper:
    return CardSweeper(
        h.sessionmaker, ExpiredCardEditor(h.bot, load_core(), h.dispatcher["catalog"].views)
    )


async def _backdate(sm: async_sessionmaker[AsyncSession], seconds: float = 1) -> None:
    """Every card's TTL ran out `seconds` ago."""
    async with sm() as session:
        past = datetime.now(UTC) - timedelta(seconds=seconds)
        await session.execute(update(Confirmation).values(expires_at=past))
        await session.commit()


async def _rows(sm: async_sessionmaker[AsyncSession]) -> dict[str, Confirmation]:
    async with sm() as session:
        return {row.nonce: row for row in await session.scalars(select(Confirmation))}


def _edits(calls: list[Any]) -> list[EditMessageText]:
    return [c for c in calls if isinstance(c, EditMessageText)]


@pytest.mark.parametrize(
    ("lang", "stored", "expected"),
    [("en", None, "en"), ("ru", None, "ru"), ("en", "ru", "ru")],
    ids=["telegram-en", "telegram-ru", "chosen-ru-over-telegram-en"],
)
async def test_expired_card_loses_its_buttons_in_the_owner_language(
    harness: BotHarness,
    sandbox: Any,
    sandbox_key: str,
    lang: str,
    stored: str | None,
    expected: str,
) -> None:
    h, t = harness, tr(expected)
    await h.connect_key(1, sandbox_key)
    if stored is not None:
        async with h.sessionmaker() as session:
            await UserRepo(session).set_locale(1, stored)
            await session.commit()
    confirm = await walk_to_card(h, country="SE", months=3, lang=expected, language_code=lang)
    [row] = (await _rows(h.sessionmaker)).values()
    await _backdate(h.sessionmaker)

    before = len(h.calls)
    [expired] = await _sweeper(h).sweep_once()

    [edit] = _edits(h.calls[before:])
    assert len(h.calls) == before + 1
    assert (edit.chat_id, edit.message_id) == (1, row.message_id) == (1, expired.message_id)
    text = edit.text
    assert text.endswith(t.get("confirm-expired"))
    assert SWEDEN[expected] in text and t.get("confirm-cost", cost="$12.00") in text
    assert t.get("confirm-balance", before="$100.00", after="$88.00") in text
    assert t.get("confirm-ttl", minutes=5) not in text
    assert edit.reply_markup is None and buttons_of(edit) == []
    assert (await _rows(h.sessionmaker))[row.nonce].status == "expired"

    # An old copy of the card (another device, a stale client) still has the button: no sale.
    calls = await h.tap(confirm, language_code=lang)
    assert alerts(calls) == [t.get("confirm-alert-expired")]
    assert sandbox.calls(sandbox_key, *PURCHASE) == 0
    assert sandbox.balance(sandbox_key) == Decimal("100.00")
    assert await _sweeper(h).sweep_once() == []  # expired once, edited once


async def test_card_within_its_ttl_is_untouched(
    harness: BotHarness, sandbox: Any, sandbox_key: str
) -> None:
    h = harness
    await h.connect_key(1, sandbox_key)
    confirm = await walk_to_card(h)
    before = len(h.calls)

    assert await _sweeper(h).sweep_once() == []

    assert len(h.calls) == before
    [row] = (await _rows(h.sessionmaker)).values()
    assert row.status == "pending"
    await h.tap(confirm)
    assert sandbox.calls(sandbox_key, *PURCHASE) == 1


async def test_claimed_done_and_cancelled_cards_are_never_touched(
    any_sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sm, registry = any_sessionmaker, counting_registry(CountingExecutor())
    processing, done, cancelled, stale = [await create_card(sm, registry) for _ in range(4)]
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry)
        for i, nonce in enumerate([processing, done, cancelled, stale]):
            await svc.attach_message(nonce, 700 + i)
        assert (await svc.claim(processing, 1001)).status is ClaimStatus.CLAIMED
        assert (await svc.cancel(cancelled, 1001)).status is ClaimStatus.CANCELLED
    assert await press_card(sm, registry, done) is ClaimStatus.CLAIMED  # claimed and run: done
    await _backdate(sm, seconds=3600)

    async with sm() as session:
        swept = await ConfirmationService(session, registry=registry).expire_due()

    assert [(e.card.nonce, e.chat_id, e.message_id, e.locale) for e in swept] == [
        (stale, CHAT, 703, "en")  # owner 1001 never wrote to the bot: the default locale
    ]
    statuses = {n: r.status for n, r in (await _rows(sm)).items()}
    assert statuses == {
        processing: "processing",
        done: "done",
        cancelled: "cancelled",
        stale: "expired",
    }


async def test_sweep_and_claim_racing_leave_exactly_one_outcome(
    any_sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The claimer's clock says the card is valid, the sweeper's says it expired (two instances,
    two clocks): both statements are eligible, and the status guard lets only one through."""
    sm, executor = any_sessionmaker, CountingExecutor()
    registry = counting_registry(executor)
    nonces = [await create_card(sm, registry) for _ in range(12)]
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry)
        for i, nonce in enumerate(nonces):
            await svc.attach_message(nonce, 800 + i)
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    async with sm() as session:
        await session.execute(update(Confirmation).values(expires_at=deadline))
        await session.commit()

    async def claim(nonce: str) -> tuple[str, ClaimStatus]:
        async with sm() as session:
            svc = ConfirmationService(
                session, registry=registry, clock=lambda: deadline - timedelta(seconds=1)
            )
            return nonce, (await svc.claim(nonce, 1001)).status

    async def sweep() -> list[str]:
        async with sm() as session:
            svc = ConfirmationService(session, registry=registry)
            return [e.card.nonce for e in await svc.expire_due(deadline + timedelta(seconds=1))]

    jobs: list[Any] = [claim(n) for n in nonces]
    jobs[len(jobs) // 2 : len(jobs) // 2] = [sweep(), sweep()]  # sweeps amid the claims
    results = await asyncio.gather(*jobs)

    claimed = {
        n for r in results if isinstance(r, tuple) for n, s in [r] if s is ClaimStatus.CLAIMED
    }
    sweeps = [r for r in results if isinstance(r, list)]
    swept = [n for s in sweeps for n in s]
    assert len(swept) == len(set(swept))  # no card expired (and edited) by both sweepers
    assert claimed.isdisjoint(swept)
    assert claimed | set(swept) == set(nonces)
    statuses = {n: r.status for n, r in (await _rows(sm)).items()}
    assert statuses == {n: "processing" if n in claimed else "expired" for n in nonces}
    losers = {n: s for r in results if isinstance(r, tuple) for n, s in [r] if n not in claimed}
    assert set(losers.values()) <= {ClaimStatus.EXPIRED}
    assert executor.calls == 0  # nothing ran: claims here only claim


async def test_telegram_refusals_are_per_card(harness: BotHarness) -> None:
    """A deleted card can't be edited: that card is skipped, the next one is still edited, and a
    flood-control answer is waited out once."""
    h, registry = harness, counting_registry(CountingExecutor())
    nonces = [await create_card(h.sessionmaker, registry) for _ in range(3)]
    async with h.sessionmaker() as session:
        svc = ConfirmationService(session, registry=registry)
        for i, nonce in enumerate(nonces):
            await svc.attach_message(nonce, 900 + i)
    await _backdate(h.sessionmaker)
    h.session.fail_next(
        EditMessageText,
        TelegramBadRequest(EditMessageText(text="x"), "Bad Request: message to edit not found"),
    )
    h.session.fail_next(
        EditMessageText,
        TelegramRetryAfter(EditMessageText(text="x"), "Flood control exceeded", retry_after=0),
    )

    swept = await _sweeper(h).sweep_once()

    assert len(swept) == 3
    edits = _edits(h.calls)
    # 1st card: refused (deleted); 2nd: flood control, then edited; 3rd: edited.
    assert [e.message_id for e in edits] == [900, 901, 901, 902]
    assert all(e.text.endswith(tr("en").get("confirm-expired")) for e in edits)
    assert {r.status for r in (await _rows(h.sessionmaker)).values()} == {"expired"}


async def test_a_failing_sweep_is_logged_and_the_loop_goes_on(
    tmp_path: Path, harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'not-migrated.db'}")  # no tables
    sweeper = CardSweeper(
        create_sessionmaker(engine),
        ExpiredCardEditor(harness.bot, load_core(), harness.dispatcher["catalog"].views),
    )
    with caplog.at_level(logging.ERROR, logger="bot.services.sweeper"):
        task = asyncio.create_task(sweeper.run(interval=0.01))
        for _ in range(1000):  # until two rounds failed (a loaded machine may take a while)
            await asyncio.sleep(0.01)
            if [r.message for r in caplog.records].count("confirmation sweep failed") >= 2:
                break
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await engine.dispose()
    assert [r.message for r in caplog.records].count("confirmation sweep failed") >= 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.timeout(30)
async def test_serve_sweeps_in_the_background_and_stops_cleanly(
    tmp_path: Path,
    fake_bot_api: FakeBotApi,
    sandbox: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    settings = harness_settings(
        tmp_path,
        db_url,
        sandbox.url,
        telegram_api_url=fake_bot_api.url,
        http_host="127.0.0.1",
        http_port=_free_port(),
    )
    await upgrade(db_url)
    engine = create_engine(db_url)
    registry = counting_registry(CountingExecutor())
    nonce = await create_card(create_sessionmaker(engine), registry)
    async with create_sessionmaker(engine)() as session:
        await ConfirmationService(session, registry=registry).attach_message(nonce, 4242)
    await _backdate(create_sessionmaker(engine))
    await engine.dispose()
    monkeypatch.setattr(runner, "SWEEP_INTERVAL_SECONDS", 0.05)

    stop = asyncio.Event()
    serving = asyncio.create_task(runner.serve(settings, stop))
    await fake_bot_api.wait_for(lambda: "editMessageText" in fake_bot_api.finished)
    stop.set()
    await asyncio.wait_for(serving, 20)

    [params] = [p for m, p in fake_bot_api.calls if m == "editMessageText"]
    assert (params["chat_id"], params["message_id"]) == (str(CHAT), "4242")
    assert str(params["text"]).endswith(tr("en").get("confirm-expired"))
    assert "reply_markup" not in params
