"""Buying a number through the real dispatcher: Telegram updates in, the sandbox over HTTP behind,
a real database. Asserts what the user sees at each step and what piv.day's state became."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText
from sqlalchemy import select, update

from bot.db.models import Audit, Confirmation
from bot.db.repositories import KeyRepo
from bot.sandbox.models import money
from bot.services import numbers as numbers_service
from bot.ui.callbacks import MenuCallback
from tests.fakes.db_fixture import warm_pool
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import (
    PURCHASE,
    SWEDEN,
    USA,
    starting,
    walk_to_card,
    walk_to_name,
)
from tests.fakes.telegram_fixture import (
    BotHarness,
    HarnessFactory,
    alerts,
    buttons_of,
    call_json,
)

GROUP = -100500


def assert_limits(h: BotHarness) -> None:
    """Every keyboard the bot ever sent: ≤ 100 buttons, callback data ≤ 64 bytes."""
    for call in h.calls:
        buttons = buttons_of(call)
        assert len(buttons) <= 100
        for _text, data in buttons:
            assert data is None or len(data.encode()) <= 64, data


async def open_numbers(h: BotHarness, lang: str = "en") -> None:
    """/start, then the Numbers section."""
    await h.send("/start", language_code=lang)
    await h.tap(tr(lang).get("menu-button-numbers"), language_code=lang)


@pytest.fixture
async def buyer(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_whole_buy_flow(buyer: BotHarness, sandbox_key: str, lang: str) -> None:
    h, t = buyer, tr(lang)
    me = {"user_id": 1, "language_code": lang}

    await open_numbers(h, lang)
    assert h.last_text() == t.get("numbers-menu")
    assert t.get("numbers-buy-button") in [b for b, _ in h.last_buttons()]

    await h.tap(t.get("numbers-buy-button"), **me)
    first_page = h.last_text() or ""
    assert first_page.startswith(t.get("numbers-countries-title"))
    labels = [b for b, _ in h.last_buttons()]
    assert labels[-4:] == [
        t.get("paging-position", page=1, pages=2),
        t.get("paging-next"),
        t.get("wizard-back"),
        t.get("wizard-cancel"),
    ]
    # Sorted by name in the reader's language: Sweden is on page 1 in English ("Sweden" before
    # "United States"), on page 2 in Russian ("Швеция" after "Соединенные Штаты").
    to_us, to_se = (
        ("paging-next", "paging-prev") if lang == "en" else ("paging-prev", "paging-next")
    )
    if lang == "ru":
        await h.tap(t.get(to_se), **me)
    se_screen = h.last_text() or ""
    se_line = f"{SWEDEN[lang]} — {t.get('numbers-price-month', price='$4.00')}"
    assert se_line in se_screen and USA[lang] not in se_screen  # 7 countries, 6 per page
    assert t.get("numbers-saving", percent=20, base="$5.00") in se_screen
    assert t.get("numbers-sms-both", price="$0.25") in se_screen
    assert f"{SWEDEN[lang]} · $4.00" in [b for b, _ in h.last_buttons()]

    await h.tap(t.get(to_us), **me)
    assert USA[lang] in (h.last_text() or "") and "🇸🇪" not in (h.last_text() or "")
    await h.tap(t.get(to_se), **me)

    await h.tap(f"{SWEDEN[lang]} · $4.00", **me)
    assert t.get("numbers-duration-title") in (h.last_text() or "")
    assert [b for b, _ in h.last_buttons()][:4] == [
        t.get("numbers-duration-option", months=m, cost=c)
        for m, c in [(1, "$4.00"), (3, "$12.00"), (6, "$24.00"), (12, "$48.00")]
    ]

    await h.tap(t.get("numbers-duration-option", months=3, cost="$12.00"), **me)
    assert t.get("numbers-renew-title") in (h.last_text() or "")
    await h.tap(t.get("numbers-renew-on"), **me)
    assert t.get("numbers-name-title", max=64) in (h.last_text() or "")
    assert t.get("wizard-skip") in [b for b, _ in h.last_buttons()]

    await h.send("Ads <SE>", **me)
    card = h.last_text() or ""
    assert t.get("numbers-card-what", place=SWEDEN[lang], months=3) in card
    assert t.get("numbers-card-renew", on="on") in card
    assert t.get("numbers-card-name", name="Ads &lt;SE&gt;") in card
    assert t.get("confirm-cost", cost="$12.00") in card
    assert t.get("confirm-balance", before="$100.00", after="$88.00") in card
    assert [b for b, _ in h.last_buttons()] == [
        t.get("confirm-ok", cost="$12.00"),
        t.get("confirm-no"),
    ]
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0  # nothing bought before Confirm

    calls = await h.tap(t.get("confirm-ok", cost="$12.00"), **me)
    edits = [c.text for c in calls if isinstance(c, EditMessageText)]
    assert t.get("confirm-processing") in (edits[0] or "")
    [number] = h.sandbox.numbers(sandbox_key)
    assert f"<code>{number.phone_number}</code>" in (edits[-1] or "")
    assert t.get("numbers-bought-charged", cost="$12.00") in (edits[-1] or "")
    # The callback query is answered before the API call's result is shown.
    kinds = [type(c) for c in calls]
    assert kinds.index(AnswerCallbackQuery) < kinds.index(EditMessageText)

    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert h.sandbox.balance(sandbox_key) == Decimal("88.00")
    assert number.custom_name == "Ads <SE>" and number.auto_renew is True
    assert_limits(h)


async def test_money_is_exact_to_the_cent(buyer: BotHarness, sandbox_key: str) -> None:
    """Prices where binary floats go wrong: 1.05 × 3 is 3.1500000000000004 in floats and 12.5%
    off 1.20 comes out as 12.4999…%. A float anywhere between piv.day's JSON and the card (or a
    Decimal built from a float) shows a 12% saving or a balance "short by $0.00"."""
    h, t = buyer, tr("en")
    sweden = h.sandbox.countries["SE"]
    sweden.price_per_month, sweden.base_price = money("1.05"), money("1.20")
    h.sandbox.set_balance(sandbox_key, "3.15")

    await open_numbers(h)
    await h.tap(t.get("numbers-buy-button"))
    assert t.get("numbers-saving", percent=13, base="$1.20") in (h.last_text() or "")
    await h.tap(f"{SWEDEN['en']} · $1.05")
    assert [b for b, _ in h.last_buttons()][:4] == [
        t.get("numbers-duration-option", months=m, cost=c)
        for m, c in [(1, "$1.05"), (3, "$3.15"), (6, "$6.30"), (12, "$12.60")]
    ]
    await h.tap(t.get("numbers-duration-option", months=3, cost="$3.15"))
    await h.tap(t.get("numbers-renew-off"))
    await h.tap(t.get("wizard-skip"))

    card = h.last_text() or ""
    assert t.get("confirm-balance", before="$3.15", after="$0.00") in card
    assert t.get("confirm-short", missing="$0.00") not in card
    async with h.sessionmaker() as session:
        [row] = (await session.scalars(select(Confirmation))).all()
    assert (row.cost, row.balance_before) == (Decimal("3.15"), Decimal("3.15"))
    assert isinstance(row.cost, Decimal) and isinstance(row.balance_before, Decimal)

    await h.tap(t.get("confirm-ok", cost="$3.15"))
    assert t.get("numbers-bought-charged", cost="$3.15") in (h.last_text() or "")
    assert h.sandbox.balance(sandbox_key) == Decimal("0.00")
    async with h.sessionmaker() as session:
        [audit] = (await session.scalars(select(Audit))).all()
    assert audit.cost == Decimal("3.15") and isinstance(audit.cost, Decimal)


async def test_twenty_concurrent_confirms_buy_once(buyer: BotHarness, sandbox_key: str) -> None:
    h = buyer
    confirm = await walk_to_card(h, name=None)
    await warm_pool(h.engine)  # twenty taps on ready connections really overlap
    results = await asyncio.gather(*(h.tap(confirm) for _ in range(20)))
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert h.sandbox.balance(sandbox_key) == Decimal("88.00")
    assert len(h.sandbox.numbers(sandbox_key)) == 1
    refused = [a for calls in results for a in alerts(calls)]
    assert refused == [tr("en").get("confirm-alert-used")] * 19
    assert_limits(h)


async def test_someone_elses_card_is_refused(buyer: BotHarness, sandbox_key: str) -> None:
    """A card lives in its owner's private chat: another user can only send its buttons' data
    by forging it (raw data on purpose)."""
    h, t = buyer, tr("en")
    confirm = await walk_to_card(h)
    card = h.last_text(1)
    cancel = h.button(t.get("confirm-no"))
    assert confirm.data is not None and cancel.data is not None
    for data in (confirm.data, cancel.data):
        calls = await h.press(data, user_id=2)
        assert alerts(calls) == [t.get("confirm-alert-not-yours")]
        assert not [c for c in calls if isinstance(c, EditMessageText)]
    assert h.last_text(1) == card
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0
    await h.tap(confirm)  # the owner still can
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1


async def test_numbers_in_a_group_point_to_the_private_chat(
    buyer: BotHarness, sandbox_key: str
) -> None:
    # Raw on purpose: no menu button is ever shown in a group; stale or forged data is refused.
    calls = await buyer.press(MenuCallback(section="numbers").pack(), chat_id=GROUP)
    assert alerts(calls) == [tr("en").get("private-only")]
    assert [type(c) for c in calls] == [AnswerCallbackQuery]
    assert buyer.sandbox.calls(sandbox_key, "GET", "/numbers/countries") == 0


async def test_expired_card_makes_no_call(buyer: BotHarness, sandbox_key: str) -> None:
    h = buyer
    confirm = await walk_to_card(h)
    async with h.sessionmaker() as session:
        await session.execute(
            update(Confirmation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
    calls = await h.tap(confirm)
    assert alerts(calls) == [tr("en").get("confirm-alert-expired")]
    assert tr("en").get("confirm-expired") in (h.last_text() or "")
    assert h.last_buttons() == []
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_cancel_makes_no_call_and_confirm_after_it_does_nothing(
    buyer: BotHarness, sandbox_key: str
) -> None:
    h, t = buyer, tr("en")
    confirm = await walk_to_card(h)
    await h.tap(t.get("confirm-no"))
    assert t.get("confirm-cancelled") in (h.last_text() or "")
    calls = await h.tap(confirm)  # stale on purpose: another device still shows the card
    assert alerts(calls) == [t.get("confirm-alert-cancelled")]
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0


@pytest.mark.parametrize("data", ["cf:ok:NotARealNonce123", "cf:ok", "cf:zz:abc", "cf:"])
async def test_forged_callback_data_is_refused(
    buyer: BotHarness, sandbox_key: str, data: str
) -> None:
    # Raw callback data on purpose: no button carries it, a modified client could send it.
    calls = await buyer.press(data)
    assert alerts(calls) == [tr("en").get("confirm-alert-invalid")]
    assert buyer.sandbox.calls(sandbox_key, *PURCHASE) == 0


@pytest.mark.parametrize(
    ("arrange", "key", "country"),
    [
        (lambda sb, key: None, "error-no-numbers-available", "FR"),  # FR has no stock
        (
            lambda sb, key: sb.fail_next(key, *PURCHASE, code="COUNTRY_NOT_AVAILABLE"),
            "error-country-not-available",
            "SE",
        ),
        (lambda sb, key: sb.set_balance(key, "5.00"), "error-insufficient-balance-amounts", "SE"),
    ],
)
async def test_purchase_refusals_have_their_own_answers(
    buyer: BotHarness, sandbox_key: str, arrange: object, key: str, country: str
) -> None:
    h, t = buyer, tr("en")
    confirm = await walk_to_card(h, country=country)
    arrange(h.sandbox.sandbox, sandbox_key)  # type: ignore[operator]
    before = h.sandbox.balance(sandbox_key)
    await h.tap(confirm)
    text = h.last_text() or ""
    assert t.get("confirm-failed") in text
    if key == "error-insufficient-balance-amounts":
        expected = t.get(key, required="$12.00", available="$5.00", missing="$7.00")
    else:
        expected = t.get(key)
    assert expected in text
    assert h.sandbox.balance(sandbox_key) == before
    assert h.sandbox.numbers(sandbox_key) == []


async def test_short_balance_card_warns_before_confirm(
    harness: BotHarness, sandbox: object
) -> None:
    key = harness.sandbox.create_key(balance="5.00")
    await harness.connect_key(1, key)
    await walk_to_card(harness)
    assert tr("en").get("confirm-short", missing="$7.00") in (harness.last_text() or "")


async def test_back_cancel_and_stale_buttons(buyer: BotHarness) -> None:
    h, t = buyer, tr("en")
    await open_numbers(h)
    await h.tap(t.get("numbers-buy-button"))
    await h.tap(starting("🇬🇧"))
    await h.tap(starting(t.get("numbers-months", months=6)))
    await h.tap(t.get("wizard-back"))
    assert t.get("numbers-duration-title") in (h.last_text() or "")
    await h.tap(t.get("wizard-back"))
    assert (h.last_text() or "").startswith(t.get("numbers-countries-title"))
    await h.tap(t.get("wizard-back"))
    assert h.last_text() == t.get("numbers-menu")
    await h.tap(t.get("numbers-buy-button"))
    await h.tap(starting("🇬🇧"))
    three_months = h.button(starting(t.get("numbers-months", months=3)))
    await h.tap(t.get("wizard-cancel"))
    assert (h.last_text() or "").startswith(t.get("numbers-buy-cancelled"))
    calls = await h.tap(three_months)  # stale on purpose: a button of the abandoned wizard
    assert alerts(calls) == [t.get("numbers-stale-step")]


async def test_name_is_validated_and_slash_cancel_leaves_the_wizard(
    buyer: BotHarness, sandbox_key: str
) -> None:
    h, t = buyer, tr("en")
    await walk_to_name(h, months=1, renew=False)
    await h.send("x" * 65)
    assert t.get("numbers-name-too-long", max=64) in (h.last_text() or "")
    await h.send("/cancel")
    await h.send("My number")  # no longer a name: no card appears
    confirm = starting(t.get("confirm-ok", cost=""))
    assert not any(confirm.search(text) for text, _ in h.last_buttons())
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Confirmation))).all() == []
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0


async def test_buy_without_a_key_asks_for_one(harness: BotHarness) -> None:
    await open_numbers(harness)
    assert harness.last_text() == tr("en").get("key-required")


async def test_unexpected_failure_shows_a_reference_and_logs_the_traceback(
    buyer: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_client: object) -> list[object]:
        raise ZeroDivisionError("internal detail 0xdead")

    monkeypatch.setattr(numbers_service, "list_countries", broken)
    await open_numbers(buyer)
    with caplog.at_level(logging.ERROR):
        calls = await buyer.tap(tr("en").get("numbers-buy-button"))
    [message] = [c for c in calls if type(c).__name__ == "SendMessage"]
    records = [r for r in caplog.records if r.exc_info and "ref=" in r.getMessage()]
    [record] = records
    reference = record.getMessage().split("ref=")[1].split()[0]
    assert f"<code>{reference}</code>" in (message.text or "")
    assert tr("en").get("error-unexpected", ref=reference) == message.text
    for call in calls:
        assert "Traceback" not in call_json(call) and "0xdead" not in call_json(call)
    assert any(isinstance(c, AnswerCallbackQuery) for c in calls)


async def test_crash_during_the_paid_call_is_recorded_with_its_reference(
    buyer: BotHarness,
    sandbox_key: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(_client: object, _params: object) -> dict[str, object]:
        raise KeyError("internal detail 0xbeef")

    confirm = await walk_to_card(buyer)
    registry = buyer.dispatcher["catalog"].actions
    monkeypatch.setitem(registry._executors, numbers_service.PURCHASE_ACTION, broken)
    with caplog.at_level(logging.ERROR):
        await buyer.tap(confirm)
    [record] = [r for r in caplog.records if r.exc_info and "ref=" in r.getMessage()]
    reference = record.getMessage().split("ref=")[1].split()[0]
    text = buyer.last_text() or ""
    assert f"<code>{reference}</code>" in text and "0xbeef" not in text
    assert buyer.sandbox.balance(sandbox_key) == Decimal("100.00")


async def _remove_key(h: BotHarness) -> None:
    async with h.sessionmaker() as session:
        [row] = await KeyRepo(session, h.key_ring).list(1)
        assert await KeyRepo(session, h.key_ring).remove(1, row.id)
        await session.commit()


async def test_key_removed_mid_wizard_asks_for_a_key(buyer: BotHarness) -> None:
    h = buyer
    await open_numbers(h)
    await h.tap(tr("en").get("numbers-buy-button"))
    await _remove_key(h)
    await h.tap(f"{SWEDEN['en']} · $4.00")
    assert h.last_text() == tr("en").get("key-required")


@pytest.mark.parametrize("last_step", ["typed name", "skip"])
async def test_key_removed_at_the_last_step_makes_no_card(
    buyer: BotHarness, sandbox_key: str, last_step: str
) -> None:
    h = buyer
    await walk_to_name(h, months=1, renew=False)
    await _remove_key(h)
    account_reads = h.sandbox.calls(sandbox_key, "GET", "/account")
    if last_step == "skip":
        await h.tap(tr("en").get("wizard-skip"))
    else:
        await h.send("Ads")
    assert h.last_text() == tr("en").get("key-required")
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Confirmation))).all() == []
    assert h.sandbox.calls(sandbox_key, "GET", "/account") == account_reads  # no quote made


async def test_ttl_comes_from_settings(make_harness: HarnessFactory, sandbox_key: str) -> None:
    h = await make_harness(confirmation_ttl_seconds=60)
    await h.connect_key(1, sandbox_key)
    await walk_to_card(h)
    assert tr("en").get("confirm-ttl", minutes=1) in (h.last_text() or "")
    async with h.sessionmaker() as session:
        [row] = (await session.scalars(select(Confirmation))).all()
    assert timedelta(seconds=55) < row.expires_at - datetime.now(UTC) <= timedelta(seconds=60)


async def test_result_is_sent_when_the_card_cannot_be_edited(
    buyer: BotHarness, sandbox_key: str
) -> None:
    h = buyer
    confirm = await walk_to_card(h)
    gone = TelegramBadRequest(method=EditMessageText(text="x"), message="message to edit not found")
    h.session.fail_next(EditMessageText, gone)  # the "processing…" edit fails
    await h.tap(confirm)
    [number] = h.sandbox.numbers(sandbox_key)
    assert f"<code>{number.phone_number}</code>" in (h.last_text() or "")
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1


async def test_sandbox_mode_cards_say_the_money_is_not_real(
    make_harness: HarnessFactory, sandbox_key: str
) -> None:
    h = await make_harness(sandbox_mode=True)
    await h.connect_key(1, sandbox_key)
    confirm = await walk_to_card(h)
    banner = tr("en").get("banner-sandbox")
    assert (h.last_text() or "").startswith(banner)  # the confirmation card
    await h.tap(confirm)
    result = h.last_text() or ""
    assert result.startswith(banner) and "$12.00" in result  # the result card
    assert h.sandbox.balance(sandbox_key) == Decimal("88.00")
