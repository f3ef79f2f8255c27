"""The background side of notifications, built once per process by the runner (and by tests):
the router (inbox → outbox), the sender (outbox → Telegram), the expiry reminders and, in
sandbox mode, the linker that points the sandbox's webhooks at this bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.crypto import KeyRing
from bot.events.details import NumberLookup
from bot.events.inbox import Doorbell
from bot.events.limits import FloodLimiter
from bot.events.notices import chat_gone
from bot.events.reminders import ReminderScheduler
from bot.events.routing import EventRouter
from bot.events.sandbox import SandboxLinker
from bot.events.sender import OutboxSender
from bot.pivday import ClientPool


@dataclass(frozen=True, slots=True)
class EventsRuntime:
    router: EventRouter
    sender: OutboxSender
    reminders: ReminderScheduler
    linker: SandboxLinker | None
    inbox_bell: Doorbell  # rung by the receiver (and the reminders): events to route
    outbox_bell: Doorbell  # rung by the router: messages to send


def build_events(
    settings: Settings,
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    bot: Bot,
    core: BaseCore[Any],
    key_ring: KeyRing,
    pool: ClientPool,
    inbox_bell: Doorbell,
) -> EventsRuntime:
    """`core` must be loaded (startup() done): messages are rendered outside updates."""
    outbox_bell = Doorbell()

    async def on_chat_gone(chat_id: int, reason: str) -> None:
        async with sessionmaker() as session:
            await chat_gone(session, chat_id, core, reason)
        outbox_bell.ring()

    limiter = FloodLimiter(
        per_second=settings.outbox_per_second,
        per_chat_per_second=settings.outbox_per_chat_per_second,
        per_group_per_minute=settings.outbox_per_group_per_minute,
    )
    return EventsRuntime(
        router=EventRouter(
            sessionmaker,
            core=core,
            lookup=NumberLookup(sessionmaker, key_ring, pool),
            outbox_bell=outbox_bell,
            sandbox=settings.sandbox_mode,
            code_delete_minutes=settings.group_code_delete_minutes,
            keep=timedelta(hours=settings.events_keep_hours),
        ),
        sender=OutboxSender(sessionmaker, bot, limiter, on_chat_gone=on_chat_gone),
        reminders=ReminderScheduler(
            sessionmaker, key_ring, pool, days=settings.reminder_days, doorbell=inbox_bell
        ),
        linker=SandboxLinker(settings, sessionmaker, key_ring) if settings.sandbox_mode else None,
        inbox_bell=inbox_bell,
        outbox_bell=outbox_bell,
    )
