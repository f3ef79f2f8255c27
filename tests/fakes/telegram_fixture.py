"""Telegram side of dispatcher-level tests: a bot harness on the recording Bot session
(`tests.fakes.telegram.RecordingSession`, re-exported here with BOT_TOKEN and Call).

- `harness` (async fixture): the production pipeline (`bot.app.create_dispatcher`) on a fresh
  migrated SQLite DB, a fresh key ring and the `sandbox` piv.day over loopback HTTP; dispatcher
  startup has run (locales loaded). Yields a `BotHarness`:

      calls = await h.send("/start", user_id=1, language_code="ru")
      calls = await h.tap("🔑 Keys")                  # the button with that exact text…
      calls = await h.tap(re.compile("^🇸🇪"), user_id=2)  # …or matching a pattern
      confirm = h.button("✅ Confirm · $12.00")        # keep a button to tap later / many times
      h.last_text(), h.last_buttons(), h.calls, h.sandbox, h.sessionmaker, h.settings, h.engine
      await h.connect_key(user_id, api_key)   # through /key + paste, the real flow

  `send`/`tap` feed real `Update` objects with `dispatcher.feed_update` and return the calls
  made while handling that update (attributed per update, so 20 concurrent taps are fine).
  A tap lands on the message the bot last sent or edited in that chat, as the user sees it.
  `press(data)` sends raw callback data: only for tests that forge or replay stale data.
- `documents_of(calls)` / `document_bytes(call)`: the files the bot uploaded (name, bytes).
- `make_harness(**settings_overrides)`: the same with Settings overrides (e.g. allowed_users).
- `fake_bot_api`: a loopback Bot API server for tests that run `python -m bot` for real.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Update
from aiohttp import web
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import create_bot, create_dispatcher
from bot.config import Settings
from bot.crypto import KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.features import Feature
from bot.pivday import ClientPool
from bot.sandbox.server import serve_app
from tests.fakes.telegram import BOT_TOKEN as BOT_TOKEN  # re-exported for process tests
from tests.fakes.telegram import (
    BOT_USER,
    Call,
    RecordingSession,
    callback_payload,
    chat_payload,
    harness_settings,
    message_payload,
    recorded_calls,
    user_payload,
)


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button as the user sees it, on the message it belongs to."""

    text: str
    data: str | None
    chat_id: int
    message_id: int


def message_id_of(call: Call) -> int | None:
    return getattr(call, "message_id", None)


def text_of(call: Call) -> str | None:
    return cast(str | None, getattr(call, "text", None))


def call_json(call: Call) -> str:
    """Everything a call sends to Telegram, as JSON (for "never contains X" checks)."""
    return call.model_dump_json(fallback=repr)


def documents_of(calls: list[Call]) -> list[SendDocument]:
    """The documents among `calls` (`.document` is the uploaded BufferedInputFile)."""
    return [c for c in calls if isinstance(c, SendDocument)]


def document_bytes(call: SendDocument) -> tuple[str, bytes]:
    """File name and content of a document the bot uploaded."""
    upload = call.document
    assert isinstance(upload, BufferedInputFile), f"not an upload: {upload!r}"
    return upload.filename or "", upload.data


def alerts(calls: list[Call]) -> list[str]:
    """Texts of the pop-up alerts among `calls` (callback answers with show_alert)."""
    return [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery) and c.show_alert]


def buttons_of(call: Call) -> list[tuple[str, str | None]]:
    markup = getattr(call, "reply_markup", None)
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


