"""`python -m bot` for real: a loopback Bot API server, the sandbox, SQLite; SIGTERM → exit 0."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession

from tests.fakes.process import bot_env, free_port, healthz, kill_on_failure, start_bot, stop
from tests.fakes.telegram_fixture import FakeBotApi

pytestmark = pytest.mark.timeout(60)


async def test_polling_bot_answers_then_drains_on_sigterm(
    tmp_path: Path, fake_bot_api: FakeBotApi, sandbox: Any
) -> None:
    port = free_port()
    proc = await start_bot(tmp_path, bot_env(tmp_path, fake_bot_api, sandbox.url, port))
    try:
        fake_bot_api.delay["sendMessage"] = 1.5  # the answer is in flight when SIGTERM lands
        fake_bot_api.push_text("/start", language_code="ru")
        await fake_bot_api.wait_for(lambda: "sendMessage" in fake_bot_api.methods(), 30)
        assert await healthz(port) == 200
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
    assert rc == 0, stderr
    assert "sendMessage" in fake_bot_api.finished  # the in-flight update was finished, not cut
    (text,) = [p["text"] for m, p in fake_bot_api.calls if m == "sendMessage"]
    assert "помощник piv.day" in text
    # Commands were registered per language for private chats and for groups.
    commands = [p for m, p in fake_bot_api.calls if m == "setMyCommands"]
    assert {(p.get("language_code"), '"all_private_chats"' in p["scope"]) for p in commands} >= {
        ("en", True),
        ("ru", True),
        ("en", False),
        ("ru", False),
    }
    described = [json.loads(p["commands"]) for p in commands]
    assert {"command": "start", "description": "Главное меню"} in [c for d in described for c in d]
    # Logs: one key=value line per event, the update id attached, no traceback.
    lines = stderr.splitlines()
    assert lines and all(line.startswith("ts=") for line in lines), stderr
    assert any("update_id=1" in line for line in lines), stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "data" / "bot.db").exists()  # migrated on start


async def test_sandbox_bot_says_the_money_is_not_real(
    tmp_path: Path, fake_bot_api: FakeBotApi, sandbox: Any
) -> None:
    port = free_port()
    env = bot_env(tmp_path, fake_bot_api, "http://127.0.0.1:9/unused", port)
    del env["DATABASE_URL"]  # the sandbox picks its own database then
    proc = await start_bot(tmp_path, env, "sandbox-bot")
    try:
        assert proc.stdout is not None
        demo_key = ""
        async with asyncio.timeout(30):
            while not demo_key:
                line = (await proc.stdout.readline()).decode()
                assert line, "sandbox-bot exited early"
                if line.startswith("Demo API key:"):
                    demo_key = line.split()[3]
        fake_bot_api.push_text(f"/key {demo_key}")
        await fake_bot_api.wait_for(lambda: fake_bot_api.methods().count("sendMessage") >= 1, 30)
        fake_bot_api.push_text("/start")
        await fake_bot_api.wait_for(lambda: fake_bot_api.methods().count("sendMessage") >= 2, 30)
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
    assert rc == 0, stderr
    texts = [p["text"] for m, p in fake_bot_api.calls if m == "sendMessage"]
    assert "Key connected" in texts[0]
    assert "Sandbox mode" in texts[1] and "$1,000.00" in texts[1]
    assert "deleteMessage" in fake_bot_api.methods()
    assert demo_key not in stderr
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert not (tmp_path / "data" / "pivbot.db").exists()


async def test_webhook_mode_registers_a_secret_and_checks_it(
    tmp_path: Path, fake_bot_api: FakeBotApi, sandbox: Any
) -> None:
    port = free_port()
    env = bot_env(tmp_path, fake_bot_api, sandbox.url, port)
    env |= {"TELEGRAM_WEBHOOK": "1", "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    proc = await start_bot(tmp_path, env)
    try:
        await fake_bot_api.wait_for(lambda: "setWebhook" in fake_bot_api.methods(), 30)
        (params,) = [p for m, p in fake_bot_api.calls if m == "setWebhook"]
        assert params["url"] == f"http://127.0.0.1:{port}/telegram/webhook"
        secret = params["secret_token"]
        fake_bot_api.push_text("/help")  # queued for polling, which webhook mode must not do
        update = fake_bot_api.pending[-1]
        url = params["url"]
        async with ClientSession() as http:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "not-it"}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 401
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
        await fake_bot_api.wait_for(lambda: "sendMessage" in fake_bot_api.methods(), 30)
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
    assert rc == 0, stderr
    assert "getUpdates" not in fake_bot_api.methods()
    assert fake_bot_api.methods().count("sendMessage") == 1
    assert secret not in stderr
