"""Webhooks as piv.day sends them, the control API, fault injection and the rate limit."""

from __future__ import annotations

import time
from decimal import Decimal

import httpx
import pytest

from bot.sandbox import Sandbox
from bot.sandbox.server import start_server
from tests.fakes.sandbox_fixture import BUY_SE, RunningSandbox, WebhookReceiver, error_code


async def test_webhook_post_shape_headers_and_log(
    sandbox: RunningSandbox, sandbox_key: str, webhook_receiver: WebhookReceiver
) -> None:
    sandbox.set_webhook(sandbox_key, webhook_receiver.url)
    number = sandbox.add_number(sandbox_key, "SE")
    delivery = await sandbox.deliver_sms(number.piv_num_id, "+15550001", "code 778899")
    ((headers, body),) = webhook_receiver.received
    assert headers["User-Agent"] == "piv.day-webhook/1.0"
    assert headers["Content-Type"] == "application/json"
    assert body == {
        "event_type": "sms.received",
        "timestamp": "2026-05-01T10:00:00Z",
        "data": {
            "piv_num_id": number.piv_num_id,
            "text": "code 778899",
            "code": "778899",
            "country": "SE",
            "received_at": "2026-05-01T10:00:00Z",
        },
    }
    assert delivery.status == "delivered" and sandbox.webhook_log == [delivery]


async def test_webhook_retries_at_1_2_4_seconds_then_gives_up(
    sandbox: RunningSandbox, sandbox_key: str, webhook_receiver: WebhookReceiver
) -> None:
    sandbox.set_webhook(sandbox_key, webhook_receiver.url)
    number = sandbox.add_number(sandbox_key, "SE")
    webhook_receiver.fail_next(2, 503)
    recovered = await sandbox.deliver_sms(number.piv_num_id, "+1", "first")
    assert recovered.status == "delivered"
    assert [a.status for a in recovered.attempts] == [503, 503, 200]
    assert sandbox.clock.sleeps == [1.0, 2.0]

    webhook_receiver.fail_next(4, 500)
    lost = await sandbox.deliver_sms(number.piv_num_id, "+1", "second")
    assert lost.status == "failed" and len(lost.attempts) == 4
    assert sandbox.clock.sleeps[2:] == [1.0, 2.0, 4.0]
    assert len(webhook_receiver.received) == 7


