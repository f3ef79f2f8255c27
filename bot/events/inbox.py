"""The inbox: every event, stored before piv.day hears 2xx (no aiogram here).

A row per (API key, SHA-256 of the canonical body): piv.day's retries of one event (same body,
same timestamp) hit the unique constraint and change nothing. The router leases pending rows
(a lease left by a dead process runs out after LEASE_SECONDS, so a crash loses nothing), turns
each into outbox rows and marks it done in the same transaction. Done rows are kept for
EVENTS_KEEP_HOURS (≥ 24 h: the dedupe window), then pruned.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import ApiKey, InboxEvent, InboxStatus, WebhookToken, utcnow
from bot.db.repositories import upsert_insert

LEASE_SECONDS = 20.0
EVENT_TYPE_MAX = 64

Clock = Callable[[], datetime]


class Doorbell:
    """Wakes a loop as soon as there is work, so it need not poll fast; the loop still polls
    slowly for work another instance (or a previous run) left."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def ring(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> None:
        """Until rung, or `seconds` at most."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), seconds)
        self._event.clear()


def canonical(payload: Any) -> str:
    """One spelling per JSON value: sorted keys, no spaces."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_hash(payload: Any) -> str:
    return hashlib.sha256(canonical(payload).encode()).hexdigest()


class Inbox:
    def __init__(self, session: AsyncSession, *, clock: Clock = utcnow) -> None:
        self.session = session
        self.clock = clock

    def _values(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "body_hash": body_hash(payload),
            "event_type": str(payload.get("event_type", ""))[:EVENT_TYPE_MAX],
            "payload": dict(payload),
            "status": InboxStatus.PENDING.value,
            "attempts": 0,
            "received_at": self.clock(),
        }

    async def store(
        self,
        *,
        api_key_id: int,
        owner_id: int,
        payload: Mapping[str, Any],
        commit: bool = True,
    ) -> int | None:
        """Insert (and commit, unless the caller commits it with more); the new row's id, or
        None when this event is already stored."""
        stmt = (
            upsert_insert(self.session, InboxEvent)
            .values(api_key_id=api_key_id, owner_id=owner_id, **self._values(payload))
            .on_conflict_do_nothing(index_elements=["api_key_id", "body_hash"])
            .returning(InboxEvent.id)
        )
        new_id = (await self.session.execute(stmt)).scalar()
        if commit:
            await self.session.commit()
        return new_id

    async def store_batch(
        self, events: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> list[int | None]:
        """The receiver's hot path: (token hash, payload) pairs in two statements, whatever
        their number (the caller commits). For each pair the new row's id, or None: no such
        token, or the event is already stored (or came twice in this batch)."""
        hashes = {h for h, _ in events}
        found = await self.session.execute(
            select(WebhookToken.token_hash, ApiKey.id, ApiKey.owner_id)
            .join(ApiKey, ApiKey.id == WebhookToken.api_key_id)
            .where(WebhookToken.token_hash.in_(hashes))
        )
        owners = {h: (key_id, owner_id) for h, key_id, owner_id in found.all()}
        rows: dict[tuple[int, str], dict[str, Any]] = {}
        slots: list[tuple[int, str] | None] = []
        for h, payload in events:
            if h not in owners:
                slots.append(None)
                continue
            key_id, owner_id = owners[h]
            values = self._values(payload)
            slot = (key_id, values["body_hash"])
            slots.append(slot if slot not in rows else None)  # a twin in this batch: a repeat
            rows.setdefault(slot, {"api_key_id": key_id, "owner_id": owner_id, **values})
        if not rows:
            return [None] * len(events)
        stmt = (
            upsert_insert(self.session, InboxEvent)
            .values(list(rows.values()))
            .on_conflict_do_nothing(index_elements=["api_key_id", "body_hash"])
            .returning(InboxEvent.id, InboxEvent.api_key_id, InboxEvent.body_hash)
        )
        inserted = {(k, b): i for i, k, b in (await self.session.execute(stmt)).all()}
        return [inserted.get(slot) if slot is not None else None for slot in slots]

    async def claim(self, *, limit: int = 20) -> Sequence[InboxEvent]:
        """Lease up to `limit` pending events, oldest first; each is won by one instance
        (the WHERE is re-checked by the UPDATE itself). An event waits while an earlier one of
        its key is leased (being routed, or left by a crashed process until its lease runs
        out): a chat gets its messages in the order the events came."""
        now = self.clock()
        claimable = (
            InboxEvent.status == InboxStatus.PENDING.value,
            or_(InboxEvent.lease_until.is_(None), InboxEvent.lease_until <= now),
        )
        earlier = aliased(InboxEvent)
        held = exists().where(
            earlier.api_key_id == InboxEvent.api_key_id,
            earlier.id < InboxEvent.id,
            earlier.status == InboxStatus.PENDING.value,
            earlier.lease_until > now,
        )
        ids = (
            await self.session.scalars(
                select(InboxEvent.id).where(*claimable, ~held).order_by(InboxEvent.id).limit(limit)
            )
        ).all()
        if not ids:
            return []
        stmt = (
            update(InboxEvent)
            .where(InboxEvent.id.in_(ids), *claimable)
            .values(
                lease_until=now + timedelta(seconds=LEASE_SECONDS),
                attempts=InboxEvent.attempts + 1,
            )
            .returning(InboxEvent)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        rows = sorted((await self.session.scalars(stmt)).all(), key=lambda r: r.id)
        await self.session.commit()
        return rows

    async def settle(self, event_id: int, status: InboxStatus) -> None:
        """Mark routed (or given up); the caller commits it with the outbox rows."""
        await self.session.execute(
            update(InboxEvent)
            .where(InboxEvent.id == event_id)
            .values(status=status.value, routed_at=self.clock(), lease_until=None)
            .execution_options(synchronize_session=False)
        )

    async def pending(self) -> int:
        stmt = select(func.count()).where(InboxEvent.status == InboxStatus.PENDING.value)
        return int((await self.session.execute(stmt)).scalar() or 0)

    async def prune(self, keep: timedelta) -> int:
        """Forget settled events older than `keep` (their retries can no longer come)."""
        result = await self.session.execute(
            delete(InboxEvent).where(
                InboxEvent.status != InboxStatus.PENDING.value,
                InboxEvent.received_at < self.clock() - keep,
            )
        )
        await self.session.commit()
        return int(getattr(result, "rowcount", 0) or 0)
