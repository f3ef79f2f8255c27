"""The outbox: every notification is a row before anything is sent (no aiogram here).

The sender leases the *head* of each chat's queue (its oldest unsent message), so messages for
one chat leave in order; a lease left by a dead process runs out after LEASE_SECONDS and the
row is sent again (the only way a message can arrive twice: it was in flight at the crash).
Deletions (codes removed from groups later) are rows too, but never hold a chat's queue up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import OutboxKind, OutboxMessage, OutboxStatus, utcnow

LEASE_SECONDS = 15.0  # well above one sendMessage (sent with a 10 s timeout)
ERROR_MAX = 200

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A rendered message for one chat (and forum topic)."""

    chat_id: int
    text: str
    markup: Mapping[str, Any] | None = None  # InlineKeyboardMarkup as JSON
    thread_id: int = 0
    delete_after: int | None = None  # seconds after sending (codes in groups)


_OPEN = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)


class Outbox:
    def __init__(self, session: AsyncSession, *, clock: Clock = utcnow) -> None:
        self.session = session
        self.clock = clock

    def add(self, items: Iterable[Outgoing], *, inbox_id: int | None = None) -> None:
        """Queue messages; the caller commits (with whatever produced them)."""
        now = self.clock()
        for item in items:
            self.session.add(
                OutboxMessage(
                    inbox_id=inbox_id,
                    kind=OutboxKind.MESSAGE.value,
                    chat_id=item.chat_id,
                    thread_id=item.thread_id,
                    text=item.text,
                    markup=dict(item.markup) if item.markup is not None else None,
                    delete_after=item.delete_after,
                    status=OutboxStatus.PENDING.value,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )

    def _claimable(self, now: datetime) -> Any:
        return or_(
            OutboxMessage.status == OutboxStatus.PENDING.value,
            and_(
                OutboxMessage.status == OutboxStatus.SENDING.value,
                OutboxMessage.lease_until <= now,
            ),
        )

    async def claim_heads(
        self, *, limit: int, skip_chats: Collection[int] = ()
    ) -> Sequence[OutboxMessage]:
        """Lease the oldest due row of up to `limit` chats (none of `skip_chats`)."""
        now = self.clock()
        earlier = aliased(OutboxMessage)
        blocked = exists().where(
            earlier.chat_id == OutboxMessage.chat_id,
            earlier.kind == OutboxKind.MESSAGE.value,
            earlier.id < OutboxMessage.id,
            earlier.status.in_(_OPEN),
        )
        stmt = select(OutboxMessage.id).where(
            self._claimable(now), OutboxMessage.next_attempt_at <= now, ~blocked
        )
        if skip_chats:
            stmt = stmt.where(OutboxMessage.chat_id.not_in(list(skip_chats)))
        ids = (await self.session.scalars(stmt.order_by(OutboxMessage.id).limit(limit))).all()
        if not ids:
            return []
        claim = (
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), self._claimable(now))
            .values(
                status=OutboxStatus.SENDING.value,
                lease_until=now + timedelta(seconds=LEASE_SECONDS),
            )
            .returning(OutboxMessage)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        rows = sorted((await self.session.scalars(claim)).all(), key=lambda r: r.id)
        await self.session.commit()
        return rows

    async def next_due(self) -> datetime | None:
        """When the earliest pending row becomes due (None: nothing waits)."""
        stmt = select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == OutboxStatus.PENDING.value
        )
        return (await self.session.execute(stmt)).scalar()

    async def _set(self, row_id: int, **values: Any) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(lease_until=None, **values)
            .execution_options(synchronize_session=False)
        )

    async def sent(self, row: OutboxMessage, telegram_message_id: int | None) -> None:
        now = self.clock()
        await self._set(
            row.id,
            status=OutboxStatus.SENT.value,
            telegram_message_id=telegram_message_id,
            sent_at=now,
            attempts=row.attempts + 1,
        )
        if row.delete_after and telegram_message_id is not None:
            self.session.add(
                OutboxMessage(
                    inbox_id=row.inbox_id,
                    kind=OutboxKind.DELETE.value,
                    chat_id=row.chat_id,
                    thread_id=row.thread_id,
                    text="",
                    telegram_message_id=telegram_message_id,
                    status=OutboxStatus.PENDING.value,
                    attempts=0,
                    next_attempt_at=now + timedelta(seconds=row.delete_after),
                    created_at=now,
                )
            )
        await self.session.commit()

    async def retry(
        self, row: OutboxMessage, *, after: float, counts: bool, **changes: Any
    ) -> None:
        """Back to pending, due in `after` seconds; `counts` = a failed attempt (not a 429)."""
        await self._set(
            row.id,
            status=OutboxStatus.PENDING.value,
            next_attempt_at=self.clock() + timedelta(seconds=after),
            attempts=row.attempts + (1 if counts else 0),
            **changes,
        )
        await self.session.commit()

    async def fail(self, row: OutboxMessage, error: str) -> None:
        await self._set(
            row.id,
            status=OutboxStatus.FAILED.value,
            error=error[:ERROR_MAX],
            attempts=row.attempts + 1,
        )
        await self.session.commit()

    async def fail_chat(self, chat_id: int, error: str) -> int:
        """The chat is gone for the bot: everything queued for it fails (and stops blocking)."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status.in_(_OPEN))
            .values(status=OutboxStatus.FAILED.value, error=error[:ERROR_MAX], lease_until=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def recent(self, within: timedelta) -> list[tuple[int, datetime]]:
        """(chat, when) of what left for Telegram within the last `within`: sent, or leased
        and maybe sent by a process that died before it could say so (counted as now)."""
        now = self.clock()
        stmt = select(
            OutboxMessage.chat_id, OutboxMessage.sent_at, OutboxMessage.lease_until
        ).where(
            or_(
                OutboxMessage.sent_at >= now - within,
                OutboxMessage.lease_until.is_not(None) & OutboxMessage.sent_at.is_(None),
            )
        )
        rows = (await self.session.execute(stmt)).all()
        return [(chat, sent or now) for chat, sent, _lease in rows]

    async def prune(self, keep: timedelta) -> int:
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status.not_in(_OPEN),
                OutboxMessage.created_at < self.clock() - keep,
            )
        )
        await self.session.commit()
        return int(getattr(result, "rowcount", 0) or 0)
