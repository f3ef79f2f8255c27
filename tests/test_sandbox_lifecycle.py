"""Numbers over time: expiry, the 7-day restore window, auto-renew, restore refunds; SMS both ways;
verify tasks. Money checked to the cent after every step."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tests.fakes.sandbox_fixture import RunningSandbox, WebhookReceiver, error_code, events

DAY = 86400


async def test_number_expires_then_is_restorable_for_7_days_then_gone(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    number = sandbox.add_number(sandbox_key, "SE")
    async with sandbox.client(sandbox_key) as api:
        await sandbox.advance(timedelta(days=30))
        got = (await api.get(f"/numbers/{number.piv_num_id}")).json()["data"]
        assert got["status"] == "expired"
        send = await api.post(
            f"/numbers/{number.piv_num_id}/sms/send",
            json={"to_number": "+14155551234", "message_body": "hi"},
        )
        assert send.status_code == 403 and error_code(send) == "NUMBER_EXPIRED"
        renew = await api.post(f"/numbers/{number.piv_num_id}/renew", json={"duration_months": 1})
        assert error_code(renew) == "NUMBER_EXPIRED"
        listed = await api.get("/numbers", params={"status": "expired"})
        assert [n["piv_num_id"] for n in listed.json()["data"]["numbers"]] == [number.piv_num_id]

        await sandbox.advance(timedelta(days=7))
        gone = await api.get(f"/numbers/{number.piv_num_id}")
        assert gone.status_code == 404 and error_code(gone) == "NUMBER_NOT_FOUND"
        late = await api.post("/numbers/restore", json={"piv_num_ids": [number.piv_num_id]})
        assert late.status_code == 404 and error_code(late) == "NO_RESTORABLE_NUMBERS"
    assert sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_restore_charges_multiplier_goes_pending_and_refunds_failures(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    ok_number = sandbox.add_number(sandbox_key, "SE")
    bad_number = sandbox.add_number(sandbox_key, "GB")
    active = sandbox.add_number(sandbox_key, "SE", months=3)
    theirs = sandbox.add_number(sandbox.create_key(), "SE")
    sandbox.restore_failures.add(bad_number.piv_num_id)
    await sandbox.advance(31 * DAY)
    ids = [ok_number.piv_num_id, bad_number.piv_num_id, active.piv_num_id, theirs.piv_num_id]
    async with sandbox.client(sandbox_key) as api:
        body = (await api.post("/numbers/restore", json={"piv_num_ids": ids})).json()
        # SE 4.00 × 1.5 + GB 3.00 × 1.5
        assert (body["queued"], body["skipped"], body["total_charged"]) == (2, 2, 10.5)
        assert sandbox.balance(sandbox_key) == Decimal("89.50")
        pending = await api.get("/numbers", params={"status": "pending_restore"})
        assert pending.json()["data"]["pagination"]["total"] == 2
        busy = await api.post(
            f"/numbers/{ok_number.piv_num_id}/sms/send",
            json={"to_number": "+14155551234", "message_body": "hi"},
        )
        assert busy.status_code == 400 and error_code(busy) == "NUMBER_NOT_ACTIVE"
        await sandbox.advance(60)
        restored = (await api.get(f"/numbers/{ok_number.piv_num_id}")).json()["data"]
        failed = (await api.get(f"/numbers/{bad_number.piv_num_id}")).json()["data"]
    assert restored["status"] == "active" and failed["status"] == "expired"
    assert sandbox.balance(sandbox_key) == Decimal("94.00")  # GB's 4.50 came back
    (done,) = events(sandbox, "number.restore_completed")
    assert done["total_restored"] == 1 and done["total_failed"] == 1
    assert done["failed"][0]["refunded"] == 4.5 and done["total_refunded"] == 4.5


async def test_restore_needs_the_whole_amount(sandbox: RunningSandbox) -> None:
    key = sandbox.create_key(balance="5.00")
    number = sandbox.add_number(key, "SE")
    await sandbox.advance(31 * DAY)
    async with sandbox.client(key) as api:
        response = await api.post("/numbers/restore", json={"piv_num_ids": [number.piv_num_id]})
    assert response.status_code == 402
    assert "required $6.00, available $5.00" in response.json()["error"]["message"]
    assert sandbox.numbers(key)[0].status == "expired"


async def test_auto_renew_charges_a_day_before_expiry_or_lets_it_lapse(
    sandbox: RunningSandbox,
) -> None:
    rich = sandbox.create_key(balance="10.00")
    poor = sandbox.create_key(balance="1.00")
    kept = sandbox.add_number(rich, "SE", auto_renew=True)
    lapsed = sandbox.add_number(poor, "SE", auto_renew=True)
    await sandbox.advance(29 * DAY + 1)
    assert sandbox.balance(rich) == Decimal("6.00")
    assert kept.expires_at == sandbox.clock.now() - timedelta(seconds=1) + timedelta(days=31)
    await sandbox.advance(DAY)
    assert kept.status == "active" and lapsed.status == "expired"
    assert sandbox.balance(poor) == Decimal("1.00")


async def test_renew_and_toggles(sandbox: RunningSandbox, sandbox_key: str) -> None:
    number = sandbox.add_number(sandbox_key, "GB")
    async with sandbox.client(sandbox_key) as api:
        renewed = (
            await api.post(f"/numbers/{number.piv_num_id}/renew", json={"duration_months": 2})
        ).json()["data"]
        toggled = await api.patch(
            f"/numbers/{number.piv_num_id}/auto-renewal", json={"auto_renew": True}
        )
        renamed = await api.patch(f"/numbers/{number.piv_num_id}", json={"custom_name": "Ads"})
        bad = await api.patch(f"/numbers/{number.piv_num_id}", json={"custom_name": 5})
    assert renewed["cost"] == 6.0
    assert renewed["new_expires_at"] == "2026-07-30T10:00:00Z"
    assert toggled.json()["data"]["auto_renew"] is True and number.auto_renew is True
    assert renamed.json()["data"]["custom_name"] == "Ads"
    assert error_code(bad) == "VALIDATION_ERROR" and "custom_name" in bad.json()["error"]["message"]
    assert sandbox.balance(sandbox_key) == Decimal("94.00")


async def test_send_sms_costs_the_country_price_and_reports_status(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    number = sandbox.add_number(sandbox_key, "GB")
    path = f"/numbers/{number.piv_num_id}/sms/send"
    async with sandbox.client(sandbox_key) as api:
        sent = await api.post(path, json={"to_number": "+14155551234", "message_body": "Hello"})
        lost = await api.post(path, json={"to_number": "+14155550000", "message_body": "Hello"})
        not_e164 = await api.post(path, json={"to_number": "0707", "message_body": "x"})
        too_long = await api.post(
            path, json={"to_number": "+14155551234", "message_body": "x" * 1601}
        )
        control = await api.post(path, json={"to_number": "+14155551234", "message_body": "a\x00"})
        await sandbox.advance(20)
        history = (await api.get(f"/numbers/{number.piv_num_id}/sms")).json()["data"]
    assert sent.json()["data"]["status"] == "queued" and lost.status_code == 200
    assert sandbox.balance(sandbox_key) == Decimal("99.60")  # two sends at 0.20
    assert error_code(not_e164) == "VALIDATION_ERROR"
    assert error_code(too_long) == "INVALID_MESSAGE_FORMAT"
    assert error_code(control) == "INVALID_MESSAGE_FORMAT"
    assert {m["status"] for m in history["messages"]} == {"delivered", "failed"}
    updates = events(sandbox, "sms.status_updated")
    assert [(u["old_status"], u["new_status"]) for u in updates if u["error_code"]] == [
        ("sent", "failed")
    ]
    assert len(updates) == 4


async def test_send_sms_refused_where_outbound_is_not_supported(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    number = sandbox.add_number(sandbox_key, "US")
    async with sandbox.client(sandbox_key) as api:
        response = await api.post(
            f"/numbers/{number.piv_num_id}/sms/send",
            json={"to_number": "+14155551234", "message_body": "Hello"},
        )
    assert error_code(response) == "SMS_DISABLED"
    assert sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_inbound_sms_is_in_history_and_fires_sms_received_with_code(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    number = sandbox.add_number(sandbox_key, "SE")
    await sandbox.deliver_sms(number.piv_num_id, "+4420000", "Your code: 4821. Do not share")
    await sandbox.advance(5)
    await sandbox.deliver_sms(number.piv_num_id, "+4420000", "No digits here")
    async with sandbox.client(sandbox_key) as api:
        history = (await api.get(f"/numbers/{number.piv_num_id}/sms")).json()["data"]
    assert [m["message_body"] for m in history["messages"]] == [
        "No digits here",
        "Your code: 4821. Do not share",
    ]
    assert history["messages"][0]["direction"] == "inbound"
    received = events(sandbox, "sms.received")
    assert [r["code"] for r in received] == ["4821", None]
    assert received[0]["country"] == "SE"


async def test_verify_success_and_failure_refund(sandbox: RunningSandbox, sandbox_key: str) -> None:
    number = sandbox.add_number(sandbox_key, "SE")
    path = f"/numbers/{number.piv_num_id}/verify"
    async with sandbox.client(sandbox_key) as api:
        good = await api.post(path, json={"gv_url": "https://gv.google.com/abc"})
        bad = await api.post(path, json={"gv_url": "https://gv.google.com/reject"})
        assert good.status_code == 202 and good.json() == {
            "success": True,
            "message": "Verification initiated",
        }
        assert sandbox.balance(sandbox_key) == Decimal("99.00")
        await sandbox.advance(60)
    assert sandbox.balance(sandbox_key) == Decimal("99.50")
    (done,) = events(sandbox, "verify.completed")
    (failed,) = events(sandbox, "verify.failed")
    assert done["status"] == "sms_sent" and isinstance(done["sms_message_id"], int)
    assert failed["error_code"] == "VERIFY_REJECTED" and bad.status_code == 202


async def test_verify_refusals(sandbox: RunningSandbox, sandbox_key: str) -> None:
    us = sandbox.add_number(sandbox_key, "US")
    se = sandbox.add_number(sandbox_key, "SE")
    body = {"gv_url": "https://gv.google.com/abc"}
    async with sandbox.client(sandbox_key) as api:
        disabled = await api.post(f"/numbers/{us.piv_num_id}/verify", json=body)
        sandbox.fail_next(sandbox_key, "POST", "/numbers/{id}/verify", code="PROXY_DEAD")
        dead = await api.post(f"/numbers/{se.piv_num_id}/verify", json=body)
        not_url = await api.post(f"/numbers/{se.piv_num_id}/verify", json={"gv_url": "ftp://x"})
    assert error_code(disabled) == "SMS_DISABLED"
    assert dead.status_code == 502 and error_code(dead) == "PROXY_DEAD"
    assert error_code(not_url) == "VALIDATION_ERROR"
    assert sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_sms_from_a_known_spam_sender_is_kept_but_not_forwarded(
    sandbox: RunningSandbox, sandbox_key: str, webhook_receiver: WebhookReceiver
) -> None:
    sandbox.set_webhook(sandbox_key, webhook_receiver.url)
    number = sandbox.add_number(sandbox_key, "SE")
    spam = await sandbox.deliver_sms(number.piv_num_id, "PROMO", "You won! Code 111111")
    real = await sandbox.deliver_sms(number.piv_num_id, "+4420000", "Your code: 4821")
    assert (spam.status, real.status) == ("filtered", "delivered")
    assert [body["data"]["text"] for _h, body in webhook_receiver.received] == ["Your code: 4821"]
    async with sandbox.client(sandbox_key) as api:
        history = (await api.get(f"/numbers/{number.piv_num_id}/sms")).json()["data"]
    assert {m["message_body"] for m in history["messages"]} == {
        "You won! Code 111111",
        "Your code: 4821",
    }
