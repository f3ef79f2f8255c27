"""The confirmation card and the buy-number steps as the user reads them (en and ru)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.i18n import LocaleTranslator as T
from bot.pivday.models import Country
from bot.services.confirmations import Card, ClaimStatus, RunResult, RunStatus
from bot.ui import numbers as ui
from bot.ui.confirm import (
    ConfirmCallback,
    ConfirmOp,
    card_keyboard,
    card_text,
    closed_text,
    refusal,
    result_text,
)
from bot.ui.paging import page_of

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
VIEW = ui.PURCHASE_VIEW


PARAMS = {"country_code": "SE", "duration_months": 3, "auto_renew": True, "custom_name": "<Ads>"}


def _card(balance: str | None = "100.00") -> Card:
    return Card(
        nonce="AbCdEfGhIjKlMnOp",
        owner_id=1,
        action="numbers.purchase",
        params=PARAMS,
        cost=Decimal("12.00"),
        balance_before=None if balance is None else Decimal(balance),
        expires_at=NOW + timedelta(seconds=300),
        status="pending",
    )


def test_card_states_action_params_cost_and_balance_after(t: T) -> None:
    text = card_text(t, _card(), VIEW, now=NOW)
    assert t.get("numbers-buy-title") in text
    assert {"en": "🇸🇪 Sweden", "ru": "🇸🇪 Швеция"}[t.locale] in text
    assert t.get("numbers-months", months=3) in text
    assert "&lt;Ads&gt;" in text and "<Ads>" not in text  # user text is escaped
    assert "$12.00" in text and "$100.00 → $88.00" in text
    assert t.get("confirm-ttl", minutes=5) in text
    assert "⚠️" not in text


def test_short_balance_says_by_how_much_and_keeps_confirm(t: T) -> None:
    text = card_text(t, _card("5.25"), VIEW, now=NOW)
    assert "$5.25 → -$6.75" in text
    assert t.get("confirm-short", missing="$6.75") in text
    rows = card_keyboard(t, _card("5.25")).inline_keyboard
    assert [b.text for b in rows[0]] == [t.get("confirm-ok", cost="$12.00"), t.get("confirm-no")]


def test_buttons_carry_only_the_nonce(t: T) -> None:
    [[ok, no]] = card_keyboard(t, _card()).inline_keyboard
    assert ok.callback_data == "cf:ok:AbCdEfGhIjKlMnOp"
    assert no.callback_data == "cf:no:AbCdEfGhIjKlMnOp"
    parsed = ConfirmCallback.unpack(ok.callback_data)
    assert (parsed.action, parsed.nonce) == (ConfirmOp.OK, "AbCdEfGhIjKlMnOp")


def test_result_has_the_number_ready_to_copy(t: T) -> None:
    run = RunResult(
        RunStatus.DONE,
        _card(),
        result={
            "cost": "12.00",
            "numbers": [
                {
                    "piv_num_id": "x",
                    "phone_number": "+46764794425",
                    "country_code": "SE",
                    "expires_at": "2026-07-30T10:00:00+00:00",
                    "auto_renew": True,
                    "custom_name": "<Ads>",
                }
            ],
        },
    )
    text = result_text(t, run, VIEW)
    assert "<code>+46764794425</code>" in text
    assert "2026-07-30" in text and "$12.00" in text and "&lt;Ads&gt;" in text


def test_closed_cards_and_refusals_differ(t: T) -> None:
    expired = closed_text(t, _card(), ClaimStatus.EXPIRED, VIEW)
    cancelled = closed_text(t, _card(), ClaimStatus.CANCELLED, VIEW)
    assert t.get("confirm-expired") in expired and t.get("confirm-cancelled") in cancelled
    alerts = {refusal(t, s) for s in ClaimStatus if s is not ClaimStatus.CLAIMED}
    assert len(alerts) == len(ClaimStatus) - 1
    assert all(len(a) <= 200 for a in alerts)  # Telegram's callback answer limit


def test_country_list_shows_price_saving_and_sms(t: T) -> None:
    se = Country(
        country_code="SE",
        price_per_month=Decimal("4.00"),
        base_price=Decimal("5.00"),
        can_send_sms=True,
        can_receive_sms=True,
        sms_send_price=Decimal("0.25"),
    )
    us = Country(
        country_code="US",
        price_per_month=Decimal("2.00"),
        base_price=Decimal("2.00"),
        can_receive_sms=True,
    )
    text, markup = ui.countries_step(t, page_of([se, us], 0, ui.PER_PAGE))
    se_line = ui.country_line(t, se)
    assert se_line in text and "🇸🇪" in se_line and "$4.00" in se_line
    assert t.get("numbers-saving", percent=20, base="$5.00") in se_line
    assert t.get("numbers-sms-both", price="$0.25") in se_line
    us_line = ui.country_line(t, us)
    assert t.get("numbers-sms-receive") in us_line and "%" not in us_line
    datas = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert "wp:bn:c:SE" in datas and "wp:bn:c:US" in datas
