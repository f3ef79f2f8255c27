"""Numbers section: submenu, countries and prices, the buy-a-number wizard steps and its
confirmation/result views, and the callback data the whole section shares. My numbers and the
number card are in bot.ui.number_card, SMS and codes in bot.ui.sms."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
from bot.ui.format import country_name, money, place
from bot.ui.paging import Page, Translator, checked, paged_keyboard
from bot.ui.wizard import Wizard, reason_text

COUNTRIES_LIST = "bnc"  # PageCallback list id of the country list in the buy wizard
PRICES_LIST = "npr"  # … and of the countries & prices screen
PER_PAGE = 6  # 3 rows of 2: the country list stays short on a phone screen
STEP_COUNTRY, STEP_DURATION, STEP_RENEW = "c", "d", "r"


class NumbersOp(StrEnum):
    BUY = "buy"
    PRICES = "prices"
    LIST = "list"  # My numbers, without filters
    SEARCH = "search"  # asks for the text to search for
    RESTORE = "restore"  # pick expired numbers to restore


class NumbersCallback(CallbackData, prefix="n"):
    op: NumbersOp


class NumberOp(StrEnum):
    """What a button on (or under) one number's card does."""

    CARD = "c"
    RENEW = "r"  # the duration step
    RENEW_FOR = "rf"  # arg: months → confirmation card
    RENAME = "nm"
    AUTO = "a"  # arg: "1" on, "0" off
    SMS = "s"  # arg: history page
    SEND = "ss"
    VERIFY = "v"
    WAIT = "w"  # wait for a code
    STOP = "x"  # stop waiting
    RESTORE = "rs"  # restore this (expired) number: the picker with it selected
    SIMULATE = "sim"  # sandbox mode: an inbound SMS arrives


class NumberCallback(CallbackData, prefix="nm"):
    op: NumberOp
    id: str  # piv_num_id
    arg: str = ""


def number_button(text: str, op: NumberOp, piv_num_id: str, arg: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=NumberCallback(op=op, id=piv_num_id, arg=arg).pack()
    )


def by_name(t: Translator, countries: Sequence[Country]) -> list[Country]:
    """Countries in the reader's alphabet order ("Sweden" in en, "Швеция" in ru)."""
    return sorted(
        countries, key=lambda c: (country_name(t, c.country_code).casefold(), c.country_code)
    )


class BuyNumber(StatesGroup):
    country = State()
    duration = State()
    renew = State()
    name = State()


BUY = Wizard("bn", [BuyNumber.country, BuyNumber.duration, BuyNumber.renew, BuyNumber.name])


def _menu_button(t: Translator, key: str, section: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t.get(key), callback_data=MenuCallback(section=section).pack())


def section_button(t: Translator, key: str, op: NumbersOp) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t.get(key), callback_data=NumbersCallback(op=op).pack())


def numbers_menu(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    keyboard = [
        [
            section_button(t, "numbers-list-button", NumbersOp.LIST),
            section_button(t, "numbers-buy-button", NumbersOp.BUY),
        ],
        [
            section_button(t, "numbers-prices-button", NumbersOp.PRICES),
            section_button(t, "numbers-restore-button", NumbersOp.RESTORE),
        ],
        [section_button(t, "numbers-search-button", NumbersOp.SEARCH)],
        [_menu_button(t, "numbers-back-home", "home")],
    ]
    return t.get("numbers-menu"), checked(InlineKeyboardMarkup(inline_keyboard=keyboard))


def back_to_numbers(t: Translator) -> list[InlineKeyboardButton]:
    return [_menu_button(t, "numbers-section-button", "numbers")]


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


def _countries_screen(
    t: Translator,
    page: Page[Country],
    *,
    title_key: str,
    list_id: str,
    footer: list[InlineKeyboardButton],
) -> tuple[str, InlineKeyboardMarkup]:
    """The countries and their prices (the buy wizard's first step and the prices screen): a
    country button starts (or continues) the buy wizard with that country."""
    if not page.total:
        markup = checked(InlineKeyboardMarkup(inline_keyboard=[footer]))
        return t.get("numbers-no-countries"), markup
    lines = [t.get(title_key), ""]
    lines += [country_line(t, c) for c in page.items]
    keyboard = paged_keyboard(
        page,
        list_id=list_id,
        button=lambda c: BUY.pick(
            STEP_COUNTRY, c.country_code, f"{place(t, c.country_code)} · {money(c.price_per_month)}"
        ),
        t=t,
        columns=2,
        footer=[footer],
    )
    return "\n".join(lines), keyboard


def countries_step(t: Translator, page: Page[Country]) -> tuple[str, InlineKeyboardMarkup]:
    return _countries_screen(
        t,
        page,
        title_key="numbers-countries-title",
        list_id=COUNTRIES_LIST,
        footer=BUY.nav_row(t),
    )


def prices_screen(t: Translator, page: Page[Country]) -> tuple[str, InlineKeyboardMarkup]:
    return _countries_screen(
        t, page, title_key="numbers-prices-title", list_id=PRICES_LIST, footer=back_to_numbers(t)
    )


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


def duration_rows(
    t: Translator, price: Decimal, button: Callable[[int, str], InlineKeyboardButton]
) -> list[list[InlineKeyboardButton]]:
    """ "1 month · $4.00"… in rows of two, for buying and renewing alike."""
    buttons = [
        button(months, t.get("numbers-duration-option", months=months, cost=money(price * months)))
        for months in DURATIONS
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def duration_step(t: Translator, data: Mapping[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    rows = duration_rows(
        t, Decimal(data["price"]), lambda months, text: BUY.pick(STEP_DURATION, months, text)
    )
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
    question = f"{_chosen(t, data)}\n\n{t.get('numbers-name-title', max=NAME_MAX)}"
    return BUY.ask(t, question, problem=problem, skip=True)


NAME_PROBLEMS = {
    "control": "numbers-name-bad-chars",
    "empty": "numbers-name-empty",
    "too_long": "numbers-name-too-long",
}


def name_problem(t: Translator, reason: str) -> str:
    return reason_text(t, NAME_PROBLEMS, reason, max=NAME_MAX)


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
    """Under a result (or failure) of any paid numbers action: where to go next."""
    return [
        [
            section_button(t, "numbers-list-button", NumbersOp.LIST),
            _menu_button(t, "numbers-section-button", "numbers"),
        ]
    ]


def number_link(t: Translator, result: Mapping[str, Any]) -> list[list[InlineKeyboardButton]]:
    """Above the buttons of a success about one number (bought, renewed, texted, verifying):
    open its card."""
    bought = result.get("numbers") or [{}]
    piv_num_id = result.get("piv_num_id") or bought[0].get("piv_num_id")
    if not piv_num_id:
        return []
    return [[number_button(t.get("numbers-open-card"), NumberOp.CARD, str(piv_num_id))]]


PURCHASE_VIEW = ActionView(
    title_key="numbers-buy-title",
    describe=describe_purchase,
    result=purchase_result,
    after=after_purchase,
    links=number_link,
)
