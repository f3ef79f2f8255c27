"""Who is talking to the bot: the user row, its locale and active key, read in one statement.

Reading never writes. A row is created (or its Telegram language refreshed) only for people who
talk to the bot itself, and that write is committed here, before anything answers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ApiKey, User
from bot.db.repositories import UserRepo


@dataclass(frozen=True, slots=True)
class Known:
    """What the database knows about one Telegram user (both None for a stranger)."""

    user: User | None
    active_key: ApiKey | None


class UserService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_id: int) -> Known:
        """The user and their active key: one SELECT … LEFT JOIN, no write."""
        stmt = (
            select(User, ApiKey)
            .outerjoin(ApiKey, ApiKey.id == User.active_key_id)
            .where(User.id == user_id)
        )
        row = (await self.session.execute(stmt)).first()
        if row is None:
            return Known(None, None)
        return Known(row[0], row[1])

    async def register(self, user_id: int, language_code: str | None, known: User | None) -> User:
        """Create the row on first contact, refresh Telegram's language when it changed;
        nothing (not even a commit) when neither applies."""
        if known is not None and (not language_code or known.language_code == language_code):
            return known
        user = await UserRepo(self.session).get_or_create(user_id, language_code)
        await self.session.commit()
        return user

    async def set_locale(self, user_id: int, locale: str | None) -> User:
        user = await UserRepo(self.session).set_locale(user_id, locale)
        await self.session.commit()
        return user
