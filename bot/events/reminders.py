"""Expiry warnings for numbers: piv.day sends none (proxies and domains have their own events).

Every REMINDER_INTERVAL_SECONDS the scheduler reads each stored key's active numbers; a number
without auto-renew that expires within one of REMINDER_DAYS (3 and 1 by default) gets one
warning for the smallest threshold it has reached. The warning is a `reminders` row (unique per
key, number, threshold and expiry) and an inbox event of the bot's own type
`number.expires_soon`, committed together: it then travels like any piv.day event (groups,
private filters, outbox) and is never sent twice, across restarts and instances. A renewal
moves the expiry (or turns auto-renew on), so the warnings stop; the next term warns anew.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, KeyRing
from bot.db.models import ApiKey, Reminder, utcnow
from bot.db.repositories import upsert_insert
from bot.events.inbox import Clock, Doorbell, Inbox
from bot.pivday import ClientPool
from bot.pivday import errors as pe
from bot.pivday.models import Number
from bot.services.notifications import NUMBER_EXPIRES

log = logging.getLogger(__name__)

OBJECT_NUMBER = "number"


def threshold_reached(expires_at: datetime, now: datetime, days: Sequence[int]) -> int | None:
    """The smallest threshold (in days) the remaining time is within; None when none is, or
    when it has already expired."""
    left = expires_at - now
    if left <= timedelta(0):
        return None
    reached = [d for d in days if left <= timedelta(days=d)]
    return min(reached) if reached else None


class ReminderScheduler:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_ring: KeyRing,
        pool: ClientPool,
        *,
        days: Sequence[int],
        doorbell: Doorbell,
        clock: Clock = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.key_ring = key_ring
        self.pool = pool
        self.days = tuple(days)
        self.doorbell = doorbell
        self.clock = clock

    async def run(self, interval: float) -> None:
        """Check now, then every `interval` seconds, until cancelled."""
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("reminder round failed")
            await asyncio.sleep(interval)

    async def run_once(self) -> int:
        """One pass over every stored key; returns how many warnings were queued."""
        if not self.days:
            return 0
        async with self.sessionmaker() as session:
            keys = (await session.scalars(select(ApiKey).order_by(ApiKey.id))).all()
        queued = 0
        for key in keys:
            queued += await self._key(key)
        if queued:
            self.doorbell.ring()
        return queued

    async def _key(self, key: ApiKey) -> int:
        try:
            secret = self.key_ring.decrypt(key.ciphertext, owner_id=key.owner_id, row_id=key.id)
            client = self.pool.client(secret)
            numbers = [n async for n in client.numbers.iter_all(status="active")]
        except (pe.PivDayBaseError, DecryptionError) as exc:  # revoked, no scope, outage…
            log.info("reminders skipped a key key_id=%s: %s", key.id, type(exc).__name__)
            return 0
        queued = 0
        now = self.clock()
        for number in numbers:
            if number.auto_renew or number.expires_at is None:
                continue
            threshold = threshold_reached(number.expires_at, now, self.days)
            if threshold is not None and await self._warn(key, number, threshold, now):
                queued += 1
        return queued

    async def _warn(self, key: ApiKey, number: Number, threshold: int, now: datetime) -> bool:
        assert number.expires_at is not None
        async with self.sessionmaker() as session:
            stmt = (
                upsert_insert(session, Reminder)
                .values(
                    api_key_id=key.id,
                    object_kind=OBJECT_NUMBER,
                    object_id=number.piv_num_id,
                    threshold_days=threshold,
                    expires_at=number.expires_at,
                    sent_at=now,
                )
                .on_conflict_do_nothing()
                .returning(Reminder.id)
            )
            if (await session.execute(stmt)).scalar() is None:
                return False  # warned before (this run, an earlier one, another instance)
            payload = {
                "event_type": NUMBER_EXPIRES,
                "timestamp": now.isoformat(),
                "data": {
                    "piv_num_id": number.piv_num_id,
                    "phone_number": number.phone_number,
                    "custom_name": number.custom_name,
                    "country": number.country_code,
                    "expires_at": number.expires_at.isoformat(),
                    "threshold_days": threshold,
                },
            }
            inbox = Inbox(session, clock=self.clock)
            await inbox.store(
                api_key_id=key.id, owner_id=key.owner_id, payload=payload, commit=False
            )
            await session.commit()
        log.info("number expiry warning queued key_id=%s days=%s", key.id, threshold)
        return True
