"""The router: inbox rows → outbox rows, one event at a time, each in one transaction.

Recipients of an event of key K (owned by O):
- every active binding of K (a group, or a forum topic) whose filter lets the type through;
- O's private chat when no binding took the type and O's own filter lets it through
  (`/unbind` gives O the events again; SMS status updates: failures only by default).
Each recipient reads it in its language (a group: the language of whoever bound it). Details
the payload lacks (the number's phone and name) are looked up with a short timeout and left
out when that fails. An event that keeps failing to route falls back to the plain generic form
without lookups; only if even that fails is it given up (and logged).

After routing, an event that ends a live job makes that job's watch due at once (poke).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, TypeVar

import pydantic
from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import ApiKey, InboxEvent, InboxStatus, User, utcnow
from bot.events.details import NumberLookup
from bot.events.inbox import Clock, Doorbell, Inbox
from bot.events.outbox import Outbox, Outgoing
from bot.i18n import LocaleTranslator, user_locale
from bot.pivday import webhooks as wh
from bot.services import watches
from bot.services.notifications import (
    STATUS_UPDATED,
    BindingService,
    Filters,
    PrefsService,
    is_failed_status,
    locales_of,
)
from bot.ui.events import EventContext, Rendered, render_event, render_raw
from bot.ui.format import key_name

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH = 20
IDLE_SECONDS = 1.0  # also picks up what another instance or a crash left
PRUNE_EVERY_SECONDS = 600.0
FALLBACK_AFTER = 3  # attempts before the plain form without lookups
GIVE_UP_AFTER = 6

# Events that carry a number whose phone/name the message shows.
_NUMBER_EVENTS = frozenset(
    {"sms.received", "sms.status_updated", "verify.completed", "verify.failed"}
)
# Events that end a live job: (watch kind, the data field naming the job).
_POKES: Mapping[str, tuple[str, str]] = {
    "sms.received": (watches.NUMBER_CODE, "piv_num_id"),
    "verify.completed": (watches.NUMBER_CODE, "piv_num_id"),
    "verify.failed": (watches.NUMBER_CODE, "piv_num_id"),
    "domain.registered": (watches.DOMAIN_REGISTER, "domain_id"),
    "domain.failed": (watches.DOMAIN_REGISTER, "domain_id"),
    "white.completed": (watches.SITE_JOB, "job_id"),
    "white.failed": (watches.SITE_JOB, "job_id"),
}


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    thread_id: int
    locale: str
    in_group: bool


def _data(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    data = payload.get("data")
    return data if isinstance(data, Mapping) else {}


class EventRouter:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        core: BaseCore[Any],
        lookup: NumberLookup | None,
        outbox_bell: Doorbell,
        sandbox: bool = False,
        code_delete_minutes: int = 0,
        keep: timedelta = timedelta(hours=24),
        clock: Clock = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.core = core
        self.lookup = lookup
        self.outbox_bell = outbox_bell
        self.sandbox = sandbox
        self.code_delete_seconds = code_delete_minutes * 60
        self.keep = keep
        self.clock = clock

    async def run(self, doorbell: Doorbell) -> None:
        """Route until cancelled: at once when the receiver rings, else every IDLE_SECONDS."""
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                routed = await self.run_once()
                if loop.time() - last_prune > PRUNE_EVERY_SECONDS:
                    last_prune = loop.time()
                    await self.prune()
            except Exception:
                log.exception("event routing round failed")
                routed = 0
            if not routed:
                await doorbell.wait(IDLE_SECONDS)

    async def run_once(self) -> int:
        """Route one batch: messages are prepared side by side (lookups may take a moment),
        then queued one event after another, so a chat gets them in the order they came."""
        async with self.sessionmaker() as session:
            rows = await Inbox(session, clock=self.clock).claim(limit=BATCH)
        plans = await asyncio.gather(*(self._guarded(self._plan(row), row) for row in rows))
        planned = [
            (row, items) for row, items in zip(rows, plans, strict=True) if items is not None
        ]
        try:
            await self._queue(planned)  # one transaction for the batch
        except Exception:
            log.exception("queueing a batch failed; one event at a time")
            for one in planned:
                await self._guarded(self._queue([one]), one[0])
        return len(rows)

    async def prune(self) -> None:
        async with self.sessionmaker() as session:
            events = await Inbox(session, clock=self.clock).prune(self.keep)
            messages = await Outbox(session, clock=self.clock).prune(self.keep)
        if events or messages:
            log.info("pruned old events=%s messages=%s", events, messages)

    async def _guarded(self, step: Awaitable[T], row: InboxEvent) -> T | None:
        """A failing event is retried when its lease runs out (plainer each time), and given
        up after GIVE_UP_AFTER attempts; the others go on."""
        try:
            return await step
        except Exception:
            log.exception("routing failed inbox_id=%s attempt=%s", row.id, row.attempts)
            if row.attempts >= GIVE_UP_AFTER:
                async with self.sessionmaker() as session:
                    await Inbox(session, clock=self.clock).settle(row.id, InboxStatus.FAILED)
                    await session.commit()
                log.error("event given up inbox_id=%s type=%s", row.id, row.event_type)
            return None

    async def _plan(self, row: InboxEvent) -> list[Outgoing]:
        """Who gets the event, and the message each of them reads."""
        plain = row.attempts > FALLBACK_AFTER
        payload = row.payload
        event_type = str(payload.get("event_type", ""))
        async with self.sessionmaker() as session:
            key = await session.get(ApiKey, row.api_key_id) if row.api_key_id else None
            recipients = await self._recipients(session, row, key, event_type)
        context = await self._context(row, key, event_type, plain, bool(recipients))
        return [self._message(r, event_type, payload, context, plain) for r in recipients]

    async def _queue(self, planned: list[tuple[InboxEvent, list[Outgoing]]]) -> None:
        """The messages, in event order, and "routed" in one transaction; then the watches
        the events end."""
        if not planned:
            return
        async with self.sessionmaker() as session:
            outbox, inbox = Outbox(session, clock=self.clock), Inbox(session, clock=self.clock)
            for row, items in planned:
                outbox.add(items, inbox_id=row.id)
                await inbox.settle(row.id, InboxStatus.DONE)
            await session.commit()
            for row, _ in planned:
                await self._poke(session, str(row.payload.get("event_type", "")), row.payload)
        if any(items for _, items in planned):
            self.outbox_bell.ring()

    async def _recipients(
        self, session: AsyncSession, row: InboxEvent, key: ApiKey | None, event_type: str
    ) -> list[Recipient]:
        failed = event_type == STATUS_UPDATED and is_failed_status(row.payload)
        bindings = await BindingService(session).of_key(key.id) if key is not None else []
        taken = [b for b in bindings if Filters(b.filters).allows(event_type, failed=failed)]
        users = await locales_of(session, [row.owner_id, *(b.bound_by for b in taken)])
        found = [
            Recipient(b.chat_id, b.thread_id, self._locale(users.get(b.bound_by)), True)
            for b in taken
        ]
        if not taken and not await self._awaited_in_private(session, row, event_type):
            prefs = await PrefsService(session).filters(row.owner_id)
            if prefs.allows(event_type, failed=failed):
                locale = self._locale(users.get(row.owner_id))
                found.append(Recipient(row.owner_id, 0, locale, False))
        return found

    @staticmethod
    async def _awaited_in_private(session: AsyncSession, row: InboxEvent, event_type: str) -> bool:
        """An SMS for a number whose owner is waiting for a code in private chat: the waiting
        message posts it (poked right after), so the chat doesn't get the same SMS twice."""
        piv_num_id = _data(row.payload).get("piv_num_id")
        if event_type != "sms.received" or not isinstance(piv_num_id, str | int):
            return False
        watch = await watches.WatchService(session).active(watches.NUMBER_CODE, str(piv_num_id))
        return watch is not None and watch.chat_id == row.owner_id

    def _locale(self, user: User | None) -> str:
        return user_locale(user, self.core.default_locale)

    async def _context(
        self, row: InboxEvent, key: ApiKey | None, event_type: str, plain: bool, needed: bool
    ) -> EventContext:
        number = None
        piv_num_id = _data(row.payload).get("piv_num_id")
        wanted = needed and not plain and event_type in _NUMBER_EVENTS
        if wanted and self.lookup is not None and isinstance(piv_num_id, str | int):
            number = await self.lookup.number(row.api_key_id, str(piv_num_id))
        return EventContext(
            number=number,
            key_label=key_name(key) if key is not None else None,
            sandbox=self.sandbox,
            raw=row.payload,
        )

    def _message(
        self,
        recipient: Recipient,
        event_type: str,
        payload: Mapping[str, Any],
        context: EventContext,
        plain: bool,
    ) -> Outgoing:
        t = LocaleTranslator(self.core, recipient.locale)
        context = replace(context, in_group=recipient.in_group)
        rendered = self._render(t, event_type, payload, context, plain)
        delete_after = None
        if recipient.in_group and rendered.code and self.code_delete_seconds:
            delete_after = self.code_delete_seconds
        markup = rendered.markup
        return Outgoing(
            chat_id=recipient.chat_id,
            thread_id=recipient.thread_id,
            text=rendered.text,
            markup=markup.model_dump(mode="json", exclude_none=True) if markup else None,
            delete_after=delete_after,
        )

    @staticmethod
    def _render(
        t: LocaleTranslator,
        event_type: str,
        payload: Mapping[str, Any],
        context: EventContext,
        plain: bool,
    ) -> Rendered:
        if not plain:
            try:
                return render_event(t, wh.parse_event(dict(payload)), context)
            except pydantic.ValidationError:
                log.info("event body does not match its type; shown as is type=%s", event_type)
        return render_raw(t, event_type, payload.get("data"), context)

    async def _poke(
        self, session: AsyncSession, event_type: str, payload: Mapping[str, Any]
    ) -> None:
        poke = _POKES.get(event_type)
        target = _data(payload).get(poke[1]) if poke else None
        if poke is None or target is None:
            return
        try:
            await watches.WatchService(session).poke(poke[0], str(target))
        except Exception:  # a watch polls on its own anyway; the poke only makes it sooner
            log.exception("poke failed kind=%s", poke[0])