class BotHarness:
    def __init__(
        self,
        *,
        settings: Settings,
        bot: Bot,
        session: RecordingSession,
        dispatcher: Dispatcher,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker[AsyncSession],
        pool: ClientPool,
        key_ring: KeyRing,
        sandbox: Any,
    ) -> None:
        self.settings = settings
        self.bot = bot
        self.session = session
        self.dispatcher = dispatcher
        self.engine = engine
        self.sessionmaker = sessionmaker
        self.pool = pool
        self.key_ring = key_ring
        self.sandbox = sandbox
        self._update_ids = itertools.count(1)
        self._user_message_ids = itertools.count(1)
        # A replica (see `_harness_factory`) feeds the shared dispatcher its own dependencies.
        self.workflow: dict[str, Any] = {}

    @property
    def calls(self) -> list[Call]:
        return self.session.calls

    async def feed(self, payload: dict[str, Any]) -> list[Call]:
        """Any update (`{"edited_message": {...}}`…); update_id is filled in."""
        payload["update_id"] = next(self._update_ids)
        update = Update.model_validate(payload, context={"bot": self.bot})
        with recorded_calls() as calls:
            await self.dispatcher.feed_update(self.bot, update, **self.workflow)
        return calls

    def _chat(self, chat_id: int, chat_type: str | None) -> dict[str, Any]:
        """The chat of an update; its type is remembered once given (negative ids: a group)."""
        known = self.session.chat_types.get(chat_id) or ("private" if chat_id > 0 else "group")
        chat_type = self.session.chat_types[chat_id] = chat_type or known
        return chat_payload(chat_id, chat_type)

    async def send(
        self,
        text: str,
        user_id: int = 1,
        chat_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "en",
    ) -> list[Call]:
        """A user's text message (commands get a bot_command entity, as Telegram sends)."""
        chat_id = chat_id if chat_id is not None else user_id
        payload = message_payload(
            text,
            message_id=next(self._user_message_ids),
            user=user_payload(user_id, language_code),
            chat=self._chat(chat_id, chat_type),
        )
        return await self.feed(payload)

    async def tap(
        self,
        label: str | re.Pattern[str] | Button,
        user_id: int = 1,
        chat_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "en",
    ) -> list[Call]:
        """`user_id` taps a button on the message the chat shows last: the one whose text is
        `label`, or matches it (a pattern, `re.search`), or a `Button` kept from earlier (the
        copy of a message another device still shows). Fails, listing the buttons there,
        unless exactly one matches."""
        button = (
            label if isinstance(label, Button) else self.button(label, user_id, chat_id=chat_id)
        )
        if button.data is None:
            raise AssertionError(f"{button.text!r} is not a callback button")
        return await self.press(
            button.data,
            user_id,
            chat_id=button.chat_id,
            message_id=button.message_id,
            chat_type=chat_type,
            language_code=language_code,
        )

    async def press(
        self,
        data: str,
        user_id: int = 1,
        chat_id: int | None = None,
        message_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "en",
    ) -> list[Call]:
        """A callback query with raw `data`, as a client could forge it, on the message the
        chat shows last (or `message_id`). Tests of forged or stale data only: everyone else
        `tap`s what is on screen."""
        chat_id = chat_id if chat_id is not None else user_id
        shown = self.session.shown.get(chat_id)
        if message_id is None:
            message_id = shown.message_id if shown else next(self._user_message_ids)
        on_screen = shown is not None and shown.message_id == message_id
        payload = callback_payload(
            data,
            query_id=f"cq{next(self._update_ids)}",
            user=user_payload(user_id, language_code),
            chat=self._chat(chat_id, chat_type),
            message_id=message_id,
            message_text=(shown.text if shown and on_screen else None) or "…",
        )
        return await self.feed(payload)

    # -- what the user sees -------------------------------------------------------------------

    def _screen_calls(self, chat_id: int | None) -> list[Call]:
        return [
            c
            for c in self.calls
            if isinstance(c, SendMessage | EditMessageText)
            and (chat_id is None or int(c.chat_id or 0) == chat_id)
        ]

    def last_text(self, chat_id: int | None = None) -> str | None:
        """The text of the last message the bot sent or edited (in `chat_id`, if given)."""
        screens = self._screen_calls(chat_id)
        return text_of(screens[-1]) if screens else None

    def last_buttons(self, chat_id: int | None = None) -> list[tuple[str, str | None]]:
        """Inline buttons (text, callback_data) of the last message sent or edited."""
        screens = self._screen_calls(chat_id)
        return buttons_of(screens[-1]) if screens else []

    def labels(self, chat_id: int | None = None) -> list[str]:
        """Texts of the last screen's buttons, as the user reads them."""
        return [text for text, _ in self.last_buttons(chat_id)]

    def last_message_id(self, chat_id: int) -> int | None:
        """Id of the message the chat shows last (what a tap lands on)."""
        shown = self.session.shown.get(chat_id)
        return shown.message_id if shown else None

    def button(
        self, label: str | re.Pattern[str], user_id: int = 1, *, chat_id: int | None = None
    ) -> Button:
        """The one button whose text is `label` (or matches the pattern) on the message the
        chat (`user_id`'s private chat by default) shows last."""
        chat_id = chat_id if chat_id is not None else user_id
        shown = self.session.shown.get(chat_id)
        buttons: list[Button] = []
        if shown is not None and shown.markup is not None:
            buttons = [
                Button(b.text, b.callback_data, chat_id, shown.message_id)
                for row in shown.markup.inline_keyboard
                for b in row
            ]
        found = [
            b
            for b in buttons
            if (label.search(b.text) if isinstance(label, re.Pattern) else b.text == label)
        ]
        if len(found) != 1:
            wanted = f"/{label.pattern}/" if isinstance(label, re.Pattern) else repr(label)
            count = f"{len(found)} buttons" if found else "no button"
            raise AssertionError(
                f"{count} {wanted} on the last message in chat {chat_id}"
                f"; it shows {[b.text for b in buttons]}"
            )
        return found[0]

    def answers(self, calls: list[Call] | None = None) -> list[AnswerCallbackQuery]:
        return [
            c
            for c in (calls if calls is not None else self.calls)
            if isinstance(c, AnswerCallbackQuery)
        ]

    async def connect_key(self, user_id: int, api_key: str) -> list[Call]:
        """Connect `api_key` for `user_id` through the real flow (/key, then paste)."""
        calls = await self.send("/key", user_id=user_id)
        calls += await self.send(api_key, user_id=user_id)
        return calls


