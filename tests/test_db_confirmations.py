"""Confirmations: the atomic claim under concurrency, expiry, cancel, ownership; audit rows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.models import Audit, Confirmation, ConfirmationStatus
from bot.db.repositories import AuditRepo, ConfirmationRepo, UserRepo
from tests.fakes.db_fixture import warm_pool

OWNER, OTHER, CHAT = 1001, 2002, -100123
Sessions = async_sessionmaker[AsyncSession]


async def _create(
    sessions: Sessions, *, ttl: int = 300, now: datetime | None = None
) -> Confirmation:
    async with sessions() as session:
        await UserRepo(session).get_or_create(OWNER, "en")
        row = await ConfirmationRepo(session).create(
            owner_id=OWNER,
            chat_id=CHAT,
            api_key_id=None,
            action="numbers.buy",
            params={"country": "US", "months": 3, "price": Decimal("12.34")},
            cost=Decimal("12.34"),
            balance_before=Decimal("100.00"),
            ttl_seconds=ttl,
            now=now,
        )
        await session.commit()
        return row


async def _claim(sessions: Sessions, nonce: str, owner: int = OWNER) -> Confirmation | None:
    async with sessions() as session:
        row = await ConfirmationRepo(session).claim(nonce, owner, datetime.now(UTC))
        await session.commit()  # the caller (ConfirmationService) commits at once
        return row


async def test_twenty_concurrent_claims_have_exactly_one_winner(
    any_engine: AsyncEngine, any_sessionmaker: Sessions
) -> None:
    conf = await _create(any_sessionmaker)
    await warm_pool(any_engine)  # the claimers start on open connections and really overlap
    results = await asyncio.gather(*(_claim(any_sessionmaker, conf.nonce) for _ in range(20)))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert winners[0].status == ConfirmationStatus.PROCESSING
    async with any_sessionmaker() as session:
        stored = await ConfirmationRepo(session).get(conf.nonce)
        assert stored is not None and stored.status == ConfirmationStatus.PROCESSING


async def test_a_confirmation_round_trips_exact_values(any_sessionmaker: Sessions) -> None:
    conf = await _create(any_sessionmaker)
    assert len(conf.nonce) <= 16
    async with any_sessionmaker() as session:
        repo = ConfirmationRepo(session)
        await repo.set_message(conf.nonce, 555)
        await session.commit()
        stored = await repo.get(conf.nonce)
    assert stored is not None
    assert stored.message_id == 555
    assert stored.cost == Decimal("12.34") and isinstance(stored.cost, Decimal)
    assert stored.balance_before == Decimal("100.00")
    assert stored.params == {"country": "US", "months": 3, "price": "12.34"}
    assert stored.expires_at.tzinfo is not None
    assert timedelta(seconds=299) < stored.expires_at - datetime.now(UTC) <= timedelta(seconds=300)


async def test_wrong_owner_cannot_claim_or_cancel(any_sessionmaker: Sessions) -> None:
    conf = await _create(any_sessionmaker)
    assert await _claim(any_sessionmaker, conf.nonce, OTHER) is None
    async with any_sessionmaker() as session:
        assert await ConfirmationRepo(session).cancel(conf.nonce, OTHER) is False
    assert await _claim(any_sessionmaker, conf.nonce, OWNER) is not None


async def test_cancelled_cannot_be_claimed(any_sessionmaker: Sessions) -> None:
    conf = await _create(any_sessionmaker)
    async with any_sessionmaker() as session:
        assert await ConfirmationRepo(session).cancel(conf.nonce, OWNER) is True
        assert await ConfirmationRepo(session).cancel(conf.nonce, OWNER) is False
        await session.commit()
    assert await _claim(any_sessionmaker, conf.nonce) is None


async def test_claimed_cannot_be_cancelled_or_claimed_again(any_sessionmaker: Sessions) -> None:
    conf = await _create(any_sessionmaker)
    assert await _claim(any_sessionmaker, conf.nonce) is not None
    async with any_sessionmaker() as session:
        assert await ConfirmationRepo(session).cancel(conf.nonce, OWNER) is False
    assert await _claim(any_sessionmaker, conf.nonce) is None


async def test_expired_cannot_be_claimed_and_is_swept(any_sessionmaker: Sessions) -> None:
    past = datetime.now(UTC) - timedelta(minutes=10)
    stale = await _create(any_sessionmaker, ttl=60, now=past)
    fresh = await _create(any_sessionmaker)
    assert await _claim(any_sessionmaker, stale.nonce) is None
    async with any_sessionmaker() as session:
        assert await ConfirmationRepo(session).expire_stale(datetime.now(UTC)) == 1
        await session.commit()
        statuses = dict(
            (await session.execute(select(Confirmation.nonce, Confirmation.status))).all()
        )
    assert statuses == {stale.nonce: "expired", fresh.nonce: "pending"}


async def test_claim_honours_expiry_across_timezones(any_sessionmaker: Sessions) -> None:
    # Stored as UTC; a "now" in another offset must compare by instant, not by wall clock.
    conf = await _create(any_sessionmaker, ttl=60)
    plus_5 = timezone(timedelta(hours=5))
    later = datetime.now(plus_5) + timedelta(seconds=120)
    async with any_sessionmaker() as session:
        assert await ConfirmationRepo(session).claim(conf.nonce, OWNER, later) is None
        assert (
            await ConfirmationRepo(session).claim(conf.nonce, OWNER, datetime.now(plus_5))
            is not None
        )


async def test_finish_records_result_and_error(any_sessionmaker: Sessions) -> None:
    ok, bad = await _create(any_sessionmaker), await _create(any_sessionmaker)
    for conf in (ok, bad):
        assert await _claim(any_sessionmaker, conf.nonce) is not None
    async with any_sessionmaker() as session:
        repo = ConfirmationRepo(session)
        assert await repo.finish(ok.nonce, ConfirmationStatus.DONE, result={"number": "+1555"})
        assert await repo.finish(bad.nonce, "failed", error_code="INSUFFICIENT_BALANCE")
        assert not await repo.finish("no-such-nonce", "failed")
        await session.commit()
    async with any_sessionmaker() as session:
        done = await session.get_one(Confirmation, ok.nonce)
        failed = await session.get_one(Confirmation, bad.nonce)
    assert (done.status, done.result, done.error_code) == ("done", {"number": "+1555"}, None)
    assert (failed.status, failed.error_code) == ("failed", "INSUFFICIENT_BALANCE")


async def test_audit_records_every_outcome(any_sessionmaker: Sessions) -> None:
    async with any_sessionmaker() as session:
        audit = AuditRepo(session)
        await audit.record(
            user_id=OWNER,
            api_key_id=7,
            action="numbers.buy",
            params={"country": "US", "price": Decimal("1.10")},
            cost=Decimal("1.10"),
            outcome="ok",
        )
        await audit.record(
            user_id=OWNER,
            api_key_id=7,
            action="numbers.buy",
            params={},
            cost=None,
            outcome="error",
            error_code="UNEXPECTED",
            reference="ab12cd",
        )
        await session.commit()
        rows = (await session.scalars(select(Audit).order_by(Audit.id))).all()
    assert [(r.outcome, r.cost, r.error_code, r.reference) for r in rows] == [
        ("ok", Decimal("1.10"), None, None),
        ("error", None, "UNEXPECTED", "ab12cd"),
    ]
    assert rows[0].params == {"country": "US", "price": "1.10"}
    assert all(r.created_at.tzinfo is not None for r in rows)
