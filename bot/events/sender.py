"""The Telegram sender: drains the outbox within the flood limits (bot.events.limits).

Each round leases the head message of every chat that is free (not being sent to, not waiting
long for its window), then sends them concurrently, each after its limiter slot. Outcomes:
- sent → recorded with Telegram's message id (and a deletion queued for codes in groups);
- 429 → that chat waits `retry_after`, the message is due again then (not counted as a failure);
- 5xx, network errors, timeouts → exponential backoff, up to MAX_ATTEMPTS;
- the group became a supergroup → its bindings and queue follow the new id, sent again at once;
- 403 / chat not found → `on_chat_gone`: everything queued for the chat fails, and a group's
  bindings are switched off and their owners told in private (bot.events.notices);
- a forum topic that is gone → sent to the group itself instead; other 400s → failed (logged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxKind, OutboxMessage, utcnow
from bot.events.inbox import Clock, Doorbell
from bot.events.limits import FloodLimiter
from bot.events.outbox import Outbox
from bot.services.notifications import BindingService

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 50
IDLE_SECONDS = 1.0
SKIP_WAIT_SECONDS = 5.0  # a chat that must wait longer is left for a later round
REQUEST_SECONDS = 10
MAX_ATTEMPTS = 15
STOP_SECONDS = 5.0
TIDY_EVERY_SECONDS = 300.0
MAX_BACKOFF_SECONDS = 300.0
_TOPIC_GONE = ("thread not found", "topic_closed", "topic_deleted", "topic closed")
_CHAT_GONE = ("chat not found", "bot was kicked", "not a member", "have no rights to send")

# (chat id, Telegram's reason): drop its queue, switch its bindings off, tell their owners.
OnChatGone = Callable[[int, str], Awaitable[object]]


def backoff(attempts: int) -> float:
    return min(MAX_BACKOFF_SECONDS, 2.0 ** max(0, attempts))


class OutboxSender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        bot: Bot,
        limiter: FloodLimiter,
        *,
        on_chat_gone: OnChatGone | None = None,
        clock: Clock = utcnow,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.bot = bot
        self.limiter = limiter
        self.on_chat_gone = on_chat_gone
        self.clock = clock
        self.max_in_flight = max_in_flight
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._done = Doorbell()

    async def remember_recent(self) -> None:
        """Before the first send: what an earlier process sent in the last minute still counts
        against Telegram's limits (a restart must not start with empty windows)."""
        async with self.sessionmaker() as session:
            recent = await Outbox(session, clock=self.clock).recent(timedelta(seconds=61))
        now = self.clock()
        for chat_id, at in recent:
            self.limiter.remember(chat_id, (now - at).total_seconds())

    async def run(self, doorbell: Doorbell) -> None:
        """Send until cancelled; wakes when the router queues or a send finishes."""
        await self.remember_recent()
        waker = asyncio.create_task(self._relay(doorbell))
        loop = asyncio.get_running_loop()
        tidied = loop.time()
        try:
            while True:
                try:
                    claimed = await self.run_once()
                except Exception:
                    log.exception("outbox round failed")
                    claimed = 0
                if not claimed:
                    await self._done.wait(IDLE_SECONDS)
                if loop.time() - tidied > TIDY_EVERY_SECONDS:  # chats seen once, long ago
                    tidied = loop.time()
                    self.limiter.forget_idle()
        finally:
            waker.cancel()
            await self._finish_in_flight()

    async def _relay(self, doorbell: Doorbell) -> None:
        while True:
            await doorbell.wait(3600)
            self._done.ring()

    async def _finish_in_flight(self) -> None:
        """On shutdown: let messages already on their way finish (a few seconds at most), so
        their outcome is recorded and a restart does not send them again."""
        tasks = list(self._in_flight.values())
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=STOP_SECONDS)
            for task in late:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*late, return_exceptions=True)

    async def run_once(self) -> int:
        """Lease the free chats' head messages and start sending them; returns how many."""
        room = self.max_in_flight - len(self._in_flight)
        if room <= 0:
            return 0
        skip = set(self._in_flight) | {
            c for c in self.limiter.known_chats() if self.limiter.chat_wait(c) > SKIP_WAIT_SECONDS
        }
        async with self.sessionmaker() as session:
            rows = await Outbox(session, clock=self.clock).claim_heads(limit=room, skip_chats=skip)
        for row in rows:
            if row.chat_id in self._in_flight:  # two heads of one chat (a delete): next round
                async with self.sessionmaker() as session:
                    await Outbox(session, clock=self.clock).retry(row, after=0, counts=False)
                continue
            task = asyncio.create_task(self._deliver(row))
            self._in_flight[row.chat_id] = task
            task.add_done_callback(lambda _t, chat=row.chat_id: self._finished(chat))
        return len(rows)

    def _finished(self, chat_id: int) -> None:
        self._in_flight.pop(chat_id, None)
        self._done.ring()

    async def drain(self, within: float = 30.0, horizon: float = 10.0) -> None:
        """Send what is due now or within `horizon` seconds (a retry_after, a backoff) and wait
        for it; for tests and benchmarks. Rows leased by someone else are not waited for."""
        async with asyncio.timeout(within):
            while True:
                await self.run_once()
                if self._in_flight:
                    await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
                    continue
                async with self.sessionmaker() as session:
                    due = await Outbox(session, clock=self.clock).next_due()
                wait = (due - self.clock()).total_seconds() if due is not None else None
                if wait is None or wait > horizon:
                    return
                await asyncio.sleep(min(max(wait, 0.02), 0.5))

    # -- one message -------------------------------------------------------------------------

    async def _deliver(self, row: OutboxMessage) -> None:
        await self.limiter.acquire(row.chat_id)
        try:
            message_id = await self._answered(row)
        except TelegramRetryAfter as exc:
            wait = float(exc.retry_after)
            self.limiter.pause(row.chat_id, wait)
            await self._outbox(lambda o: o.retry(row, after=wait, counts=False))
        except TelegramMigrateToChat as exc:
            async with self.sessionmaker() as session:
                await BindingService(session).migrate_chat(row.chat_id, exc.migrate_to_chat_id)
            await self._outbox(lambda o: o.retry(row, after=0, counts=False))
        except (TelegramForbiddenError, TelegramNotFound) as exc:
            await self._chat_gone(row, exc)
        except TelegramBadRequest as exc:
            await self._bad_request(row, exc)
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            await self._again(row, type(exc).__name__)
        except Exception:
            log.exception("sending failed unexpectedly outbox_id=%s", row.id)
            await self._again(row, "unexpected")
        else:
            await self._outbox(lambda o: o.sent(row, message_id))

    async def _answered(self, row: OutboxMessage) -> int | None:
        try:
            return await self._call(row)
        finally:  # whatever the answer: the chat's windows count from it
            self.limiter.done(row.chat_id)

    async def _call(self, row: OutboxMessage) -> int | None:
        if row.kind == OutboxKind.DELETE.value:
            assert row.telegram_message_id is not None
            await self.bot.delete_message(
                row.chat_id, row.telegram_message_id, request_timeout=REQUEST_SECONDS
            )
            return row.telegram_message_id
        markup = InlineKeyboardMarkup.model_validate(row.markup) if row.markup else None
        sent = await self.bot.send_message(
            row.chat_id,
            row.text,
            message_thread_id=row.thread_id or None,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            request_timeout=REQUEST_SECONDS,
        )
        return sent.message_id

    async def _outbox(self, change: Callable[[Outbox], Awaitable[Any]]) -> None:
        async with self.sessionmaker() as session:
            await change(Outbox(session, clock=self.clock))

    async def _again(self, row: OutboxMessage, reason: str) -> None:
        if row.attempts + 1 >= MAX_ATTEMPTS:
            log.error("message given up outbox_id=%s chat_id=%s: %s", row.id, row.chat_id, reason)
            await self._outbox(lambda o: o.fail(row, reason))
            return
        log.info("send failed, retrying outbox_id=%s attempt=%s: %s", row.id, row.attempts, reason)
        await self._outbox(lambda o: o.retry(row, after=backoff(row.attempts), counts=True))

    async def _bad_request(self, row: OutboxMessage, exc: TelegramBadRequest) -> None:
        message = exc.message.lower()
        if row.kind == OutboxKind.DELETE.value:  # already deleted, or too old to delete
            await self._outbox(lambda o: o.sent(row, row.telegram_message_id))
        elif row.thread_id and any(part in message for part in _TOPIC_GONE):
            log.info("forum topic gone; sending to the group itself chat_id=%s", row.chat_id)
            await self._outbox(lambda o: o.retry(row, after=0, counts=True, thread_id=0))
        elif any(part in message for part in _CHAT_GONE):
            await self._chat_gone(row, exc)
        else:
            log.error("message refused outbox_id=%s: %s", row.id, exc.message)
            await self._outbox(lambda o: o.fail(row, exc.message))

    async def _chat_gone(self, row: OutboxMessage, exc: TelegramAPIError) -> None:
        log.info("chat unreachable, its queue dropped chat_id=%s: %s", row.chat_id, exc.message)
        if self.on_chat_gone is not None:
            await self.on_chat_gone(row.chat_id, exc.message)
        else:
            await self._outbox(lambda o: o.fail_chat(row.chat_id, exc.message))
