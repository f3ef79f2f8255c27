"""My numbers, the number card, renew, rename, auto-renew and restore through the real dispatcher:
buttons tapped by their visible text, the sandbox over HTTP behind, a real database. Each test
asserts what the user reads and what piv.day's state became (balance to the cent)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select

from bot.db.models import Confirmation
from bot.ui.callbacks import Kind, MenuCallback, OpenCallback, RenewCallback
from tests.fakes.numbers_kit import (
    LEAVE_WAYS,
    assert_limits,
    leave_step,
    open_card,
    sandbox_to_wall_clock,
    tr,
)
from tests.fakes.telegram_fixture import BotHarness, alerts

DAY = 86400
NUMBERS = MenuCallback(section="numbers").pack()
T = tr("en")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    harness.sandbox.rate_limit = 0  # flows here make more than 100 calls in one sandbox minute
    await sandbox_to_wall_clock(harness)
    await harness.connect_key(1, sandbox_key)
    return harness


async def open_numbers(h: BotHarness, lang: str = "en") -> None:
    await h.send("/start", language_code=lang)
    await h.tap(tr(lang).get("menu-button-numbers"), language_code=lang)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_list_pages_and_the_card_shows_everything(
    h: BotHarness, sandbox_key: str, lang: str
) -> None:
    t = tr(lang)
    numbers = [h.sandbox.add_number(sandbox_key, "SE", months=1) for _ in range(19)]
    named = h.sandbox.add_number(
        sandbox_key, "GB", months=3, auto_renew=True, custom_name="Ads <GB> & co"
    )
    named.tags = ["support", "ads"]
    await open_numbers(h, lang)
    await h.tap(t.get("numbers-list-button"), language_code=lang)
    first = h.last_text() or ""
    assert first.startswith(t.get("numbers-list-title", total=20))
    assert first.count("<code>+46") == 8  # 8 rows a screen
    assert t.get("paging-position", page=1, pages=3) in h.labels()
    assert t.get("numbers-row-days", days=30) in first
    await h.tap(t.get("paging-next"), language_code=lang)
    await h.tap(t.get("paging-next"), language_code=lang)
    last = h.last_text() or ""
    assert "Ads &lt;GB&gt; &amp; co" in last and numbers[0].phone_number not in last
    assert t.get("paging-position", page=3, pages=3) in h.labels()

    await h.tap(re.compile(re.escape(named.phone_number)), language_code=lang)
    card = h.last_text() or ""
    assert f"📱 <b>{named.phone_number}</b> · Ads &lt;GB&gt; &amp; co" in card
    assert t.get("numbers-status-active") in card
    assert t.get("numbers-card-days-left", days=90) in card
    assert t.get("numbers-card-tags", tags="support, ads") in card
    assert t.get("numbers-caps-both") in card
    renewal = named.expires_at.strftime("%Y-%m-%d")
    assert t.get("numbers-card-auto-on", date=renewal) in card
    assert t.get("numbers-auto-turn-off") in h.labels()
    assert t.get("numbers-send-button") in h.labels()
    assert t.get("numbers-simulate-button") not in h.labels()  # not in sandbox mode

    await h.tap(t.get("wizard-back"), language_code=lang)  # back where the card came from
    assert t.get("paging-position", page=3, pages=3) in h.labels()
    assert_limits(h)


async def test_receive_only_number_offers_no_sending(h: BotHarness, sandbox_key: str) -> None:
    us = h.sandbox.add_number(sandbox_key, "US")
    card = await open_card(h, us.phone_number)
    assert T.get("numbers-caps-receive") in card
    assert T.get("numbers-send-button") not in h.labels()
    assert T.get("numbers-verify-button") not in h.labels()
    assert T.get("numbers-wait-button") in h.labels()


async def test_status_and_country_filters(h: BotHarness, sandbox_key: str) -> None:
    short = h.sandbox.add_number(sandbox_key, "SE", months=1)
    long_se = h.sandbox.add_number(sandbox_key, "SE", months=3)
    us = h.sandbox.add_number(sandbox_key, "US", months=3)
    await h.sandbox.advance(31 * DAY)  # the 1-month one expires
    await open_numbers(h)
    await h.tap(T.get("numbers-list-button"))
    await h.tap(T.get("numbers-filter-status", value=T.get("numbers-all")))
    assert h.last_text() == T.get("numbers-pick-status")
    await h.tap(T.get("numbers-status-expired"))
    text = h.last_text() or ""
    assert short.phone_number in text and long_se.phone_number not in text
    assert T.get("numbers-row-expired") in text
    assert T.get("numbers-list-filters", filters=T.get("numbers-status-expired")) in text

    await h.tap(T.get("numbers-filter-status", value=T.get("numbers-status-expired")))
    await h.tap(T.get("numbers-all"))
    await h.tap(T.get("numbers-filter-country", value=T.get("numbers-all")))
    assert h.last_text() == T.get("numbers-pick-country")
    await h.tap("🇺🇸 United States")
    text = h.last_text() or ""
    assert us.phone_number in text and long_se.phone_number not in text
    assert T.get("numbers-filter-country", value="🇺🇸 United States") in h.labels()

    await h.tap(T.get("numbers-filter-clear"))
    assert (h.last_text() or "").startswith(T.get("numbers-list-title", total=3))


async def test_search_by_command_and_by_button(h: BotHarness, sandbox_key: str) -> None:
    office = h.sandbox.add_number(sandbox_key, "SE", custom_name="Office line")
    other = h.sandbox.add_number(sandbox_key, "GB", custom_name="Ads")
    await h.send("/numbers office")
    text = h.last_text() or ""
    assert office.phone_number in text and other.phone_number not in text
    assert "“office”" in text

    await h.send("/numbers")  # no text: everything again
    assert other.phone_number in (h.last_text() or "")

    await open_numbers(h)
    await h.tap(T.get("numbers-search-button"))
    assert h.last_text() == T.get("numbers-search-title", max=64)
    await h.send("   ")
    assert h.last_text() == (
        T.get("numbers-search-title", max=64) + "\n\n" + T.get("numbers-search-empty", max=64)
    )
    await h.send("x" * 65)
    assert T.get("numbers-search-too-long", max=64) in (h.last_text() or "")
    await h.send(other.phone_number[-6:])
    text = h.last_text() or ""
    assert other.phone_number in text and office.phone_number not in text
    # Pages of a searched list keep the search
    assert T.get("numbers-filter-clear") in h.labels()


async def test_search_step_can_be_left(h: BotHarness, sandbox_key: str) -> None:
    h.sandbox.add_number(sandbox_key, "SE")
    await open_numbers(h)
    await h.tap(T.get("numbers-search-button"))
    await h.tap(T.get("wizard-back"))
    assert h.last_text() == T.get("numbers-menu")
    await h.tap(T.get("numbers-search-button"))
    await h.send("/cancel")
    assert h.last_text() == T.get("cancel-done")
    await h.send("Office")  # no longer a search
    assert h.last_text() == T.get("fallback-text")


async def test_renew_from_the_card(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", months=1)
    before = number.expires_at
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-renew-button"))
    assert (
        T.get(
            "numbers-renew-step",
            phone=number.phone_number,
            place="🇸🇪 Sweden",
            expires=(before.strftime("%Y-%m-%d %H:%M UTC")),
        )
        == h.last_text()
    )
    await h.tap(T.get("numbers-duration-option", months=3, cost="$12.00"))
    card = h.last_text() or ""
    assert T.get("numbers-renew-card-title") in card
    assert T.get("confirm-cost", cost="$12.00") in card
    assert T.get("confirm-balance", before="$100.00", after="$88.00") in card
    assert h.sandbox.calls(sandbox_key, "POST", "/numbers/{piv_num_id}/renew") == 0
    await h.tap(T.get("confirm-ok", cost="$12.00"))
    result = h.last_text() or ""
    new_expiry = before + timedelta(days=90)
    assert T.get("numbers-renewed-title", phone=number.phone_number) in result
    assert T.get("numbers-renewed-until", expires=new_expiry.strftime("%Y-%m-%d")) in result
    assert T.get("numbers-bought-charged", cost="$12.00") in result
    assert h.sandbox.balance(sandbox_key) == Decimal("88.00")
    assert number.expires_at == new_expiry
    assert h.sandbox.calls(sandbox_key, "POST", "/numbers/{piv_num_id}/renew") == 1
    await h.tap(T.get("numbers-open-card"))  # from the result straight to the number
    assert T.get("numbers-card-days-left", days=120) in (h.last_text() or "")


async def test_renew_and_open_deep_links_answer_below_the_event_message(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "GB")
    event = await h.bot.send_message(1, "⏰ your number expires soon")  # what the events hub posts
    calls = await h.press(
        RenewCallback(kind=Kind.NUMBER, id=number.piv_num_id).pack(), message_id=event.message_id
    )
    assert not [c for c in calls if isinstance(c, EditMessageText)]  # the event stays as it was
    [step] = [c for c in calls if isinstance(c, SendMessage)]
    assert f"<code>{number.phone_number}</code>" in (step.text or "")
    await h.tap(T.get("numbers-duration-option", months=1, cost="$3.00"))
    await h.tap(T.get("confirm-ok", cost="$3.00"))
    assert h.sandbox.balance(sandbox_key) == Decimal("97.00")

    calls = await h.press(
        OpenCallback(kind=Kind.NUMBER, id=number.piv_num_id).pack(), message_id=event.message_id
    )
    assert not [c for c in calls if isinstance(c, EditMessageText)]
    [card] = [c for c in calls if isinstance(c, SendMessage)]
    assert f"📱 <b>{number.phone_number}</b>" in (card.text or "")


async def test_renewing_an_expired_number_points_to_restore(
    h: BotHarness, sandbox_key: str
) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", months=1)
    await h.sandbox.advance(31 * DAY)
    calls = await h.press(RenewCallback(kind=Kind.NUMBER, id=number.piv_num_id).pack())
    assert alerts(calls) == [T.get("numbers-renew-not-active")]
    card = await open_card(h, number.phone_number)
    assert T.get("numbers-card-restore-hint") in card
    assert T.get("numbers-renew-button") not in h.labels()
    assert T.get("numbers-restore-one") in h.labels()


async def test_unknown_number_gets_the_error_answer(h: BotHarness) -> None:
    await h.press(OpenCallback(kind=Kind.NUMBER, id="nope-nope-nope-nope").pack())
    assert h.last_text() == T.get("error-number-not-found")


async def test_rename_validates_and_every_way_out_works(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", custom_name="Old")
    question = T.get("numbers-rename-title", phone=number.phone_number, max=64)
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-rename-button"))
    assert (h.last_text() or "").startswith(question)
    await h.send("x" * 65)
    assert (h.last_text() or "").startswith(question)
    assert T.get("numbers-name-too-long", max=64) in (h.last_text() or "")
    await h.send("   ")
    assert T.get("numbers-rename-empty") in (h.last_text() or "")
    await h.feed(
        {
            "message": {
                "message_id": 777,
                "date": 0,
                "chat": {"id": 1, "type": "private"},
                "from": {"id": 1, "is_bot": False, "first_name": "U", "language_code": "en"},
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                },
            }
        }
    )
    assert T.get("numbers-need-text") in (h.last_text() or "")
    await h.send("Support <line>")
    card = h.last_text() or ""
    assert card.startswith(T.get("numbers-renamed"))
    assert "Support &lt;line&gt;" in card
    assert number.custom_name == "Support <line>"


@pytest.mark.parametrize("leave", LEAVE_WAYS)
async def test_rename_step_can_be_left(h: BotHarness, sandbox_key: str, leave: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", custom_name="Old")
    await open_card(h, number.phone_number)
    await h.tap(T.get("numbers-rename-button"))
    await leave_step(h, leave, number.phone_number)
    await h.send("Never a name")
    assert number.custom_name == "Old"
    assert h.sandbox.calls(sandbox_key, "PATCH", "/numbers/{piv_num_id}") == 0
    assert h.last_text() == T.get("fallback-text")


async def test_auto_renew_on_and_off(h: BotHarness, sandbox_key: str) -> None:
    number = h.sandbox.add_number(sandbox_key, "SE", auto_renew=False)
    card = await open_card(h, number.phone_number)
    assert T.get("numbers-card-auto-off") in card
    calls = await h.tap(T.get("numbers-auto-turn-on"))
    assert number.auto_renew is True
    assert T.get("numbers-auto-now", on="on") in [c.text for c in h.answers(calls)]
    assert T.get("numbers-auto-turn-off") in h.labels()
    await h.tap(T.get("numbers-auto-turn-off"))
    assert number.auto_renew is False
    assert T.get("numbers-card-auto-off") in (h.last_text() or "")


async def test_restore_multi_select(h: BotHarness, sandbox_key: str) -> None:
    se = h.sandbox.add_number(sandbox_key, "SE", months=1)  # 4.00 → restore 6.00
    gb = h.sandbox.add_number(sandbox_key, "GB", months=1)  # 3.00 → 4.50
    us = h.sandbox.add_number(sandbox_key, "US", months=1)  # 2.00 → 3.00
    alive = h.sandbox.add_number(sandbox_key, "CA", months=3)
    await h.sandbox.advance(31 * DAY)
    await open_numbers(h)
    await h.tap(T.get("numbers-restore-button"))
    text = h.last_text() or ""
    assert text.startswith(T.get("numbers-restore-title"))
    assert T.get("numbers-restore-selected", count=0, total=3, cost="$0.00") in text
    assert not any(alive.phone_number in b for b in h.labels())
    await h.tap(T.get("numbers-restore-all"))
    assert T.get("numbers-restore-selected", count=3, total=3, cost="$13.50") in (
        h.last_text() or ""
    )
    await h.tap(T.get("numbers-restore-clear"))
    await h.tap(re.compile(re.escape(se.phone_number)))
    await h.tap(re.compile(re.escape(us.phone_number)))
    assert any(b.startswith("☑️") and se.phone_number in b for b in h.labels())
    assert any(b.startswith("⬜") and gb.phone_number in b for b in h.labels())
    await h.tap(T.get("numbers-restore-go", count=2, cost="$9.00"))
    card = h.last_text() or ""
    assert T.get("numbers-restore-what", count=2) in card
    assert se.phone_number in card and us.phone_number in card and gb.phone_number not in card
    assert T.get("confirm-cost-estimate", cost="$9.00") in card
    assert T.get("confirm-balance", before="$100.00", after="$91.00") in card
    assert h.sandbox.calls(sandbox_key, "POST", "/numbers/restore") == 0
    await h.tap(T.get("confirm-ok-estimate", cost="$9.00"))
    result = h.last_text() or ""
    assert T.get("numbers-restore-done", queued=2, skipped=0) in result
    assert T.get("numbers-bought-charged", cost="$9.00") in result
    assert h.sandbox.balance(sandbox_key) == Decimal("91.00")
    assert (se.status, us.status, gb.status) == ("pending_restore", "pending_restore", "expired")
    await h.sandbox.advance(60)
    assert (se.status, us.status) == ("active", "active")


async def test_restore_from_an_expired_numbers_card(h: BotHarness, sandbox_key: str) -> None:
    gb = h.sandbox.add_number(sandbox_key, "GB", months=1)
    await h.sandbox.advance(31 * DAY)
    await open_card(h, gb.phone_number)
    await h.tap(T.get("numbers-restore-one"))
    assert T.get("numbers-restore-selected", count=1, total=1, cost="$4.50") in (
        h.last_text() or ""
    )
    await h.tap(T.get("numbers-restore-go", count=1, cost="$4.50"))
    await h.tap(T.get("confirm-ok-estimate", cost="$4.50"))
    assert h.sandbox.balance(sandbox_key) == Decimal("95.50")


async def test_restore_when_the_window_closed_meanwhile(h: BotHarness, sandbox_key: str) -> None:
    gb = h.sandbox.add_number(sandbox_key, "GB", months=1)
    await h.sandbox.advance(31 * DAY)
    await open_card(h, gb.phone_number)
    await h.tap(T.get("numbers-restore-one"))
    await h.sandbox.advance(8 * DAY)  # gone for good
    calls = await h.tap(T.get("numbers-restore-go", count=1, cost="$4.50"))
    assert alerts(calls) == [T.get("numbers-restore-nothing")]
    assert h.last_text() == T.get("numbers-restore-none")
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Confirmation))).all() == []


async def test_two_hundred_numbers_stay_within_telegrams_limits(
    h: BotHarness, sandbox_key: str
) -> None:
    for i in range(200):
        h.sandbox.add_number(sandbox_key, "SE", months=1, custom_name=f"📱 номер {i} שלום " * 4)
    await open_numbers(h)
    await h.tap(T.get("numbers-list-button"))
    assert T.get("paging-position", page=1, pages=25) in h.labels()
    await h.sandbox.advance(31 * DAY)
    await open_numbers(h)
    await h.tap(T.get("numbers-restore-button"))
    await h.tap(T.get("numbers-restore-all"))
    text = h.last_text() or ""
    assert T.get("numbers-restore-selected", count=100, total=200, cost="$600.00") in text
    assert T.get("numbers-restore-max", max=100) in text
    await h.tap(T.get("numbers-restore-go", count=100, cost="$600.00"))
    assert T.get("numbers-restore-more", count=80) in (h.last_text() or "")
    assert_limits(h)


async def test_a_command_leaves_the_buy_wizards_name_step_too(
    h: BotHarness, sandbox_key: str
) -> None:
    await open_numbers(h)
    await h.tap(T.get("numbers-buy-button"))
    await h.tap("🇸🇪 Sweden · $4.00")
    await h.tap(T.get("numbers-duration-option", months=1, cost="$4.00"))
    await h.tap(T.get("numbers-renew-off"))
    await h.send("/account")  # a command in the middle of a typed step leaves it…
    await h.send("Ads")  # …so this is not taken as the number's name
    assert h.last_text() == T.get("fallback-text")
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Confirmation))).all() == []


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_countries_and_prices_lead_into_buying(
    h: BotHarness, sandbox_key: str, lang: str
) -> None:
    t = tr(lang)
    await open_numbers(h, lang)
    await h.tap(t.get("numbers-prices-button"), language_code=lang)
    text = h.last_text() or ""
    assert text.startswith(t.get("numbers-prices-title"))
    # Sorted by the name in the reader's language: Canada first in English, Великобритания in
    # Russian; 7 countries, 6 a screen.
    first = {"en": "🇨🇦", "ru": "🇬🇧"}[lang]
    assert text.split("\n")[3].startswith(first)
    await h.tap(t.get("paging-next"), language_code=lang)
    gb_or_se = h.last_text() or ""
    assert len([line for line in gb_or_se.split("\n") if " — " in line]) == 1
    await h.tap(t.get("paging-prev"), language_code=lang)
    await h.tap(re.compile("^🇨🇦"), language_code=lang)
    assert t.get("numbers-duration-title") in (h.last_text() or "")
    await h.tap(t.get("numbers-duration-option", months=1, cost="$2.50"), language_code=lang)
    await h.tap(t.get("numbers-renew-off"), language_code=lang)
    await h.tap(t.get("wizard-skip"), language_code=lang)
    await h.tap(t.get("confirm-ok", cost="$2.50"), language_code=lang)
    [number] = h.sandbox.numbers(sandbox_key)
    assert number.country_code == "CA"
    assert h.sandbox.balance(sandbox_key) == Decimal("97.50")
