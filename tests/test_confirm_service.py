"""The confirmation component without Telegram: claim races, expiry, cancel, outcomes, audit."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.models import Audit, Confirmation
from bot.pivday import errors as pe
from bot.services.confirmations import (
    ClaimStatus,
    ConfirmationService,
    RunStatus,
)
from tests.fakes.confirmations import (
    OTHER,
    OWNER,
    CountingExecutor,
    counting_registry,
    create_card,
    no_client,
    press_card,
)
from tests.fakes.db_fixture import warm_pool


async def _audit(sm: async_sessionmaker[AsyncSession]) -> list[Audit]:
    async with sm() as session:
        return list((await session.scalars(select(Audit))).all())


async def test_twenty_concurrent_presses_make_one_call(
    any_engine: AsyncEngine, any_sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    executor = CountingExecutor()
    registry = counting_registry(executor)
    nonce = await create_card(any_sessionmaker, registry)
    await warm_pool(any_engine)  # the presses start on open connections and really overlap
    statuses = await asyncio.gather(
        *(press_card(any_sessionmaker, registry, nonce) for _ in range(20))
    )
    assert executor.calls == 1
    assert statuses.count(ClaimStatus.CLAIMED) == 1
    assert statuses.count(ClaimStatus.USED) == 19
    async with any_sessionmaker() as session:
        row = await session.get(Confirmation, nonce)
        assert row is not None and row.status == "done"
        assert row.result == {"cost": "12.00", "echo": {"country_code": "SE", "duration_months": 3}}
    [audit] = await _audit(any_sessionmaker)
    assert (audit.outcome, audit.cost, audit.action) == ("ok", Decimal("12.00"), "test.buy")


async def test_other_user_cannot_claim_and_owner_still_can(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = CountingExecutor()
    registry = counting_registry(executor)
    nonce = await create_card(sessionmaker, registry)
    assert await press_card(sessionmaker, registry, nonce, user=OTHER) is ClaimStatus.NOT_OWNER
    assert executor.calls == 0
    assert await press_card(sessionmaker, registry, nonce) is ClaimStatus.CLAIMED
    assert executor.calls == 1


async def test_expired_and_forged_nonces_make_no_call(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = CountingExecutor()
    registry = counting_registry(executor)
    nonce = await create_card(sessionmaker, registry, ttl=300)
    async with sessionmaker() as session:
        later = datetime.now(UTC) + timedelta(seconds=301)
        svc = ConfirmationService(session, registry=registry, clock=lambda: later)
        assert (await svc.claim(nonce, OWNER)).status is ClaimStatus.EXPIRED
    assert await press_card(sessionmaker, registry, "forged-nonce-xyz") is ClaimStatus.NOT_FOUND
    assert executor.calls == 0
    assert await _audit(sessionmaker) == []


async def test_cancel_then_confirm_makes_no_call(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = CountingExecutor()
    registry = counting_registry(executor)
    nonce = await create_card(sessionmaker, registry)
    async with sessionmaker() as session:
        svc = ConfirmationService(session, registry=registry)
        assert (await svc.cancel(nonce, OTHER)).status is ClaimStatus.NOT_OWNER
        assert (await svc.cancel(nonce, OWNER)).status is ClaimStatus.CANCELLED
        assert (await svc.cancel(nonce, OWNER)).status is ClaimStatus.USED
    assert await press_card(sessionmaker, registry, nonce) is ClaimStatus.CANCELLED
    assert executor.calls == 0


async def test_piv_day_refusal_is_recorded_with_its_code(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    refusal = pe.error_for("NO_NUMBERS_AVAILABLE", "none left", 400)
    executor = CountingExecutor(fail=refusal)
    registry = counting_registry(executor)
    nonce = await create_card(sessionmaker, registry)
    async with sessionmaker() as session:
        svc = ConfirmationService(session, registry=registry)
        result = await svc.run(await svc.claim(nonce, OWNER), no_client)
    assert result.status is RunStatus.FAILED and result.error is refusal
    assert (result.error_code, result.reference) == ("NO_NUMBERS_AVAILABLE", None)
    [audit] = await _audit(sessionmaker)
    assert (audit.outcome, audit.error_code) == ("error", "NO_NUMBERS_AVAILABLE")
    assert await press_card(sessionmaker, registry, nonce) is ClaimStatus.USED
    assert executor.calls == 1


async def test_crash_gets_a_reference_in_log_and_audit(
    sessionmaker: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    executor = CountingExecutor(fail=ZeroDivisionError("boom"))
    registry = counting_registry(executor)
    nonce = await create_card(sessionmaker, registry)
    with caplog.at_level(logging.ERROR):
        async with sessionmaker() as session:
            svc = ConfirmationService(session, registry=registry)
            result = await svc.run(await svc.claim(nonce, OWNER), no_client)
    assert result.error_code == "UNEXPECTED" and result.reference
    assert any(result.reference in r.getMessage() and r.exc_info for r in caplog.records)
    [audit] = await _audit(sessionmaker)
    assert audit.reference == result.reference


async def test_short_balance_is_visible_on_the_card(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    registry = counting_registry(CountingExecutor())
    nonce = await create_card(sessionmaker, registry, balance=Decimal("5.25"))
    async with sessionmaker() as session:
        card = await ConfirmationService(session, registry=registry).get(nonce)
    assert card is not None
    assert card.balance_after == Decimal("-6.75") and card.shortfall == Decimal("6.75")
