"""A loopback Bot API that enforces Telegram's flood limits the way Telegram answers them
(and, being a FakeBotApi, serves getUpdates for a `python -m bot` under test).

Its own bookkeeping (independent of bot.events.limits): every sendMessage/deleteMessage is
checked on arrival against at most `per_chat` per second to one chat, `per_group` per minute to
one group (negative chat id) and `per_second` in total; over a limit it answers 429 with
`retry_after` and counts a violation. `script(chat_id, *answers)` makes the next requests to a
chat answer with given statuses first (429 with retry_after, 500, 403…), counted apart.
`accepted` records what arrived: (chat_id, text, thread id, arrival time).

    flood_bot_api.url            # TELEGRAM_API_URL for create_bot
    flood_bot_api.accepted       # list[Arrival]
    flood_bot_api.violations     # 429s the limits caused (a correct sender: 0)
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web

from bot.sandbox.server import serve_app
from tests.fakes.telegram import BOT_USER
from tests.fakes.telegram_fixture import FakeBotApi

LIMITED = frozenset({"sendMessage", "deleteMessage"})


@dataclass(frozen=True, slots=True)
class Arrival:
    chat_id: int
    text: str
    thread_id: int | None
    at: float
    method: str = "sendMessage"


@dataclass
class Scripted:
    status: int
    retry_after: int | None = None
    description: str = "scripted"


class FloodBotApi(FakeBotApi):
    """FakeBotApi (getUpdates, push_text…) with Telegram's flood limits on what the bot sends."""

    def __init__(self, *, per_second: int = 30, per_chat: int = 1, per_group: int = 20) -> None:
        super().__init__()
        self.per_second = per_second
        self.per_chat = per_chat  # per second
        self.per_group = per_group  # per minute
        self.accepted: list[Arrival] = []
        self.violations = 0
        self.scripted_answers = 0
        self.answer_delay = 0.0  # seconds before answering a limited call (a slow Telegram)
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = defaultdict(deque)
        self._groups: dict[int, deque[float]] = defaultdict(deque)
        self._scripts: dict[int, list[Scripted]] = defaultdict(list)
        self._ids = itertools.count(100_000)

    def script(self, chat_id: int, *answers: Scripted) -> None:
        self._scripts[chat_id].extend(answers)

    def texts(self, chat_id: int) -> list[str]:
        return [a.text for a in self.accepted if a.chat_id == chat_id and a.method == "sendMessage"]

    def _over(self, chat_id: int, now: float) -> int | None:
        """Seconds to wait when this arrival breaks a limit, else None."""
        windows = [(self._all, self.per_second, 1.0), (self._chats[chat_id], self.per_chat, 1.0)]
        if chat_id < 0:
            windows.append((self._groups[chat_id], self.per_group, 60.0))
        for seen, limit, period in windows:
            while seen and seen[0] <= now - period:
                seen.popleft()
            if len(seen) >= limit:
                return max(1, int(seen[0] + period - now + 0.999))
        for seen, _, _ in windows:
            seen.append(now)
        return None

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method not in LIMITED:
            return await super().handle(request)
        params: dict[str, Any] = dict(await request.post())
        self.calls.append((method, params))
        if self.answer_delay:
            await asyncio.sleep(self.answer_delay)
        chat_id = int(params["chat_id"])
        if self._scripts[chat_id]:
            self.scripted_answers += 1
            answer = self._scripts[chat_id].pop(0)
            return _error(answer.status, answer.description, answer.retry_after)
        now = time.monotonic()
        wait = self._over(chat_id, now)
        if wait is not None:
            self.violations += 1
            return _error(429, f"Too Many Requests: retry after {wait}", wait)
        thread = int(params["message_thread_id"]) if "message_thread_id" in params else None
        text = str(params.get("text", ""))
        self.accepted.append(Arrival(chat_id, text, thread, now, method))
        self.finished.append(method)
        if method == "deleteMessage":
            return _ok(True)
        return _ok(
            {
                "message_id": next(self._ids),
                "date": int(datetime.now(UTC).timestamp()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": BOT_USER,
                "text": text,
            }
        )


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


async def serve_flood_bot_api(api: FloodBotApi) -> web.AppRunner:
    """Serve `api` on a free loopback port (sets `api.url`); cleanup() the runner."""
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner, api.url = await serve_app(app)
    return runner


@pytest.fixture
async def flood_bot_api() -> AsyncIterator[FloodBotApi]:
    api = FloodBotApi()
    runner = await serve_flood_bot_api(api)
    try:
        yield api
    finally:
        await runner.cleanup()
