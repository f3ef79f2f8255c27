"""Live jobs a chat follows (no aiogram here): a code being waited for, a domain moving through
the registration queue, a site being generated.

A watch is a row (bot.db.models.Watch), so it survives restarts. The watcher loop
(bot.watching) takes due watches with a lease: one conditional UPDATE per watch, so two
instances never poll the same job at once, and a lease left by a dead process runs out after
LEASE_SECONDS. At most one active watch per (kind, target): a second start() is refused.
Every method commits its own change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Watch, WatchStatus, utcnow

log = logging.getLogger(__name__)

# Kinds, one per watcher a feature declares (bot.watching.Watcher.kind).
NUMBER_CODE = "numbers.code"  # target: piv_num_id
DOMAIN_REGISTER = "domains.register"  # target: domain id (registration or renewal queue)
SITE_JOB = "sites.job"  # target: white id

LEASE_SECONDS = 60.0
Clock = Callable[[], datetime]


class WatchService:
    def __init__(self, session: AsyncSession, *, clock: Clock = utcnow) -> None:
        self.session = session
        self.clock = clock

    async def start(
        self,
        *,
        kind: str,
        target: str,
        owner_id: int,
        api_key_id: int | None,
        chat_id: int,
        locale: str,
        every: float,
        lasts: float,
        state: dict[str, Any] | None = None,
        message_id: int | None = None,
        first_in: float = 0.0,
    ) -> Watch | None:
        """A new active watch, first polled `first_in` seconds from now; None when (kind,
        target) is already watched (by this user or another, on any instance)."""
        now = self.clock()
        row = Watch(
            kind=kind,
            target=target,
            owner_id=owner_id,
            api_key_id=api_key_id,
            chat_id=chat_id,
            message_id=message_id,
            locale=locale,
            state={"every": every, **(state or {})},
            status=WatchStatus.ACTIVE.value,
            attempts=0,
            next_run_at=now + timedelta(seconds=first_in),
            deadline_at=now + timedelta(seconds=lasts),
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        try:
            await self.session.commit()
        except IntegrityError:  # the partial unique index: one active watch per object
            await self.session.rollback()
            return None
        return row

    async def active(self, kind: str, target: str) -> Watch | None:
        stmt = select(Watch).where(
            Watch.kind == kind, Watch.target == target, Watch.status == WatchStatus.ACTIVE.value
        )
        return (await self.session.scalars(stmt)).first()

    async def attach_message(self, watch_id: int, message_id: int) -> None:
        await self._update(watch_id, message_id=message_id)
        await self.session.commit()

    async def cancel(self, kind: str, target: str, owner_id: int) -> Watch | None:
        """The owner stops it; returns the watch as it was (None when nothing was active)."""
        stmt = (
            update(Watch)
            .where(
                Watch.kind == kind,
                Watch.target == target,
                Watch.owner_id == owner_id,
                Watch.status == WatchStatus.ACTIVE.value,
            )
            .values(status=WatchStatus.CANCELLED.value, updated_at=self.clock())
            .returning(Watch)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        row = (await self.session.scalars(stmt)).first()
        await self.session.commit()
        return row

    async def poke(self, kind: str, target: str) -> bool:
        """Make an active watch due now (an event said the job moved): it ends at once
        instead of at its next poll."""
        stmt = (
            update(Watch)
            .where(
                Watch.kind == kind, Watch.target == target, Watch.status == WatchStatus.ACTIVE.value
            )
            .values(next_run_at=self.clock(), updated_at=self.clock())
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        await self.session.commit()
        return bool(getattr(result, "rowcount", 0))

    async def claim_due(self, instance: str, *, limit: int = 20) -> Sequence[Watch]:
        """Lease up to `limit` due watches to `instance`; each one is won by one instance."""
        now = self.clock()
        free = or_(Watch.lease_until.is_(None), Watch.lease_until <= now)
        ids = (
            await self.session.scalars(
                select(Watch.id)
                .where(Watch.status == WatchStatus.ACTIVE.value, Watch.next_run_at <= now, free)
                .order_by(Watch.next_run_at)
                .limit(limit)
            )
        ).all()
        won: list[Watch] = []
        for watch_id in ids:
            stmt = (
                update(Watch)
                .where(Watch.id == watch_id, Watch.status == WatchStatus.ACTIVE.value, free)
                .values(
                    lease_owner=instance,
                    lease_until=now + timedelta(seconds=LEASE_SECONDS),
                    attempts=Watch.attempts + 1,
                )
                .returning(Watch)
                .execution_options(synchronize_session=False, populate_existing=True)
            )
            row = (await self.session.scalars(stmt)).first()
            await self.session.commit()  # each lease settles at once: other instances see it
            if row is not None:
                won.append(row)
        return won

    async def reschedule(
        self,
        watch_id: int,
        instance: str,
        *,
        next_in: float,
        state: dict[str, Any],
        message_id: int | None,
    ) -> bool:
        """Release the lease; the watch is due again in `next_in` seconds."""
        when = self.clock() + timedelta(seconds=next_in)
        ok = await self._release(
            watch_id, instance, next_run_at=when, state=state, message_id=message_id
        )
        await self.session.commit()
        return ok

    async def finish(
        self,
        watch_id: int,
        instance: str,
        status: WatchStatus,
        *,
        state: dict[str, Any],
        message_id: int | None,
    ) -> bool:
        ok = await self._release(
            watch_id, instance, status=status.value, state=state, message_id=message_id
        )
        await self.session.commit()
        return ok

    async def _release(self, watch_id: int, instance: str, **values: Any) -> bool:
        """Only the lease holder writes back (a cancel in between wins over its result)."""
        stmt = (
            update(Watch)
            .where(
                Watch.id == watch_id,
                Watch.lease_owner == instance,
                Watch.status == WatchStatus.ACTIVE.value,
            )
            .values(lease_owner=None, lease_until=None, updated_at=self.clock(), **values)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    async def _update(self, watch_id: int, **values: Any) -> None:
        await self.session.execute(
            update(Watch)
            .where(Watch.id == watch_id)
            .values(updated_at=self.clock(), **values)
            .execution_options(synchronize_session=False)
        )
