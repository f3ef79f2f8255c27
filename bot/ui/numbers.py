"""Numbers section: submenu, the buy-a-number wizard steps, and its confirmation/result views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday.models import Country
from bot.services.numbers import DURATIONS, NAME_MAX, saving, saving_percent
from bot.ui.callbacks import MenuCallback
from bot.ui.confirm import ActionView
from bot.ui.format import money, place
from bot.ui.paging import Page, Translator, checked, paged_keyboard
from bot.ui.wizard import Wizard

COUNTRIES_LIST = "bnc"  # PageCallback list id of the country list
PER_PAGE = 6  # 3 rows of 2: the country list stays short on a phone screen
STEP_COUNTRY, STEP_DURATION, STEP_RENEW = "c", "d", "r"


class NumbersOp(StrEnum):
    BUY = "buy"


class NumbersCallback(CallbackData, prefix="n"):
    op: NumbersOp


class BuyNumber(StatesGroup):
    country = State()
    duration = State()
    renew = State()
    name = State()


BUY = Wizard("bn", [BuyNumber.country, BuyNumber.duration, BuyNumber.renew, BuyNumber.name])


def _menu_button(t: Translator, key: str, section: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t.get(key), callback_data=MenuCallback(section=section).pack())


def numbers_menu(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    buy = InlineKeyboardButton(
        text=t.get("numbers-buy-button"), callback_data=NumbersCallback(op=NumbersOp.BUY).pack()
    )
    keyboard = [[buy], [_menu_button(t, "numbers-back-home", "home")]]
    return t.get("numbers-menu"), checked(InlineKeyboardMarkup(inline_keyboard=keyboard))


def _sms_line(t: Translator, c: Country) -> str:
    send_price = money(c.sms_send_price) if c.sms_send_price is not None else "-"
    if c.can_send_sms and c.can_receive_sms:
        return t.get("numbers-sms-both", price=send_price)
    if c.can_receive_sms:
        return t.get("numbers-sms-receive")
    if c.can_send_sms:
        return t.get("numbers-sms-send", price=send_price)
    return t.get("numbers-sms-none")


def country_line(t: Translator, c: Country) -> str:
    price = t.get("numbers-price-month", price=money(c.price_per_month))
    parts = [f"{place(t, c.country_code)} — {price}"]
    if saving(c) > 0:
        parts.append(t.get("numbers-saving", percent=saving_percent(c), base=money(c.base_price)))
    parts.append(_sms_line(t, c))
    return " · ".join(parts)


def countries_step(t: Translator, page: Page[Country]) -> tuple[str, InlineKeyboardMarkup]:
    if not page.total:
        return t.get("numbers-no-countries"), BUY.keyboard([], t)
    lines = [t.get("numbers-countries-title"), ""]
    lines += [country_line(t, c) for c in page.items]
    keyboard = paged_keyboard(
        page,
        list_id=COUNTRIES_LIST,
        button=lambda c: BUY.pick(
            STEP_COUNTRY, c.country_code, f"{place(t, c.country_code)} · {money(c.price_per_month)}"
        ),
        t=t,
        columns=2,
        footer=[BUY.nav_row(t)],
    )
    return "\n".join(lines), keyboard


def _chosen(t: Translator, data: Mapping[str, Any]) -> str:
    """The choices so far, shown above every later step."""
    parts = [place(t, data["country_code"])]
    if "price" in data:
        parts.append(t.get("numbers-price-month", price=money(Decimal(data["price"]))))
    if "months" in data:
        parts.append(t.get("numbers-months", months=int(data["months"])))
    if "auto_renew" in data:
        parts.append(t.get("numbers-renew-state", on=_on(data["auto_renew"])))
    return " · ".join(parts)


def _on(value: object) -> str:
    return "on" if value else "off"


def duration_step(t: Translator, data: Mapping[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    price = Decimal(data["price"])
    buttons = [
        BUY.pick(
            STEP_DURATION,
            months,
            t.get("numbers-duration-option", months=months, cost=money(price * months)),
        )
        for months in DURATIONS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    text = f"{_chosen(t, data)}\n\n{t.get('numbers-duration-title')}"
    return text, BUY.keyboard(rows, t)


def renew_step(t: Translator, data: Mapping[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    rows: Sequence[Sequence[InlineKeyboardButton]] = [
        [
            BUY.pick(STEP_RENEW, True, t.get("numbers-renew-on")),
            BUY.pick(STEP_RENEW, False, t.get("numbers-renew-off")),
        ]
    ]
    text = f"{_chosen(t, data)}\n\n{t.get('numbers-renew-title')}"
    return text, BUY.keyboard(rows, t)


def name_step(
    t: Translator, data: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    text = f"{_chosen(t, data)}\n\n{t.get('numbers-name-title', max=NAME_MAX)}"
    if problem is not None:
        text += "\n\n" + problem
    return text, BUY.keyboard([], t, skip=True)


def name_problem(t: Translator, reason: str) -> str:
    keys = {
        "empty": "numbers-name-empty",
        "too_long": "numbers-name-too-long",
        "control": "numbers-name-bad-chars",
    }
    return t.get(keys.get(reason, "numbers-name-bad-chars"), max=NAME_MAX)


def cancelled(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text, keyboard = numbers_menu(t)
    return f"{t.get('numbers-buy-cancelled')}\n\n{text}", keyboard


def country_gone(t: Translator) -> str:
    return t.get("numbers-country-gone")


def stale_step(t: Translator) -> str:
    return t.get("numbers-stale-step")


# --- confirmation card and result -----------------------------------------------------------


def describe_purchase(t: Translator, params: Mapping[str, Any]) -> str:
    name = params.get("custom_name")
    return "\n".join(
        [
            t.get(
                "numbers-card-what",
                place=place(t, str(params["country_code"])),
                months=int(params["duration_months"]),
            ),
            t.get("numbers-card-renew", on=_on(params["auto_renew"])),
            t.get("numbers-card-name", name=escape(name) if name else "-"),
        ]
    )


def purchase_result(t: Translator, result: Mapping[str, Any]) -> str:
    lines = [f"<b>{t.get('numbers-bought-title')}</b>"]
    for n in result.get("numbers", []):
        lines.append(f"<code>{escape(str(n['phone_number']))}</code>")
        expires = str(n.get("expires_at") or "")[:10] or "-"
        lines.append(
            t.get(
                "numbers-bought-details",
                place=place(t, str(n.get("country_code", ""))),
                expires=escape(expires),
                on=_on(n.get("auto_renew")),
            )
        )
        if n.get("custom_name"):
            lines.append(t.get("numbers-card-name", name=escape(str(n["custom_name"]))))
    lines.append(t.get("numbers-bought-charged", cost=money(Decimal(str(result["cost"])))))
    return "\n".join(lines)


def after_purchase(t: Translator) -> list[list[InlineKeyboardButton]]:
    return [
        [
            _menu_button(t, "numbers-section-button", "numbers"),
            _menu_button(t, "numbers-back-home", "home"),
        ]
    ]


PURCHASE_VIEW = ActionView(
    title_key="numbers-buy-title",
    describe=describe_purchase,
    result=purchase_result,
    after=after_purchase,
)