HarnessFactory = Callable[..., Awaitable[BotHarness]]


@contextlib.asynccontextmanager
async def _harness_factory(
    tmp_path: Path, db_url: str, engine: AsyncEngine, sandbox: Any
) -> AsyncIterator[HarnessFactory]:
    """Builds bot instances on one database.

    `replica_of=h` builds a second instance of `h`'s bot: its own DB engine (connection pool),
    piv.day client pool and Bot session, as another process behind a load balancer would have.
    Feature routers are module-level (one dispatcher per process), so the replica feeds `h`'s
    dispatcher object with its own dependencies instead of building a dispatcher of its own.
    """
    built: list[tuple[Dispatcher, BotHarness]] = []
    replicas: list[BotHarness] = []
    engines: list[AsyncEngine] = []

    async def factory(
        *,
        replica_of: BotHarness | None = None,
        features: Sequence[Feature] | None = None,
        **overrides: Any,
    ) -> BotHarness:
        settings = (
            replica_of.settings
            if replica_of
            else harness_settings(tmp_path, db_url, sandbox.url, **overrides)
        )
        ring = KeyRing.from_settings(settings)
        pool = ClientPool(settings.pivday_api_url, max_retries=0)
        own_engine = engine
        if replica_of is not None:
            own_engine = create_engine(db_url)
            engines.append(own_engine)
        sessionmaker = create_sessionmaker(own_engine)
        session = RecordingSession()
        bot = create_bot(settings, session=session)
        if replica_of is not None:
            dispatcher = replica_of.dispatcher
        else:
            dispatcher = create_dispatcher(
                settings,
                sessionmaker=sessionmaker,
                pivday_pool=pool,
                key_ring=ring,
                features=features,
            )
            await dispatcher.emit_startup(
                dispatcher=dispatcher, bot=bot, bots=[bot], **dispatcher.workflow_data
            )
        h = BotHarness(
            settings=settings,
            bot=bot,
            session=session,
            dispatcher=dispatcher,
            engine=own_engine,
            sessionmaker=sessionmaker,
            pool=pool,
            key_ring=ring,
            sandbox=sandbox,
        )
        if replica_of is not None:
            h.workflow = {"sessionmaker": sessionmaker, "pivday_pool": pool, "key_ring": ring}
            replicas.append(h)
        else:
            built.append((dispatcher, h))
        return h

    try:
        yield factory
    finally:
        for dispatcher, h in built:
            await dispatcher.emit_shutdown(
                dispatcher=dispatcher, bot=h.bot, bots=[h.bot], **dispatcher.workflow_data
            )
            await dispatcher.storage.close()
            await h.pool.aclose()
        for h in replicas:
            await h.pool.aclose()
        for eng in engines:
            await eng.dispose()


