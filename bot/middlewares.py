"""The per-update pipeline, in order (registered by bot.app.create_dispatcher):

1. `ContextMiddleware` — log context (update_id, user_id) and one DB session per update; it
   never commits (services do, before a handler says "done"), and closing it discards the rest.
2. `UserMiddleware` — `db_user` and `active_key` from the user cache, else in one SELECT (an
   update that changes nothing runs no SQL once its user is cached).
3. aiogram-i18n's middleware (bot.i18n) — `i18n`, locale from the stored choice or Telegram's.
4. `AllowlistMiddleware` — ALLOWED_USERS: strangers get one polite refusal, nothing else runs.
5. `AccountMiddleware` — registers people who talk to the bot, `key_service`, and `pivday`
   (a client for the active key built on first use, or None).
6. `CommandLeavesStepMiddleware` — a command typed in the middle of a typed step leaves it.
7. `FlagsMiddleware` (inner, on messages and button presses) — handler flags: `needs_key`
   answers "connect a key first" instead of running the handler; `private` keeps a handler
   out of groups.

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
from aiogram.dispatcher.flags import get_flag
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import KeyRing
from bot.db.models import ApiKey
from bot.logsetup import log_context
from bot.pivday import ClientPool
from bot.services.keys import KeyService
from bot.services.users import Known, UserCache, UserService
from bot.ui.keyboards import need_key_keyboard
from bot.ui.wizard import show

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
            # The session never commits here: services commit their own unit of work before
            # the handler says "done". Closing it discards whatever a failed update left.
            async with sessionmaker() as session:
                data["session"] = session
                try:
                    result = await handler(event, data)
                except BaseException:
                    log.info("update failed ms=%d", (time.monotonic() - started) * 1000)
                    raise
                if session.new or session.dirty or session.deleted:
                    log.warning("uncommitted changes discarded at the end of an update")
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            log.info("update handled type=%s ms=%d", kind, (time.monotonic() - started) * 1000)
            return result


class UserMiddleware(BaseMiddleware):
    """`db_user` and `active_key` from the cache or in one SELECT (before i18n, which reads
    the stored locale)."""

    def __init__(self, cache: UserCache | None = None) -> None:
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = _user(data)
        known = Known(None, None)
        if user is not None:
            known = await UserService(data["session"], self.cache).load(user.id)
        data["db_user"], data["active_key"] = known.user, known.active_key
        return await handler(event, data)


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


class AccountMiddleware(BaseMiddleware):
    """After the allowlist: registers people who talk to the bot (private chat, its buttons),
    and offers `key_service` and `pivday`, a client for the active key that is only built
    (key decrypted) when a handler calls piv.day. Group chatter writes nothing."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = _user(data)
        if user is not None and isinstance(event, Update) and _talks_to_bot(event):
            service = UserService(data["session"])
            data["db_user"] = await service.register(user.id, user.language_code, data["db_user"])
        data["key_service"] = keys = _key_service(data)
        active: ApiKey | None = data["active_key"]
        data["pivday"] = keys.lazy_client(active) if active is not None else None
        return await handler(event, data)


class CommandLeavesStepMiddleware(BaseMiddleware):
    """A command sent while a typed step waits for an answer (a name, a phone number…) leaves
    that step first: the FSM state and its data go, so the next plain text is never taken as
    the old step's answer. /cancel is left to its own handler, which says what it cancelled."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        message = event.message if isinstance(event, Update) else None
        state: FSMContext | None = data.get("state")
        text = message.text if message is not None else None
        command = bool(text and text.startswith("/") and not _is_cancel(text))
        if command and state is not None and await state.get_state() is not None:
            await state.clear()
        return await handler(event, data)


def _is_cancel(text: str) -> bool:
    return text.split(maxsplit=1)[0].split("@", 1)[0].lower() == "/cancel"


# Handler flags the pipeline reads (set per handler, or for a whole Blueprint at once).
NEEDS_KEY = "needs_key"  # the handler calls piv.day: without an active key, ask for one
PRIVATE = "private"  # the handler is for private chats only (purchases, keys, account)


class FlagsMiddleware(BaseMiddleware):
    """Inner middleware for messages and button presses: runs after the handler's filters
    matched, so a flag answers for exactly the handler that would have run."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Message | CallbackQuery):
            return await handler(event, data)
        i18n: I18nContext = data["i18n"]
        if get_flag(data, PRIVATE) and not _in_private(event):
            if isinstance(event, CallbackQuery):
                await event.answer(i18n.get("private-only"), show_alert=True)
            else:
                await event.answer(i18n.get("private-only"))
            return None
        if get_flag(data, NEEDS_KEY) and data.get("pivday") is None:
            state: FSMContext | None = data.get("state")
            if state is not None:  # the key went away mid-flow: that flow can't go on
                await state.clear()
            if isinstance(event, CallbackQuery):
                await event.answer()
            await show(event, i18n.get("key-required"), need_key_keyboard(i18n))
            return None
        return await handler(event, data)


def _in_private(event: Message | CallbackQuery) -> bool:
    if isinstance(event, Message):
        return event.chat.type == "private"
    message = event.message
    return message is None or message.chat.type == "private"


def _talks_to_bot(update: Update) -> bool:
    if update.callback_query is not None:
        return True
    message = update.message or update.edited_message
    return message is not None and message.chat.type == "private"


def _key_service(data: dict[str, Any]) -> KeyService:
    session: AsyncSession = data["session"]
    ring: KeyRing = data["key_ring"]
    pool: ClientPool = data["pivday_pool"]
    return KeyService(session, ring, pool)
