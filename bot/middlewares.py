"""The per-update pipeline, in order (registered by bot.app.create_dispatcher):

1. `ContextMiddleware` — log context (update_id, user_id) and one DB session per update:
   commit when the handler returns, rollback when it raises.
2. aiogram-i18n's middleware (bot.i18n) — `i18n`, locale from the stored choice or Telegram's.
3. `AllowlistMiddleware` — ALLOWED_USERS: strangers get one polite refusal, nothing else runs.
4. `UserMiddleware` — `db_user`, `active_key`, `pivday` (client for the active key, or None),
   `key_service` (bot.services.keys.KeyService on this update's session).

Handlers also receive the dispatcher's workflow data: `settings`, `sessionmaker`, `pivday_pool`,
`key_ring`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import KeyRing
from bot.db.repositories import UserRepo
from bot.logsetup import log_context
from bot.pivday import ClientPool
from bot.services.keys import KeyService

log = logging.getLogger(__name__)

DRAIN_TIMEOUT = 25.0  # under docker-compose's stop_grace_period (30 s)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _user(data: dict[str, Any]) -> TgUser | None:
    user = data.get("event_from_user")
    return user if isinstance(user, TgUser) else None


class InFlight:
    """Counts updates being handled, so shutdown can wait for them (SIGTERM drains)."""

    def __init__(self, drain_seconds: float = DRAIN_TIMEOUT) -> None:
        self.drain_seconds = drain_seconds
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def drain(self) -> None:
        """Wait until no update is in a handler (at most `drain_seconds`)."""
        await asyncio.sleep(0)  # let updates whose tasks were just created enter
        if self.count:
            log.info("draining in-flight updates count=%s", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), self.drain_seconds)
        except TimeoutError:
            log.warning("shutdown with updates still in flight count=%s", self.count)


class ContextMiddleware(BaseMiddleware):
    def __init__(self, in_flight: InFlight | None = None) -> None:
        self.in_flight = in_flight or InFlight()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.in_flight.enter()
        try:
            return await self._handle(handler, event, data)
        finally:
            self.in_flight.leave()

    async def _handle(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = _user(data)
        update_id = event.update_id if isinstance(event, Update) else None
        sessionmaker: async_sessionmaker[AsyncSession] = data["sessionmaker"]
        started = time.monotonic()
        with log_context(update_id, user.id if user else None):
            async with sessionmaker() as session:
                data["session"] = session
                try:
                    result = await handler(event, data)
                except BaseException:
                    await session.rollback()
                    log.info("update failed ms=%d", (time.monotonic() - started) * 1000)
                    raise
                await session.commit()
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            log.info("update handled type=%s ms=%d", kind, (time.monotonic() - started) * 1000)
            return result


class AllowlistMiddleware(BaseMiddleware):
    """Only ALLOWED_USERS (and ADMIN_IDS) get through when an allowlist is set.

    A stranger is told once per process (in private chat or on a button press); later updates
    are dropped quietly. Strangers' messages in groups are ignored without a reply, so a team
    group is never spammed.
    """

    def __init__(self, allowed: Iterable[int]) -> None:
        self.allowed = frozenset(allowed)
        self._told: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = _user(data)
        if not self.allowed or user is None or user.id in self.allowed:
            return await handler(event, data)
        log.info("refused by allowlist")
        if isinstance(event, Update):
            first = user.id not in self._told
            if await self._refuse(event, data["i18n"], first=first):
                self._told.add(user.id)
        return None

    @staticmethod
    async def _refuse(update: Update, i18n: I18nContext, *, first: bool) -> bool:
        """Answer a stranger; True when the refusal text was shown."""
        text = i18n.get("allowlist-refusal")
        if update.callback_query is not None:
            await update.callback_query.answer(text if first else None, show_alert=first)
            return first
        if first and update.message is not None and update.message.chat.type == "private":
            await update.message.answer(text)
            return True
        return False


class UserMiddleware(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["db_user"] = data["active_key"] = data["pivday"] = None
        data["key_service"] = keys = _key_service(data)
        user = _user(data)
        if user is not None:
            session: AsyncSession = data["session"]
            data["db_user"] = await UserRepo(session).get_or_create(user.id, user.language_code)
            active = await keys.active(user.id)
            if active is not None:
                data["active_key"] = active
                # Decrypting and a pool lookup: no I/O until a handler calls the API.
                data["pivday"] = keys.client_for(active)
        return await handler(event, data)


def _key_service(data: dict[str, Any]) -> KeyService:
    session: AsyncSession = data["session"]
    ring: KeyRing = data["key_ring"]
    pool: ClientPool = data["pivday_pool"]
    return KeyService(session, ring, pool)