@pytest.fixture
async def make_harness(
    tmp_path: Path, db_url: str, engine: AsyncEngine, sandbox: Any
) -> AsyncIterator[HarnessFactory]:
    assert make_url(db_url).database  # `engine` has copied a migrated DB there
    async with _harness_factory(tmp_path, db_url, engine, sandbox) as factory:
        yield factory


@pytest.fixture
async def make_any_harness(
    tmp_path: Path, any_db_url: str, any_engine: AsyncEngine, sandbox: Any
) -> AsyncIterator[HarnessFactory]:
    """make_harness on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
    async with _harness_factory(tmp_path, any_db_url, any_engine, sandbox) as factory:
        yield factory


@pytest.fixture
async def harness(make_harness: HarnessFactory) -> BotHarness:
    return await make_harness()


class FakeBotApi:
    """A loopback Telegram Bot API server for process-level tests (`TELEGRAM_API_URL`).

    Serves `/bot<token>/<method>`: getUpdates hands out what `push()` queued, sendMessage
    answers with a Message, everything else with `true`. `calls` records (method, params);
    `delay[method]` holds the answer back that many seconds (to catch work in flight);
    `finished` lists methods whose answer was actually sent.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.finished: list[str] = []
        self.delay: dict[str, float] = {}
        self.url = ""
        self._updates: list[dict[str, Any]] = []
        self._new_update = asyncio.Event()
        self._message_ids = itertools.count(5000)
        self._update_ids = itertools.count(1)

    def push_text(self, text: str, user_id: int = 1, language_code: str = "en") -> None:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user_id, "type": "private"},
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": "P",
                "language_code": language_code,
            },
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        self._updates.append({"update_id": next(self._update_ids), "message": message})
        self._new_update.set()

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates pushed so far (also what a test POSTs to a webhook)."""
        return self._updates

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(await request.post()) if request.can_read_body else {}
        self.calls.append((method, params))
        if method == "getUpdates":
            return _ok(await self._get_updates(int(params.get("offset", 0) or 0)))
        await asyncio.sleep(self.delay.get(method, 0))
        result: Any = True
        if method == "getMe":
            result = BOT_USER
        elif method == "sendMessage":
            result = {
                "message_id": next(self._message_ids),
                "date": int(datetime.now(UTC).timestamp()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        self.finished.append(method)
        return _ok(result)

    async def _get_updates(self, offset: int) -> list[dict[str, Any]]:
        pending = [u for u in self._updates if u["update_id"] >= offset]
        if not pending:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), 0.5)
            pending = [u for u in self._updates if u["update_id"] >= offset]
        return pending

    async def wait_for(self, predicate: Callable[[], bool], within: float = 15) -> None:
        """Poll until `predicate()` holds (the other side is another process)."""
        async with asyncio.timeout(within):
            while not predicate():  # noqa: ASYNC110
                await asyncio.sleep(0.05)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner, api.url = await serve_app(app)
    try:
        yield api
    finally:
        await runner.cleanup()
