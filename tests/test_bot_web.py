"""The built-in aiohttp app: /healthz and the Telegram webhook route (real loopback HTTP)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram.methods import SendMessage
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.app import HEALTH_PATH, WEBHOOK_SECRET_KEY, create_web_app
from bot.db.engine import create_engine, create_sessionmaker
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def _get(url: object) -> tuple[int, dict[str, object]]:
    async with ClientSession() as http, http.get(str(url)) as response:
        return response.status, await response.json()


async def test_healthz_ok(harness: BotHarness) -> None:
    app = create_web_app(
        harness.settings, harness.dispatcher, harness.bot, sessionmaker=harness.sessionmaker
    )
    async with TestServer(app, host="127.0.0.1") as server:
        status, body = await _get(server.make_url(HEALTH_PATH))
    assert (status, body) == (200, {"ok": True})


async def test_healthz_503_when_the_database_is_down(harness: BotHarness, tmp_path: Path) -> None:
    # A directory is not a database file: every connection attempt fails.
    broken = create_engine(f"sqlite+aiosqlite:///{tmp_path}")
    app = create_web_app(
        harness.settings, harness.dispatcher, harness.bot, sessionmaker=create_sessionmaker(broken)
    )
    try:
        async with TestServer(app, host="127.0.0.1") as server:
            status, body = await _get(server.make_url(HEALTH_PATH))
        assert status == 503 and body["ok"] is False
    finally:
        await broken.dispose()


def _start_update(update_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 77, "type": "private"},
            "from": {"id": 77, "is_bot": False, "first_name": "W", "language_code": "en"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_checks_the_secret_token(make_harness: HarnessFactory) -> None:
    h = await make_harness(telegram_webhook=True, public_url="https://bot.example.com")
    app = create_web_app(h.settings, h.dispatcher, h.bot, sessionmaker=h.sessionmaker)
    secret = app[WEBHOOK_SECRET_KEY]
    assert len(secret) >= 32
    path = h.settings.telegram_webhook_path
    async with TestServer(app, host="127.0.0.1") as server, ClientSession() as http:
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: secret[:-1]}):
            async with http.post(
                server.make_url(path), json=_start_update(1), headers=headers
            ) as response:
                assert response.status == 401
        assert h.calls == []  # nothing was handled
        async with http.post(
            server.make_url(path), json=_start_update(2), headers={SECRET_HEADER: secret}
        ) as response:
            assert response.status == 200
        for _ in range(100):  # handled in the background, after the 200
            if h.calls:
                break
            await asyncio.sleep(0.02)
    sent = [c for c in h.calls if isinstance(c, SendMessage)]
    assert len(sent) == 1 and sent[0].chat_id == 77
    assert "piv.day assistant" in sent[0].text


async def test_each_web_app_gets_its_own_secret(make_harness: HarnessFactory) -> None:
    h = await make_harness(telegram_webhook=True, public_url="https://bot.example.com")
    first = create_web_app(h.settings, h.dispatcher, h.bot, sessionmaker=h.sessionmaker)
    second = create_web_app(h.settings, h.dispatcher, h.bot, sessionmaker=h.sessionmaker)
    assert first[WEBHOOK_SECRET_KEY] != second[WEBHOOK_SECRET_KEY]


async def test_polling_mode_has_no_webhook_route(harness: BotHarness) -> None:
    app = create_web_app(
        harness.settings, harness.dispatcher, harness.bot, sessionmaker=harness.sessionmaker
    )
    async with TestServer(app, host="127.0.0.1") as server, ClientSession() as http:
        url = server.make_url(harness.settings.telegram_webhook_path)
        async with http.post(url, json=_start_update(1)) as response:
            assert response.status == 404
