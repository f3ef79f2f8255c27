"""Repositories: each wraps one AsyncSession and never commits: the services own the unit of
work (bot.services; the update pipeline never commits)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import SecretStr
from sqlalchemy import CursorResult, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import KeyRing
from bot.db.models import ApiKey, Audit, Confirmation, ConfirmationStatus, User, utcnow

MASK_PREFIX = "…"
LABEL_MAX = 64


def mask_of(api_key: str) -> str:
    """The last 4 characters; nothing at all for keys too short to spare them."""
    return MASK_PREFIX + (api_key[-4:] if len(api_key) >= 12 else "")


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """INSERT for `table` in the session's dialect, with ON CONFLICT support (both backends)."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return result.rowcount


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_or_create(self, user_id: int, language_code: str | None = None) -> User:
        user = await self.session.get(User, user_id)
        if user is None:
            # INSERT … ON CONFLICT DO NOTHING: two first updates from one user may race.
            stmt = upsert_insert(self.session, User).values(
                id=user_id, language_code=language_code, created_at=utcnow(), updated_at=utcnow()
            )
            await self.session.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
            user = await self.session.get(User, user_id, populate_existing=True)
            assert user is not None
        elif language_code and user.language_code != language_code:
            user.language_code = language_code
        return user

    async def set_locale(self, user_id: int, locale: str | None) -> User:
        user = await self.get_or_create(user_id)
        user.locale = locale
        await self.session.flush()
        return user


class KeyRepo:
    def __init__(self, session: AsyncSession, ring: KeyRing) -> None:
        self.session = session
        self.ring = ring

    async def add(
        self,
        owner_id: int,
        label: str,
        api_key: str | SecretStr,
        *,
        email: str | None = None,
        account_user_id: str | None = None,
        validated_at: datetime | None = None,
    ) -> ApiKey:
        """Store a key encrypted (callers validate it first and pass `validated_at`).
        The first key a user adds becomes the active one."""
        plaintext = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        user = await UserRepo(self.session).get_or_create(owner_id)
        row = ApiKey(
            owner_id=owner_id,
            label=label[:LABEL_MAX],
            ciphertext=b"",  # placeholder: the row id is part of the AAD, so insert first
            key_version=self.ring.current_kid,
            mask=mask_of(plaintext),
            email=email,
            account_user_id=account_user_id,
            validated_at=validated_at,
        )
        self.session.add(row)
        await self.session.flush()
        row.ciphertext = self.ring.encrypt(plaintext, owner_id=owner_id, row_id=row.id)
        if user.active_key_id is None:
            user.active_key_id = row.id
        await self.session.flush()
        return row

    async def list(self, owner_id: int) -> Sequence[ApiKey]:
        stmt = select(ApiKey).where(ApiKey.owner_id == owner_id).order_by(ApiKey.id)
        return (await self.session.scalars(stmt)).all()

    async def get(self, owner_id: int, key_id: int) -> ApiKey | None:
        row = await self.session.get(ApiKey, key_id)
        return row if row is not None and row.owner_id == owner_id else None

    def reveal(self, row: ApiKey) -> SecretStr:
        """Decrypt for an API call. Raises bot.crypto.DecryptionError on a tampered row."""
        return self.ring.decrypt(row.ciphertext, owner_id=row.owner_id, row_id=row.id)

    async def rename(self, owner_id: int, key_id: int, label: str) -> ApiKey | None:
        row = await self.get(owner_id, key_id)
        if row is not None:
            row.label = label[:LABEL_MAX]
            await self.session.flush()
        return row

    async def remove(self, owner_id: int, key_id: int) -> bool:
        """Delete the row (and with it the ciphertext). An active key hands over to another."""
        row = await self.get(owner_id, key_id)
        if row is None:
            return False
        user = await self.session.get(User, owner_id)
        await self.session.delete(row)
        await self.session.flush()
        if user is not None and user.active_key_id in (key_id, None):
            remaining = await self.list(owner_id)
            user.active_key_id = remaining[-1].id if remaining else None
            await self.session.flush()
        return True

    async def set_active(self, owner_id: int, key_id: int) -> ApiKey | None:
        row = await self.get(owner_id, key_id)
        if row is None:
            return None
        user = await UserRepo(self.session).get_or_create(owner_id)
        user.active_key_id = row.id
        await self.session.flush()
        return row

    async def active(self, owner_id: int) -> ApiKey | None:
        stmt = select(ApiKey).join(User, User.active_key_id == ApiKey.id).where(User.id == owner_id)
        return (await self.session.scalars(stmt)).first()


class ConfirmationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        *,
        owner_id: int,
        chat_id: int,
        api_key_id: int | None,
        action: str,
        params: dict[str, Any],
        cost: Decimal,
        balance_before: Decimal | None,
        ttl_seconds: int,
        now: datetime | None = None,
    ) -> Confirmation:
        now = now or utcnow()
        row = Confirmation(
            nonce=secrets.token_urlsafe(12),  # 16 chars: fits callback data with room to spare
            owner_id=owner_id,
            chat_id=chat_id,
            api_key_id=api_key_id,
            action=action,
            params=params,
            cost=cost,
            balance_before=balance_before,
            status=ConfirmationStatus.PENDING.value,
            expires_at=now + timedelta(seconds=ttl_seconds),
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, nonce: str) -> Confirmation | None:
        return await self.session.get(Confirmation, nonce, populate_existing=True)

    async def set_message(self, nonce: str, message_id: int) -> None:
        await self.session.execute(
            update(Confirmation)
            .where(Confirmation.nonce == nonce)
            .values(message_id=message_id, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )

    async def claim(
        self, nonce: str, owner_id: int, now: datetime | None = None
    ) -> Confirmation | None:
        """Atomically move pending → processing. Exactly one caller wins, across sessions,
        connections and instances, once the caller commits (at once: the API call waits on
        it). Wrong owner, expired, used → None."""
        now = now or utcnow()
        result = await self.session.execute(
            update(Confirmation)
            .where(
                Confirmation.nonce == nonce,
                Confirmation.owner_id == owner_id,
                Confirmation.status == ConfirmationStatus.PENDING.value,
                Confirmation.expires_at > now,
            )
            .values(status=ConfirmationStatus.PROCESSING.value, updated_at=now)
            .returning(Confirmation)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        return result.scalars().first()

    async def finish(
        self,
        nonce: str,
        status: ConfirmationStatus | str,
        result: dict[str, Any] | None = None,
        error_code: str | None = None,
    ) -> bool:
        res = await self.session.execute(
            update(Confirmation)
            .where(Confirmation.nonce == nonce)
            .values(status=str(status), result=result, error_code=error_code, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return _rowcount(res) == 1

    async def cancel(self, nonce: str, owner_id: int) -> bool:
        """pending → cancelled, only by its owner (it races with claim: commit at once)."""
        res = await self.session.execute(
            update(Confirmation)
            .where(
                Confirmation.nonce == nonce,
                Confirmation.owner_id == owner_id,
                Confirmation.status == ConfirmationStatus.PENDING.value,
            )
            .values(status=ConfirmationStatus.CANCELLED.value, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return _rowcount(res) == 1

    async def expire_due(self, now: datetime | None = None) -> Sequence[Confirmation]:
        """pending → expired for every card past its expiry, in one UPDATE … RETURNING (SQLite
        ≥ 3.35 and PostgreSQL): the rows returned are exactly the ones this statement moved.
        The `status = 'pending'` guard makes it race-safe against claim()/cancel(): PostgreSQL
        re-checks the WHERE on a row another transaction just changed, SQLite runs writers one
        at a time, so a card claimed a moment earlier is skipped and one outcome wins."""
        now = now or utcnow()
        stmt = (
            update(Confirmation)
            .where(
                Confirmation.status == ConfirmationStatus.PENDING.value,
                Confirmation.expires_at <= now,
            )
            .values(status=ConfirmationStatus.EXPIRED.value, updated_at=now)
            .returning(Confirmation)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        return (await self.session.scalars(stmt)).all()

    async def owners(self, owner_ids: set[int]) -> dict[int, User]:
        """The users behind a batch of cards (for their locale), in one query."""
        if not owner_ids:
            return {}
        rows = await self.session.scalars(select(User).where(User.id.in_(owner_ids)))
        return {user.id: user for user in rows}

    async def expire_stale(self, now: datetime | None = None) -> int:
        return len(await self.expire_due(now))


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        user_id: int,
        api_key_id: int | None,
        action: str,
        params: dict[str, Any],
        cost: Decimal | None,
        outcome: str,
        error_code: str | None = None,
        reference: str | None = None,
    ) -> Audit:
        row = Audit(
            user_id=user_id,
            api_key_id=api_key_id,
            action=action,
            params=params,
            cost=cost,
            outcome=outcome,
            error_code=error_code,
            reference=reference,
        )
        self.session.add(row)
        await self.session.flush()
        return row
