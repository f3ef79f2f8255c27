"""SMS on a number through the real dispatcher and the sandbox: the history with codes, sending
(recipient and text checked, parts and price before Confirm), Google verification, and the
sandbox's test SMS. Waiting for a code: tests/test_numbers_code_wait.py."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.db.models import Confirmation
from tests.fakes.numbers_kit import (
    LEAVE_WAYS,
    assert_limits,
    code_loop,
    leave_step,
    markup_of,
    open_card,
    ready,
    start_waiting,
    tr,
)
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, alerts
from tests.fakes.watch_driver import clock_now as clock

T = tr("en")
SEND = ("POST", "/numbers/{piv_num_id}/sms/send")
VERIFY = ("POST", "/numbers/{piv_num_id}/verify")
SMS_LIST = ("GET", "/numbers/{piv_num_id}/sms")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    return await ready(harness, sandbox_key)


async def walk_to_send(h: BotHarness, phone: str, to: str, body: str) -> None:
    """The card → Send SMS → recipient → text: the confirmation card is on screen."""
    await open_card(h, phone)
    await h.tap(T.get("numbers-send-button"))
    await h.send(to)
    await h.send(body)


# --- history --------------------------------------------------------------------------------


async def test_history_newest_first_with_codes_and_copy_buttons(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    for i in range(6):
        await h.sandbox.deliver_sms(number.piv_num_id, "+14155551234", f"Hello #{i}")
        await h.sandbox.advance(60)
    await h.sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your <Google> code")
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-history-button"))
    text = h.last_text() or ""
    assert text.startswith(
        T.get("numbers-history-title", phone=number.phone_number, total=7).split("·")[0]
    )
    assert text.index("G-482913") < text.index("Hello #5")  # newest first
    assert "is your &lt;Google&gt; code" in text
    assert T.get("numbers-sms-code", code="482913") in text
    assert "Hello #1" not in text  # 5 a screen
    [copy] = [b for row in markup_of(h.calls[-1]).inline_keyboard for b in row if b.copy_text]
    assert copy.text == T.get("numbers-copy-code", code="482913")
    assert copy.copy_text is not None and copy.copy_text.text == "482913"
    await h.tap(T.get("paging-next"))
    assert "Hello #0" in (h.last_text() or "") and "G-482913" not in (h.last_text() or "")
    assert h.sandbox.calls(sandbox_key, *SMS_LIST) == 2


async def test_empty_history(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-history-button"))
    assert T.get("numbers-history-empty") in (h.last_text() or "")
    await h.tap(T.get("numbers-open-card"))
    assert (h.last_text() or "").startswith(f"📱 <b>{number.phone_number}</b>")


# --- send an SMS ----------------------------------------------------------------------------


async def test_send_sms_checks_recipient_and_text_then_confirms(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")  # 0.25 per SMS
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-send-button"))
    ask_to = T.get("numbers-send-to", phone=number.phone_number)
    assert h.last_text() == ask_to
    await h.send("4155551234")
    assert h.last_text() == f"{ask_to}\n\n{T.get('numbers-send-to-format')}"
    await h.send("+1 000 000 0000")
    assert h.last_text() == f"{ask_to}\n\n{T.get('numbers-send-to-invalid')}"
    await h.send("+1 (415) 555-1234")
    ask_body = T.get(
        "numbers-send-body", phone=number.phone_number, to="+14155551234", max=1600, price="$0.25"
    )
    assert h.last_text() == ask_body
    await h.send("   ")
    assert h.last_text() == f"{ask_body}\n\n{T.get('numbers-send-body-empty')}"
    await h.send("x" * 1601)
    too_long = T.get("numbers-send-body-too-long", length=1601, max=1600)
    assert h.last_text() == f"{ask_body}\n\n{too_long}"
    await h.send("bell\x07")
    assert h.last_text() == f"{ask_body}\n\n{T.get('numbers-send-body-control')}"
    await h.tap(T.get("wizard-back"))  # back to the recipient, and forward again
    assert h.last_text() == ask_to
    await h.send("+14155551234")

    await h.send("Привет 👋 <b>")
    card = h.last_text() or ""
    assert T.get("numbers-send-card-title") in card
    assert "Привет 👋 &lt;b&gt;" in card
    assert T.get("numbers-send-parts", encoding="UCS-2", units=13, parts=1, per_part=70) in card
    assert T.get("confirm-cost", cost="$0.25") in card
    assert T.get("confirm-balance", before="$100.00", after="$99.75") in card
    assert h.sandbox.calls(sandbox_key, *SEND) == 0
    await h.tap(T.get("confirm-ok", cost="$0.25"))
    result = h.last_text() or ""
    assert T.get("numbers-sent-title", phone=number.phone_number, to="+14155551234") in result
    assert T.get("numbers-sent-status", status="queued") in result
    [sms] = number.messages
    assert (sms.direction, sms.to_number, sms.message_body) == (
        "outbound",
        "+14155551234",
        "Привет 👋 <b>",
    )
    assert h.sandbox.balance(sandbox_key) == Decimal("99.75")
    assert_limits(h)


async def test_long_sms_is_quoted_per_part_as_an_estimate(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "GB")  # 0.20 per SMS
    # GSM-7 with extension characters: 300 septets → 2 parts
    await walk_to_send(h, number.phone_number, "+442071838750", "a{b}" * 50)
    card = h.last_text() or ""
    assert T.get("numbers-send-parts", encoding="GSM-7", units=300, parts=2, per_part=153) in card
    assert T.get("confirm-cost-estimate", cost="$0.40") in card
    await h.tap(T.get("confirm-ok-estimate", cost="$0.40"))
    assert h.sandbox.balance(sandbox_key) == Decimal("99.80")  # the sandbox bills one message


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("NUMBER_EXPIRED", "error-number-expired"),
        ("NUMBER_NOT_ACTIVE", "error-number-not-active"),
        ("INVALID_MESSAGE_FORMAT", "error-invalid-message-format"),
    ],
)
async def test_send_refusals_are_explained(
    h: BotHarness, sandbox_key: str, code: str, key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await walk_to_send(h, number.phone_number, "+14155551234", "hello")
    h.sandbox.fail_next(sandbox_key, *SEND, code=code)
    await h.tap(T.get("confirm-ok", cost="$0.25"))
    result = h.last_text() or ""
    assert T.get("confirm-failed") in result and T.get(key) in result
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")
    assert number.messages == []


async def test_number_expired_between_card_and_confirm(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", months=1)
    await walk_to_send(h, number.phone_number, "+14155551234", "hello")
    await h.sandbox.advance(31 * 86400)
    await h.tap(T.get("confirm-ok", cost="$0.25"))
    assert T.get("error-number-expired") in (h.last_text() or "")
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")


@pytest.mark.parametrize("leave", LEAVE_WAYS)
@pytest.mark.parametrize("step", ["sms text", "verify link"])
async def test_typed_steps_can_be_left(
    h: BotHarness, sandbox_key: str, leave: str, step: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await open_card(h, number.phone_number)
    if step == "sms text":
        await h.tap(T.get("numbers-send-button"))
        await h.send("+14155551234")  # the second step: Back twice to the card
        await leave_step(h, leave, number.phone_number, backs=2)
    else:
        await h.tap(T.get("numbers-verify-button"))
        await leave_step(h, leave, number.phone_number)
    await h.send("https://gv.google.com/not-an-answer-any-more")
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Confirmation))).all() == []
    assert h.last_text() == T.get("fallback-text")


# --- Google verification --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("not a link", "numbers-verify-not-url"),
        ("http://gv.google.com/abc", "numbers-verify-not-https"),
        ("https://evil.example/gv.google.com", "numbers-verify-not-google"),
        ("https://google.com.evil.example/x", "numbers-verify-not-google"),
        ("https://accounts.google.com@evil.example/x", "numbers-verify-not-google"),
        ("https://gv.google.com:8443/x", "numbers-verify-not-google"),
        ("https://gv.google.com/" + "a" * 2100, "numbers-verify-too-long"),
    ],
)
async def test_verify_link_refused_locally(
    h: BotHarness, sandbox_key: str, url: str, key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-verify-button"))
    question = T.get("numbers-verify-title", phone=number.phone_number)
    await h.send(url)
    assert h.last_text() == f"{question}\n\n{T.get(key)}"
    assert h.sandbox.calls(sandbox_key, *VERIFY) == 0


async def test_verify_confirm_and_started_card(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE")
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-verify-button"))
    await h.send("https://gv.google.com/verify?token=abc&x=<1>")
    card = h.last_text() or ""
    assert T.get("numbers-verify-card-title") in card
    assert "token=abc&amp;x=&lt;1&gt;" in card
    assert T.get("confirm-cost-unknown") in card
    assert T.get("confirm-balance-now", balance="$100.00") in card
    assert h.labels() == [T.get("confirm-ok-unknown"), T.get("confirm-no")]
    await h.tap(T.get("confirm-ok-unknown"))
    result = h.last_text() or ""
    assert T.get("numbers-verify-started", phone=number.phone_number) in result
    assert T.get("numbers-verify-answer", message="Verification initiated") in result
    assert h.sandbox.calls(sandbox_key, *VERIFY) == 1
    assert h.sandbox.balance(sandbox_key) == Decimal("99.50")  # the sandbox's price


async def test_verify_needs_an_active_number_that_sends(h: BotHarness, sandbox_key: str) -> None:
    us = h.sandbox.add_number(sandbox_key, "US")
    await open_card(h, us.phone_number)
    assert T.get("numbers-verify-button") not in h.labels()


# --- sandbox mode ---------------------------------------------------------------------------


async def test_simulated_sms_lands_and_wakes_the_poller(
    make_harness: HarnessFactory, sandbox_key: str
) -> None:
    h = await ready(await make_harness(sandbox_mode=True), sandbox_key)
    number = h.sandbox.add_number(sandbox_key, "SE")
    await start_waiting(h, number.phone_number)
    await open_card(h, number.phone_number)
    calls = await h.tap(T.get("numbers-simulate-button"))
    [sms] = number.messages
    assert sms.direction == "inbound" and re.fullmatch(
        r"G-\d{6} is your Google verification code\.", sms.message_body
    )
    assert alerts(calls) == [T.get("numbers-simulated", text=sms.message_body)]
    at = clock()  # no 5 s wait: the simulated SMS made the poller due at once
    await code_loop(h, at).run_once()
    code = sms.message_body[2:8]
    assert h.last_text() == T.get("numbers-wait-done", phone=number.phone_number, code=code)