async def test_webhook_timeout_counts_as_a_failed_attempt(
    sandbox: RunningSandbox,
    sandbox_key: str,
    webhook_receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.sandbox.webhooks.TIMEOUT_SECONDS", 0.1)  # piv.day waits 5 s
    sandbox.set_webhook(sandbox_key, webhook_receiver.url)
    webhook_receiver.delay = 0.5
    delivery = await sandbox.deliver_sms(sandbox.add_number(sandbox_key).piv_num_id, "+1", "x")
    assert delivery.status == "failed"
    assert [a.error for a in delivery.attempts] == ["TimeoutError"] * 4


async def test_webhook_to_a_dead_url_fails_without_breaking_the_api(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    sandbox.set_webhook(sandbox_key, "http://127.0.0.1:9/nothing")
    number = sandbox.add_number(sandbox_key, "SE")
    delivery = await sandbox.deliver_sms(number.piv_num_id, "+1", "x")
    assert delivery.status == "failed"
    assert all(a.status is None and a.error for a in delivery.attempts)


async def test_events_reach_only_their_keys_url(
    sandbox: RunningSandbox, webhook_receiver: WebhookReceiver
) -> None:
    mine, other = sandbox.create_key(), sandbox.create_key()
    sandbox.set_webhook(mine, webhook_receiver.url)
    await sandbox.deliver_sms(sandbox.add_number(other).piv_num_id, "+1", "not for me")
    await sandbox.deliver_sms(sandbox.add_number(mine).piv_num_id, "+1", "for me")
    assert [b["data"]["text"] for _, b in webhook_receiver.received] == ["for me"]
    assert [d.status for d in sandbox.webhook_log] == ["skipped", "delivered"]


async def test_control_api_drives_the_sandbox(
    sandbox: RunningSandbox, webhook_receiver: WebhookReceiver
) -> None:
    async with httpx.AsyncClient(base_url=sandbox.root_url + "/_sandbox") as control:
        created = (await control.post("/keys", json={"balance": "12.34"})).json()["data"]
        key = created["key"]
        assert sandbox.balance(key) == Decimal("12.34")
        assert (
            await control.post("/webhook", json={"key": key, "url": webhook_receiver.url})
        ).status_code == 200
        async with sandbox.client(key) as api:
            bought = (await api.post("/numbers/purchase", json=BUY_SE)).json()
            num_id = bought["numbers"][0]["piv_num_id"]
            sms = await control.post(
                "/sms", json={"piv_num_id": num_id, "from_number": "+1", "text": "code 1234"}
            )
            assert sms.json()["data"]["delivery"]["status"] == "delivered"
            moved = (await control.post("/advance", json={"seconds": 31 * 86400})).json()["data"]
            assert moved["now"] == "2026-06-01T10:00:00Z"
            assert (await api.get(f"/numbers/{num_id}")).json()["data"]["status"] == "expired"
            await control.post(
                "/fail-next",
                json={"key": key, "method": "GET", "path": "/account", "code": "PERMISSION_DENIED"},
            )
            denied = await api.get("/account")
            assert denied.status_code == 403 and error_code(denied) == "PERMISSION_DENIED"
            assert (await api.get("/account")).status_code == 200
            await control.post("/balance", json={"key": key, "amount": "0.10"})
            await control.post("/stock", json={"country_code": "SE", "stock": 0})
            empty = await api.post("/numbers/purchase", json=BUY_SE)
            assert error_code(empty) == "NO_NUMBERS_AVAILABLE"
        log = (await control.get("/webhooks")).json()["data"]["deliveries"]
        bad = await control.post("/keys", json={"scopes": ["root"]})
        bad_fault = await control.post(
            "/fail-next", json={"method": "GET", "path": "/account", "code": "NOPE"}
        )
    assert [d["event_type"] for d in log] == ["sms.received"]
    assert webhook_receiver.event_types == ["sms.received"]
    assert error_code(bad) == "VALIDATION_ERROR" and error_code(bad_fault) == "VALIDATION_ERROR"


async def test_control_api_absent_when_disabled() -> None:
    sb = Sandbox()
    runner, root = await start_server(sb, control=False)
    try:
        async with httpx.AsyncClient(base_url=root) as plain:
            response = await plain.post("/_sandbox/keys", json={})
        assert response.status_code == 404 and error_code(response) == "NOT_FOUND"
        assert sb.keys == {}
    finally:
        await runner.cleanup()


async def test_fail_next_500_garbage_and_after(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:
        sandbox.fail_next(None, "GET", "/numbers/countries", kind="500")
        crashed = await api.get("/numbers/countries")
        sandbox.fail_next(sandbox_key, "GET", "/numbers/countries", kind="garbage")
        garbage = await api.get("/numbers/countries")
        sandbox.fail_next(sandbox_key, "POST", "/numbers/purchase", kind="500", after=True)
        charged = await api.post("/numbers/purchase", json=BUY_SE)
        fine = await api.get("/numbers/countries")
    assert crashed.status_code == 500 and error_code(crashed) == "INTERNAL_ERROR"
    assert garbage.status_code == 502 and garbage.headers["Content-Type"].startswith("text/html")
    with pytest.raises(ValueError):
        garbage.json()
    # the handler ran (money moved, number exists) but the caller only saw a 500
    assert charged.status_code == 500 and len(sandbox.numbers(sandbox_key)) == 1
    assert sandbox.balance(sandbox_key) == Decimal("96.00") and fine.status_code == 200
    assert sandbox.calls(sandbox_key, "GET", "/numbers/countries") == 3


async def test_fail_next_timeout_holds_the_connection(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    sandbox.fail_next(sandbox_key, "POST", "/numbers/purchase", kind="timeout", delay=5)
    async with sandbox.client(sandbox_key, timeout=0.3) as api:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            await api.post("/numbers/purchase", json=BUY_SE)
        assert time.monotonic() - started < 2
    assert sandbox.numbers(sandbox_key) == [] and sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_rate_limit_100_per_minute_per_key(sandbox: RunningSandbox, sandbox_key: str) -> None:
    other = sandbox.create_key()
    async with sandbox.client(sandbox_key) as api, sandbox.client(other) as api2:
        for _ in range(60):
            assert (await api.get("/account")).status_code == 200
        await sandbox.advance(48)
        for _ in range(40):
            assert (await api.get("/numbers")).status_code == 200
        limited = await api.get("/account")
        assert (await api2.get("/account")).status_code == 200
        await sandbox.advance(12)
        after_wait = await api.get("/account")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "12"
    assert limited.json()["error"] == {
        "code": "RATE_LIMITED",
        "message": "Rate limit exceeded, retry in 12s",
    }
    assert after_wait.status_code == 200
