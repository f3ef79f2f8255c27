"""Notifications end to end in one process: the bot harness plus its web app (the event receiver)
on a loopback port and the events runtime (router, sender, reminders) driven step by step.

- `make_events(**settings_overrides)` → `EventsHarness` (`make_any_events`: on SQLite and on
  PostgreSQL); `events` is one with defaults. Settings: HTTP_PORT is the receiver's loopback
  port and PUBLIC_URL its root (as in the running bot), and the outbox rates are raised so
  tests don't wait on flood limits (tests of the limits override them).
- `await ev.connect(user_id, key)` connects a sandbox key through the real flow and points the
  sandbox's webhook for it at the receiver (as a person would paste it into piv.day).
- `await ev.settle()` routes everything in the inbox and sends everything due, then returns.
- `ev.sent_to(chat_id)` → the SendMessage calls the sender made to that chat (the runtime has a
  Bot of its own, `ev.outbox_session` records it; replies to updates stay in `ev.h.calls`).
- `await ev.group_command(text, chat_id, user_id, thread_id=0)` sends a command in a group
  (or forum topic) and returns the bot's answers; `ev.make_admin(chat_id, user_id)` makes
  getChatMember say administrator.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.methods import SendMessage
from aiohttp import web

from bot.app import EVENTS_DOORBELL_KEY, create_bot, create_web_app
from bot.db.repositories import KeyRepo
from bot.events.inbox import Inbox
from bot.events.runtime import EventsRuntime, build_events
from bot.i18n import create_core
from bot.sandbox.server import serve_app
from bot.services.notifications import TokenService, events_url
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, RecordingSession

FAST = {
    "outbox_per_second": 1000.0,
    "outbox_per_chat_per_second": 1000.0,
    "outbox_per_group_per_minute": 60000.0,
}


class EventsHarness:
    def __init__(
        self, h: BotHarness, runtime: EventsRuntime, root: str, outbox_session: RecordingSession
    ) -> None:
        self.h = h
        self.runtime = runtime
        self.root = root
        self.sandbox = h.sandbox
        self.outbox_session = outbox_session

    async def token(self, user_id: int) -> str:
        async with self.h.sessionmaker() as session:
            key = await KeyRepo(session, self.h.key_ring).active(user_id)
            assert key is not None, f"user {user_id} has no key"
            return await TokenService(session, self.h.key_ring).token(key)

    async def url(self, user_id: int) -> str:
        return events_url(self.root, await self.token(user_id))

    async def connect(self, user_id: int, api_key: str) -> None:
        await self.h.connect_key(user_id, api_key)
        self.sandbox.set_webhook(api_key, await self.url(user_id))

    async def settle(self, rounds: int = 20) -> None:
        for _ in range(rounds):
            while await self.runtime.router.run_once():
                pass
            await self.runtime.sender.drain()
            async with self.h.sessionmaker() as session:
                if not await Inbox(session).pending():
                    return
        raise AssertionError("events did not settle")

    def sent_to(self, chat_id: int) -> list[SendMessage]:
        calls = self.outbox_session.calls
        return [c for c in calls if isinstance(c, SendMessage) and int(c.chat_id) == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [c.text for c in self.sent_to(chat_id)]

    def make_admin(self, chat_id: int, user_id: int) -> None:
        self.h.session.member_status[(chat_id, user_id)] = "administrator"

    async def group_command(
        self, text: str, chat_id: int, user_id: int, *, thread_id: int = 0, title: str = "Team"
    ) -> list[SendMessage]:
        """The messages the bot answered with."""
        self.h.session.chat_types[chat_id] = "supergroup"
        message: dict[str, Any] = {
            "message_id": 1,
            "date": datetime.now(UTC),
            "chat": {"id": chat_id, "type": "supergroup", "title": title, "is_forum": True},
            "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        }
        if thread_id:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        calls = await self.h.feed({"message": message})
        return [c for c in calls if isinstance(c, SendMessage)]


EventsFactory = Callable[..., Awaitable[EventsHarness]]


@contextlib.asynccontextmanager
async def _events_factory(make_harness: HarnessFactory) -> AsyncIterator[EventsFactory]:
    runners: list[web.AppRunner] = []

    async def factory(**overrides: Any) -> EventsHarness:
        h = await make_harness(**{**FAST, "http_host": "127.0.0.1", **overrides})
        app = create_web_app(h.settings, h.dispatcher, h.bot, sessionmaker=h.sessionmaker)
        runner, root = await serve_app(app)  # a free port, taken at once (no race)
        runners.append(runner)
        # The bot's own HTTP server is this one: its port, and (unless a test says otherwise)
        # its public URL. The dispatcher holds this very Settings object.
        h.settings.http_port = int(root.rsplit(":", 1)[1])
        if "public_url" not in overrides:
            h.settings.public_url = root
        core = create_core(h.settings.default_locale)
        await core.startup()
        outbox_session = RecordingSession()
        runtime = build_events(
            h.settings,
            sessionmaker=h.sessionmaker,
            bot=create_bot(h.settings, session=outbox_session),
            core=core,
            key_ring=h.key_ring,
            pool=h.pool,
            inbox_bell=app[EVENTS_DOORBELL_KEY],
        )
        return EventsHarness(h, runtime, root, outbox_session)

    try:
        yield factory
    finally:
        for runner in runners:
            await runner.cleanup()


@pytest.fixture
async def make_events(make_harness: HarnessFactory) -> AsyncIterator[EventsFactory]:
    async with _events_factory(make_harness) as factory:
        yield factory


@pytest.fixture
async def make_any_events(make_any_harness: HarnessFactory) -> AsyncIterator[EventsFactory]:
    """make_events on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
    async with _events_factory(make_any_harness) as factory:
        yield factory


@pytest.fixture
async def events(make_events: EventsFactory) -> EventsHarness:
    return await make_events()
