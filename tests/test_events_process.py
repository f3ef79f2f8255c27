"""Nothing acknowledged is lost: `python -m bot` is SIGKILLed in the middle of a burst of events,
started again, and every event it answered 2xx reaches its chat; the only duplicates are the
messages that were on their way to Telegram at the kill (at most one per chat)."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.flood_bot_api import FloodBotApi, serve_flood_bot_api
from tests.fakes.process import bot_env, free_port, kill_on_failure, start_bot, stop
from tests.fakes.telegram_fixture import FakeBotApi

pytestmark = pytest.mark.timeout(150)

USERS = (501, 502)
EVENTS_PER_USER = 40
URL_RE = re.compile(r"http://127\.0\.0\.1:\d+/pivday/events/[A-Za-z0-9_-]+")
MARK_RE = re.compile(r"burst-(\d+)-(\d+)")


def _event(user: int, n: int) -> bytes:
    body = {"event_type": "burst.test", "timestamp": "2026-05-01T10:00:00Z", "data": {}}
    body["data"] = {"mark": f"burst-{user}-{n}"}
    return json.dumps(body).encode()


async def _post(http: aiohttp.ClientSession, url: str, body: bytes) -> bool:
    """True when the bot answered 2xx (acknowledged: piv.day won't send it again)."""
    try:
        async with http.post(url, data=body, timeout=aiohttp.ClientTimeout(total=5)) as r:
            return 200 <= r.status < 300
    except (aiohttp.ClientError, TimeoutError):
        return False


async def _up(http: aiohttp.ClientSession, port: int) -> None:
    """Until the restarted bot answers /healthz."""
    async with asyncio.timeout(30):
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)


async def _wait(predicate: Any, within: float, what: str) -> None:
    async with asyncio.timeout(within):
        while not predicate():  # noqa: ASYNC110 (the other side is another process)
            await asyncio.sleep(0.1)
    assert predicate(), what


async def test_sigkill_mid_burst_loses_no_acknowledged_event(tmp_path: Path, sandbox: Any) -> None:
    api = FloodBotApi(per_chat=20)
    api.answer_delay = 0.03  # messages are in flight for a moment, as with the real Telegram
    runner = await serve_flood_bot_api(api)
    port = free_port()
    env = bot_env(tmp_path, api, sandbox.url, port) | {
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "OUTBOX_PER_CHAT_PER_SECOND": "20",
        "REMINDER_DAYS": "",
    }
    proc = await start_bot(tmp_path, env)
    try:
        urls: dict[int, str] = {}
        for user in USERS:  # connect a key, then read the event URL off the Notifications screen
            api.push_text(f"/key {sandbox.create_key()}", user_id=user)
            await _wait(lambda u=user: any("connected" in t for t in api.texts(u)), 30, "key")
            api.push_text("/notifications", user_id=user)
            await _wait(lambda u=user: any(URL_RE.search(t) for t in api.texts(u)), 30, "url")
            urls[user] = next(m.group() for t in api.texts(user) if (m := URL_RE.search(t)))

        # The replies above were sent by handlers, outside the outbox's windows: let them age
        # out of the fake's per-chat window before the burst, which is what is measured.
        await asyncio.sleep(1.1)
        acked: set[tuple[int, int]] = set()
        pending = [(u, n) for n in range(EVENTS_PER_USER) for u in USERS]
        async with aiohttp.ClientSession() as http:

            async def burst() -> None:
                for user, n in list(pending):
                    if await _post(http, urls[user], _event(user, n)):
                        acked.add((user, n))
                        pending.remove((user, n))

            sending = asyncio.create_task(burst())
            await _wait(lambda: len(acked) >= 30, 30, "a third of the burst acknowledged")
            await _wait(lambda: len(api.accepted) > 4, 30, "messages on their way")
            proc.kill()  # SIGKILL: no shutdown, leases left behind
            await proc.wait()
            await sending
            assert pending, "the kill should have refused part of the burst"
            proc = await start_bot(tmp_path, env)  # same database, same key ring
            await _up(http, port)
            await burst()  # piv.day retries what was not acknowledged
        assert not pending and len(acked) == len(USERS) * EVENTS_PER_USER

        def delivered() -> Counter[tuple[int, int]]:
            marks = (MARK_RE.search(a.text) for a in api.accepted)
            return Counter((int(m.group(1)), int(m.group(2))) for m in marks if m)

        await _wait(lambda: set(delivered()) >= acked, 90, "every acknowledged event arrived")
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
        await runner.cleanup()
    assert rc == 0, stderr
    counts = delivered()
    duplicates = sum(c - 1 for c in counts.values())
    assert duplicates <= len(USERS), counts  # only what was in flight at the kill
    assert api.violations == 0
    for user in USERS:  # each chat got its events in the order they were acknowledged
        order = [int(m.group(2)) for t in api.texts(user) if (m := MARK_RE.search(t))]
        first_seen = list(dict.fromkeys(order))
        assert first_seen == sorted(first_seen), order


async def test_in_make_sandbox_events_reach_the_bot_without_a_public_url(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    """`python -m bot sandbox-bot`: the in-process sandbox's webhooks land on the bot's own
    loopback server; an SMS to a play-money number shows up in the chat with its code."""
    port = free_port()
    env = bot_env(tmp_path, fake_bot_api, "http://127.0.0.1:9/unused", port)
    del env["DATABASE_URL"]  # the sandbox picks its own database
    proc = await start_bot(tmp_path, env, "sandbox-bot")
    try:
        assert proc.stdout is not None
        api_url = demo_key = ""
        async with asyncio.timeout(30):
            while not demo_key:
                line = (await proc.stdout.readline()).decode()
                assert line, "sandbox-bot exited early"
                if line.startswith("Sandbox piv.day"):
                    api_url = line.split(" on ")[1].split()[0]
                if line.startswith("Demo API key:"):
                    demo_key = line.split()[3]
        fake_bot_api.push_text(f"/key {demo_key}")
        await fake_bot_api.wait_for(lambda: "sendMessage" in fake_bot_api.methods(), 30)
        root = api_url.removesuffix("/api/v1")
        async with aiohttp.ClientSession() as http:
            headers = {"Authorization": f"Bearer {demo_key}"}
            body = {"country_code": "SE", "duration_months": 1, "auto_renew": False}
            async with http.post(f"{api_url}/numbers/purchase", json=body, headers=headers) as r:
                assert r.status == 200, await r.text()
                piv_num_id = (await r.json())["numbers"][0]["piv_num_id"]
            sms = {"piv_num_id": piv_num_id, "from_number": "Svc", "text": "Your code is 246810"}
            async with asyncio.timeout(30):  # until the bot has pointed the key's webhook at itself
                while True:
                    async with http.post(f"{root}/_sandbox/sms", json=sms) as r:
                        delivery = (await r.json())["data"]["delivery"]
                    if delivery["status"] == "delivered":
                        break
                    await asyncio.sleep(0.5)
        assert delivery["url"].startswith(f"http://127.0.0.1:{port}/pivday/events/")

        def texts() -> list[str]:
            return [p["text"] for m, p in fake_bot_api.calls if m == "sendMessage"]

        await fake_bot_api.wait_for(lambda: any("<code>246810</code>" in t for t in texts()), 30)
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
    assert rc == 0, stderr
    assert demo_key not in stderr
