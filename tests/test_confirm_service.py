"""The confirmation component without Telegram: claim races, expiry, cancel, outcomes, audit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Audit, Confirmation
from bot.pivday import errors as pe
from bot.services.confirmations import (
    ActionRegistry,
    ClaimStatus,
    ConfirmationService,
    Quote,
    RunStatus,
)

OWNER, OTHER, CHAT = 1001, 2002, -500


class Counter:
    """A real executor that counts its calls and answers like a purchase would."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls = 0
        self.fail = fail

    async def __call__(self, client: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        self.calls += 1
        await asyncio.sleep(0.01)  # let racing claimers pile up behind the winner
        if self.fail is not None:
            raise self.fail
        return {"cost": "12.00", "echo": dict(params)}


async def _no_client() -> Any:
    return object()


def _registry(executor: Counter) -> ActionRegistry:
    registry = ActionRegistry()
    registry.register("test.buy")(executor)
    return registry


async def _create(
    sm: async_sessionmaker[AsyncSession], registry: ActionRegistry, **over: Any
) -> str:
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry, ttl_seconds=over.pop("ttl", 300))
        quote = Quote(
            "test.buy",
            {"country_code": "SE", "duration_months": 3},
            Decimal("12.00"),
            over.pop("balance", Decimal("20.50")),
        )
        card = await svc.create(quote, owner_id=OWNER, chat_id=CHAT, api_key_id=None)
        assert card.balance_after == Decimal("8.50") or card.balance_before != Decimal("20.50")
        return card.nonce


async def _press(
    sm: async_sessionmaker[AsyncSession], registry: ActionRegistry, nonce: str, user: int = OWNER
) -> ClaimStatus:
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry)
        claim = await svc.claim(nonce, user)
        if claim.status is ClaimStatus.CLAIMED:
            await svc.run(claim, _no_client)
        return claim.status


async def _audit(sm: async_sessionmaker[AsyncSession]) -> list[Audit]:
    async with sm() as session:
        return list((await session.scalars(select(Audit))).all())


async def test_twenty_concurrent_presses_make_one_call(
    any_sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = Counter()
    registry = _registry(executor)
    nonce = await _create(any_sessionmaker, registry)
    statuses = await asyncio.gather(*(_press(any_sessionmaker, registry, nonce) for _ in range(20)))
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
    executor = Counter()
    registry = _registry(executor)
    nonce = await _create(sessionmaker, registry)
    assert await _press(sessionmaker, registry, nonce, user=OTHER) is ClaimStatus.NOT_OWNER
    assert executor.calls == 0
    assert await _press(sessionmaker, registry, nonce) is ClaimStatus.CLAIMED
    assert executor.calls == 1


async def test_expired_and_forged_nonces_make_no_call(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = Counter()
    registry = _registry(executor)
    nonce = await _create(sessionmaker, registry, ttl=300)
    async with sessionmaker() as session:
        later = datetime.now(UTC) + timedelta(seconds=301)
        svc = ConfirmationService(session, registry=registry, clock=lambda: later)
        assert (await svc.claim(nonce, OWNER)).status is ClaimStatus.EXPIRED
    assert await _press(sessionmaker, registry, "forged-nonce-xyz") is ClaimStatus.NOT_FOUND
    assert executor.calls == 0
    assert await _audit(sessionmaker) == []


async def test_cancel_then_confirm_makes_no_call(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    executor = Counter()
    registry = _registry(executor)
    nonce = await _create(sessionmaker, registry)
    async with sessionmaker() as session:
        svc = ConfirmationService(session, registry=registry)
        assert (await svc.cancel(nonce, OTHER)).status is ClaimStatus.NOT_OWNER
        assert (await svc.cancel(nonce, OWNER)).status is ClaimStatus.CANCELLED
        assert (await svc.cancel(nonce, OWNER)).status is ClaimStatus.USED
    assert await _press(sessionmaker, registry, nonce) is ClaimStatus.CANCELLED
    assert executor.calls == 0


async def test_piv_day_refusal_is_recorded_with_its_code(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    refusal = pe.error_for("NO_NUMBERS_AVAILABLE", "none left", 400)
    executor = Counter(fail=refusal)
    registry = _registry(executor)
    nonce = await _create(sessionmaker, registry)
    async with sessionmaker() as session:
        svc = ConfirmationService(session, registry=registry)
        result = await svc.run(await svc.claim(nonce, OWNER), _no_client)
    assert result.status is RunStatus.FAILED and result.error is refusal
    assert (result.error_code, result.reference) == ("NO_NUMBERS_AVAILABLE", None)
    [audit] = await _audit(sessionmaker)
    assert (audit.outcome, audit.error_code) == ("error", "NO_NUMBERS_AVAILABLE")
    assert await _press(sessionmaker, registry, nonce) is ClaimStatus.USED
    assert executor.calls == 1


async def test_crash_gets_a_reference_in_log_and_audit(
    sessionmaker: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    executor = Counter(fail=ZeroDivisionError("boom"))
    registry = _registry(executor)
    nonce = await _create(sessionmaker, registry)
    with caplog.at_level(logging.ERROR):
        async with sessionmaker() as session:
            svc = ConfirmationService(session, registry=registry)
            result = await svc.run(await svc.claim(nonce, OWNER), _no_client)
    assert result.error_code == "UNEXPECTED" and result.reference
    assert any(result.reference in r.getMessage() and r.exc_info for r in caplog.records)
    [audit] = await _audit(sessionmaker)
    assert audit.reference == result.reference


async def test_short_balance_is_visible_on_the_card(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    registry = _registry(Counter())
    nonce = await _create(sessionmaker, registry, balance=Decimal("5.25"))
    async with sessionmaker() as session:
        card = await ConfirmationService(session, registry=registry).get(nonce)
    assert card is not None
    assert card.balance_after == Decimal("-6.75") and card.shortfall == Decimal("6.75")
