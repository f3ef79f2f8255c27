"""The watcher loop: polls live jobs (bot.services.watches) and keeps their chat up to date.

A feature declares a `Watcher(kind, poll, ended)`. Every tick the loop leases the due watches
and, for each, builds the client of the key the watch was started with, then calls
`poll(run)`: the watcher reads piv.day, shows progress with `run.show()` (edits one status
message, never twice with the same content) or posts with `run.send()`, and returns the
seconds until its next poll, or None when the job is over. Past its deadline, or when its key
is gone, `ended(run, status)` gets to say so in chat instead. A piv.day failure (rate limit,
timeout, outage) backs the watch off and keeps it; a bug in a watcher is logged and retried
with backoff too, up to the deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, KeyRing
from bot.db.models import Watch, WatchStatus, utcnow
from bot.db.repositories import KeyRepo
from bot.i18n import LocaleTranslator, normalize_locale
from bot.pivday import ClientPool, PivDayClient
from bot.pivday import errors as pe
from bot.services.watches import Clock, WatchService
from bot.ui.paging import Translator

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0


@dataclass
class WatchRun:
    """One poll of one watch: what the watcher reads and how it talks to the chat."""

    watch: Watch
    t: Translator
    bot: Bot
    client: PivDayClient | None  # None in ended() when the key is gone
    state: dict[str, Any]  # persisted after the poll (JSON-able values only)
    message_id: int | None

    @property
    def target(self) -> str:
        return self.watch.target

    @property
    def chat_id(self) -> int:
        return self.watch.chat_id

    async def show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Put `text` on the watch's status message: edited in place, skipped when nothing
        changed since the last time, sent anew when the old message is gone."""
        markup_json = markup.model_dump_json() if markup is not None else ""
        digest = hashlib.sha256(f"{text}\x00{markup_json}".encode()).hexdigest()[:16]
        if self.state.get("_shown") == digest:
            return
        if self.message_id is not None:
            try:
                await self.bot.edit_message_text(
                    text=text, chat_id=self.chat_id, message_id=self.message_id, reply_markup=markup
                )
            except TelegramBadRequest as exc:
                if "not modified" not in exc.message:
                    log.info("status message not editable, sending anew: %s", exc.message)
                    self.message_id = None
        if self.message_id is None:
            sent = await self.bot.send_message(self.chat_id, text, reply_markup=markup)
            self.message_id = sent.message_id
        self.state["_shown"] = digest

    async def send(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """A new message under the status one (e.g. each SMS that arrived)."""
        await self.bot.send_message(self.chat_id, text, reply_markup=markup)


Poll = Callable[[WatchRun], Awaitable[float | None]]
Ended = Callable[[WatchRun, WatchStatus], Awaitable[None]]


async def _nothing(_run: WatchRun, _status: WatchStatus) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Watcher:
    kind: str  # a bot.services.watches kind constant
    poll: Poll
    ended: Ended = _nothing  # the final words on timeout (EXPIRED) or a key gone (CANCELLED)


class WatchLoop:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        watchers: Iterable[Watcher],
        *,
        bot: Bot,
        core: BaseCore[Any],
        key_ring: KeyRing,
        pool: ClientPool,
        instance: str | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.watchers: Mapping[str, Watcher] = {w.kind: w for w in watchers}
        self.bot = bot
        self.core = core
        self.key_ring = key_ring
        self.pool = pool
        self.instance = instance or secrets.token_hex(8)
        self.clock = clock

    async def run(self, tick: float = TICK_SECONDS) -> None:
        """Poll forever (until cancelled); one failing round is logged and the next goes on."""
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("watch round failed")
            await asyncio.sleep(tick)

    async def run_once(self) -> int:
        """Poll every due watch once (concurrently); returns how many were polled."""
        async with self.sessionmaker() as session:
            due = await WatchService(session, clock=self.clock).claim_due(self.instance)
        await asyncio.gather(*(self._one(watch) for watch in due))
        return len(due)

    async def _one(self, watch: Watch) -> None:
        watcher = self.watchers.get(watch.kind)
        state = dict(watch.state)
        t = LocaleTranslator(self.core, normalize_locale(watch.locale, self.core.default_locale))
        run = WatchRun(watch, t, self.bot, None, state, watch.message_id)
        if watcher is None:  # a kind no feature declares (any more): nothing can poll it
            log.warning("watch of unknown kind ended kind=%s id=%s", watch.kind, watch.id)
            await self._finish(run, WatchStatus.EXPIRED)
            return
        if self.clock() >= watch.deadline_at:
            await self._end(watcher, run, WatchStatus.EXPIRED)
            return
        run.client = await self._client(watch)
        if run.client is None:
            await self._end(watcher, run, WatchStatus.CANCELLED)
            return
        try:
            next_in = await watcher.poll(run)
        except TelegramRetryAfter as exc:
            await self._again(run, float(exc.retry_after))
            return
        except TelegramForbiddenError:  # the chat blocked the bot: nobody to tell any more
            await self._finish(run, WatchStatus.CANCELLED)
            return
        except pe.PivDayBaseError as exc:
            log.info(
                "watch poll failed kind=%s id=%s: %s", watch.kind, watch.id, type(exc).__name__
            )
            await self._again(run, self._backoff(run, exc))
            return
        except Exception:
            log.exception("watcher crashed kind=%s id=%s", watch.kind, watch.id)
            await self._again(run, self._backoff(run, None))
            return
        if next_in is None:
            await self._finish(run, WatchStatus.DONE)
        else:
            await self._again(run, next_in)

    async def _client(self, watch: Watch) -> PivDayClient | None:
        """The client of the key the watch was started with; None once it was removed."""
        if watch.api_key_id is None:
            return None
        async with self.sessionmaker() as session:
            keys = KeyRepo(session, self.key_ring)
            row = await keys.get(watch.owner_id, watch.api_key_id)
            if row is None:
                return None
            try:
                return self.pool.client(keys.reveal(row))
            except DecryptionError:
                log.warning("watch key does not decrypt key_id=%s", watch.api_key_id)
                return None

    def _backoff(self, run: WatchRun, exc: BaseException | None) -> float:
        if isinstance(exc, pe.RateLimitedError) and exc.retry_after:
            return max(float(exc.retry_after), 1.0)
        every = float(run.state.get("every", 5.0))
        return min(MAX_BACKOFF_SECONDS, every * 2 ** min(run.watch.attempts, 6))

    async def _end(self, watcher: Watcher, run: WatchRun, status: WatchStatus) -> None:
        with contextlib.suppress(Exception):  # the final words are best effort; the end is not
            await watcher.ended(run, status)
        await self._finish(run, status)

    async def _again(self, run: WatchRun, next_in: float) -> None:
        async with self.sessionmaker() as session:
            await WatchService(session, clock=self.clock).reschedule(
                run.watch.id,
                self.instance,
                next_in=next_in,
                state=run.state,
                message_id=run.message_id,
            )

    async def _finish(self, run: WatchRun, status: WatchStatus) -> None:
        async with self.sessionmaker() as session:
            await WatchService(session, clock=self.clock).finish(
                run.watch.id, self.instance, status, state=run.state, message_id=run.message_id
            )
