"""Buying a number through the confirmation component, against the sandbox over HTTP and a real
database, without Telegram: price and balance read live, one purchase per confirmation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import default_features
from bot.crypto import KeyRing
from bot.db.models import Audit
from bot.db.repositories import KeyRepo
from bot.features import Catalog
from bot.pivday import ClientPool
from bot.pivday import errors as pe
from bot.sandbox import Sandbox
from bot.services import numbers as svc
from bot.services.confirmations import Card, ClaimStatus, ConfirmationService, RunStatus
from tests.fakes.sandbox_fixture import RunningSandbox

SM = async_sessionmaker[AsyncSession]
ACTIONS = Catalog.of(default_features()).actions
OWNER = 777
PURCHASE = ("POST", "/numbers/purchase")


@pytest.fixture
async def pool(sandbox: RunningSandbox) -> AsyncIterator[ClientPool]:
    p = ClientPool(sandbox.url)
    yield p
    await p.aclose()


async def _stored_key(sm: SM, ring: KeyRing, secret: str) -> int:
    async with sm() as session:
        row = await KeyRepo(session, ring).add(OWNER, "team", secret)
        await session.commit()
        return row.id


async def _card(sm: SM, pool: ClientPool, key: str, key_id: int, **choice: Any) -> Card:
    quote = await svc.quote_purchase(pool.client(key), **choice)
    async with sm() as session:
        return await ConfirmationService(session, registry=ACTIONS).create(
            quote, owner_id=OWNER, chat_id=OWNER, api_key_id=key_id
        )


async def _press(sm: SM, ring: KeyRing, pool: ClientPool, nonce: str) -> Any:
    async with sm() as session:
        service = ConfirmationService(session, registry=ACTIONS)
        claim = await service.claim(nonce, OWNER)
        if claim.status is not ClaimStatus.CLAIMED:
            return claim.status
        return await service.run(claim, lambda: service.client_for(claim, ring, pool))


SE_3_MONTHS = {"country_code": "SE", "months": 3, "auto_renew": True, "custom_name": "Ads SE"}


async def test_quote_is_live_price_times_months_and_account_balance(
    sandbox: RunningSandbox, sandbox_key: str, pool: ClientPool
) -> None:
    quote = await svc.quote_purchase(pool.client(sandbox_key), **SE_3_MONTHS)
    assert quote.cost == Decimal("12.00")
    assert quote.balance_before == Decimal("100.00")
    assert quote.params == {
        "country_code": "SE",
        "duration_months": 3,
        "auto_renew": True,
        "custom_name": "Ads SE",
    }
    with pytest.raises(svc.CountryGoneError):
        await svc.quote_purchase(pool.client(sandbox_key), **{**SE_3_MONTHS, "country_code": "ZZ"})


async def test_twenty_concurrent_confirms_buy_once(
    any_sessionmaker: SM,
    key_ring: KeyRing,
    sandbox: RunningSandbox,
    sandbox_key: str,
    pool: ClientPool,
) -> None:
    sm = any_sessionmaker
    key_id = await _stored_key(sm, key_ring, sandbox_key)
    card = await _card(sm, pool, sandbox_key, key_id, **SE_3_MONTHS)
    outcomes = await asyncio.gather(*(_press(sm, key_ring, pool, card.nonce) for _ in range(20)))
    runs = [o for o in outcomes if not isinstance(o, ClaimStatus)]
    assert len(runs) == 1 and runs[0].status is RunStatus.DONE
    assert sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert sandbox.balance(sandbox_key) == Decimal("88.00")
    [number] = sandbox.numbers(sandbox_key)
    assert runs[0].result["numbers"][0]["phone_number"] == number.phone_number
    assert runs[0].result["cost"] == "12.00"
    async with sm() as session:
        [audit] = (await session.scalars(select(Audit))).all()
    assert (audit.outcome, audit.cost, audit.api_key_id) == ("ok", Decimal("12.00"), key_id)


@pytest.mark.parametrize(
    ("arrange", "code"),
    [
        (lambda sb, key: sb.set_stock("SE", 0), "NO_NUMBERS_AVAILABLE"),
        (lambda sb, key: sb.countries.pop("SE"), "COUNTRY_NOT_AVAILABLE"),
        (lambda sb, key: sb.set_balance(key, "5.00"), "INSUFFICIENT_BALANCE"),
    ],
)
async def test_refusals_are_recorded_and_move_no_money(
    sessionmaker: SM,
    key_ring: KeyRing,
    sandbox: RunningSandbox,
    sandbox_key: str,
    pool: ClientPool,
    arrange: Callable[[Sandbox, str], object],
    code: str,
) -> None:
    key_id = await _stored_key(sessionmaker, key_ring, sandbox_key)
    card = await _card(sessionmaker, pool, sandbox_key, key_id, **SE_3_MONTHS)
    arrange(sandbox.sandbox, sandbox_key)
    before = sandbox.balance(sandbox_key)
    run = await _press(sessionmaker, key_ring, pool, card.nonce)
    assert run.status is RunStatus.FAILED and run.error_code == code
    assert isinstance(run.error, pe.PivDayError)
    assert sandbox.balance(sandbox_key) == before
    assert sandbox.numbers(sandbox_key) == []
    async with sessionmaker() as session:
        [audit] = (await session.scalars(select(Audit))).all()
    assert (audit.outcome, audit.error_code) == ("error", code)


async def test_removed_key_sends_nothing(
    sessionmaker: SM, key_ring: KeyRing, sandbox: RunningSandbox, sandbox_key: str, pool: ClientPool
) -> None:
    key_id = await _stored_key(sessionmaker, key_ring, sandbox_key)
    card = await _card(sessionmaker, pool, sandbox_key, key_id, **SE_3_MONTHS)
    async with sessionmaker() as session:
        assert await KeyRepo(session, key_ring).remove(OWNER, key_id)
        await session.commit()
    run = await _press(sessionmaker, key_ring, pool, card.nonce)
    assert run.status is RunStatus.FAILED and run.error_code == "KEY_REMOVED"
    assert sandbox.calls(sandbox_key, *PURCHASE) == 0


def test_name_validation() -> None:
    assert svc.validate_name("  My   Sweden  ") == "My Sweden"
    for text, reason in [("   ", "empty"), ("x" * 65, "too_long"), ("a\u200bb", "control")]:
        with pytest.raises(svc.InvalidNameError) as info:
            svc.validate_name(text)
        assert info.value.reason == reason
