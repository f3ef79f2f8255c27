"""Proxies section: submenu, the buy wizard (server → quantity → months), the orders list and
the order card, the renew step, export captions, and the confirmation/result views.

Credentials never appear in any text built here: they travel only as export files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday.models import ProxyOrder, ProxyServer
from bot.services import proxies as svc
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback, Section
from bot.ui.confirm import ActionView
from bot.ui.format import flag, money, place
from bot.ui.keyboards import section_button
from bot.ui.paging import Page, PageCallback, Translator, checked, paged_keyboard
from bot.ui.wizard import Wizard

Rows = list[list[InlineKeyboardButton]]

SERVERS_LIST = "bps"  # PageCallback list id of the server list (buy, step 1)
SERVERS_PER_PAGE = 6
STEP_SERVER, STEP_QUANTITY, STEP_MONTHS = "s", "q", "m"
# The orders list: one PageCallback list id per status filter (None = every order).
ORDER_LISTS: dict[str, str | None] = {"po": None, "poa": svc.ACTIVE, "poe": svc.EXPIRED}
ALL_ORDERS = "po"
NAME_MAX = 40  # server names and statuses from piv.day, cut for lines and buttons
SEARCH_KEY = "px_search"  # FSM data: the orders list's search text
LIST_KEY = "px_list"  # FSM data: the list (filter) a search applies to


class ProxyOp(StrEnum):
    BUY = "b"
    SEARCH = "s"  # ask for the orders list's search text
    CLEAR_SEARCH = "x"
    EXPORT = "e"  # id = order id, fmt = socks5 | http | both
    RESTORE = "r"  # id = order id (→ confirmation card)


class ProxyCallback(CallbackData, prefix="px"):
    op: ProxyOp
    id: str = ""
    fmt: str = ""


class BuyProxy(StatesGroup):
    server = State()
    quantity = State()
    months = State()


class RenewProxy(StatesGroup):
    months = State()


class SearchOrders(StatesGroup):
    text = State()


BUY = Wizard("bp", [BuyProxy.server, BuyProxy.quantity, BuyProxy.months])
RENEW = Wizard("rp", [RenewProxy.months])
SEARCH = Wizard("ps", [SearchOrders.text])

# Literal message ids for values chosen at run time.
_FORMAT_KEYS = {"socks5": "proxies-format-socks5", "http": "proxies-format-http"}
_PROBLEM_KEYS = {
    "not_number": "proxies-typed-not-number",
    "too_small": "proxies-typed-too-small",
    "too_large": "proxies-typed-too-large",
}
_FILTER_KEYS = {
    ALL_ORDERS: "proxies-filter-all",
    "poa": "proxies-filter-active",
    "poe": "proxies-filter-expired",
}


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _home_row(t: Translator) -> list[InlineKeyboardButton]:
    return [section_button(t, Section.PROXIES), section_button(t, Section.HOME)]


def orders_button(t: Translator, list_id: str = ALL_ORDERS) -> InlineKeyboardButton:
    return _button(t.get("proxies-orders-button"), PageCallback(list_id=list_id, page=0))


def _open_button(t: Translator, order_id: str) -> InlineKeyboardButton:
    return _button(t.get("proxies-open-order"), OpenCallback(kind=Kind.PROXY, id=order_id))


def proxies_menu(t: Translator, note: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    buy = _button(t.get("proxies-buy-button"), ProxyCallback(op=ProxyOp.BUY))
    rows = [[buy], [orders_button(t)], [section_button(t, Section.HOME)]]
    text = t.get("proxies-menu")
    if note is not None:
        text = f"{note}\n\n{text}"
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def _day(value: datetime | str | None) -> str:
    if value is None:
        return "-"
    return escape(value.date().isoformat() if isinstance(value, datetime) else value[:10])


def _country(t: Translator, code: str | None) -> str:
    return place(t, _short(code)) if code else "-"


def _short(text: str, limit: int = NAME_MAX) -> str:
    """piv.day's free text cut to fit a line or a button (escape after cutting)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _server_name(s: ProxyServer) -> str:
    return _short(s.name or s.id)


# --- buy wizard -------------------------------------------------------------------------------


def server_line(t: Translator, s: ProxyServer) -> str:
    return t.get(
        "proxies-server-line",
        place=_country(t, s.country),
        name=escape(_server_name(s)),
        # Strings, not numbers: Fluent would group digits ("1 080" in Russian).
        socks5=str(s.socks5_port) if s.socks5_port is not None else "-",
        http=str(s.http_port) if s.http_port is not None else "-",
        price=money(s.price_per_proxy),
    )


def servers_step(
    t: Translator, page: Page[ProxyServer], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Step 1: every server with its country, ports and price (the Servers screen too)."""
    if not page.total:
        return t.get("proxies-no-servers"), BUY.keyboard([], t)
    lines = [problem, ""] if problem is not None else []
    lines += [t.get("proxies-servers-title"), ""] + [server_line(t, s) for s in page.items]
    keyboard = paged_keyboard(
        page,
        list_id=SERVERS_LIST,
        button=lambda s: BUY.pick(
            STEP_SERVER,
            s.id,
            f"{flag(s.country or '')} {_server_name(s)} · {money(s.price_per_proxy)}".strip(),
        ),
        t=t,
        columns=2,
        footer=[BUY.nav_row(t)],
    )
    return "\n".join(lines), keyboard


def _chosen(t: Translator, data: Mapping[str, Any]) -> str:
    """What this flow has settled so far, shown above each later step."""
    parts = []
    if data.get("order_id"):
        parts.append(t.get("proxies-order-ref", id=escape(str(data["order_id"]))))
    parts.append(_country(t, data.get("country")))
    if data.get("server_name"):
        parts.append(escape(_short(str(data["server_name"]))))
    if "price" in data:
        parts.append(t.get("proxies-price-each", price=money(Decimal(str(data["price"])))))
    if "quantity" in data:
        parts.append(t.get("proxies-count", count=int(data["quantity"])))
    return " · ".join(parts)


def _step_text(t: Translator, data: Mapping[str, Any], title: str, problem: str | None) -> str:
    text = f"{_chosen(t, data)}\n\n{title}"
    return text if problem is None else f"{text}\n\n{problem}"


def _grid(buttons: Sequence[InlineKeyboardButton], columns: int = 3) -> Rows:
    return [list(buttons[i : i + columns]) for i in range(0, len(buttons), columns)]


def quantity_step(
    t: Translator, data: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    price = Decimal(str(data["price"]))
    buttons = [
        BUY.pick(
            STEP_QUANTITY,
            n,
            t.get("proxies-quantity-option", count=n, cost=money(svc.cost_of(price, n, 1))),
        )
        for n in svc.QUANTITY_CHOICES
    ]
    title = t.get("proxies-quantity-title", lo=svc.QUANTITY_MIN, hi=svc.QUANTITY_MAX)
    settled = {k: v for k, v in data.items() if k != "quantity"}  # asked again after Back
    return _step_text(t, settled, title, problem), BUY.keyboard(_grid(buttons, 2), t)


def months_step(
    t: Translator, wizard: Wizard, data: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """How many months, each option with its total: one builder for buying and renewing."""
    price, quantity = Decimal(str(data["price"])), int(data["quantity"])
    buttons = [
        wizard.pick(
            STEP_MONTHS,
            m,
            t.get("proxies-months-option", months=m, cost=money(svc.cost_of(price, quantity, m))),
        )
        for m in svc.MONTH_CHOICES
    ]
    key = "proxies-renew-title" if wizard is RENEW else "proxies-months-title"
    title = t.get(key, lo=svc.MONTHS_MIN, hi=svc.MONTHS_MAX)
    return _step_text(t, data, title, problem), wizard.keyboard(_grid(buttons), t)


def number_problem(t: Translator, exc: svc.BadNumberError) -> str:
    key = _PROBLEM_KEYS.get(exc.reason, "proxies-typed-not-number")
    return t.get(key, lo=exc.lo, hi=exc.hi)


def cancelled(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return proxies_menu(t, t.get("proxies-cancelled"))


def server_gone(t: Translator) -> str:
    return t.get("proxies-server-gone")


def stale_step(t: Translator) -> str:
    return t.get("proxies-stale-step")


# --- orders list and card ---------------------------------------------------------------------


def _status(t: Translator, status: str | None) -> str:
    return t.get("proxies-status", status=escape(_short(status or "-")))


def _order_button(t: Translator, o: ProxyOrder) -> InlineKeyboardButton:
    mark = "⌛" if o.status == svc.EXPIRED else "✅" if o.status == svc.ACTIVE else "•"
    text = t.get(
        "proxies-order-button",
        mark=mark,
        flag=flag(o.country or ""),
        country=_short(o.country or "-", 8),
        count=o.quantity,
        until=_day(o.expires_at),
    )
    return _button(text, OpenCallback(kind=Kind.PROXY, id=o.id))


def orders_list(
    t: Translator, page: Page[ProxyOrder], list_id: str, search: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("proxies-orders-title", total=page.total)]
    lines.append(t.get("proxies-orders-filter", name=t.get(_FILTER_KEYS[list_id])))
    if search:
        lines.append(t.get("proxies-orders-search", text=escape(search)))
    if not page.total:
        lines += ["", t.get("proxies-orders-empty")]
    filters = [
        _button(("• " if lid == list_id else "") + t.get(key), PageCallback(list_id=lid, page=0))
        for lid, key in _FILTER_KEYS.items()
    ]
    search_row = [_button(t.get("proxies-search-button"), ProxyCallback(op=ProxyOp.SEARCH))]
    if search:
        search_row.append(
            _button(t.get("proxies-search-clear"), ProxyCallback(op=ProxyOp.CLEAR_SEARCH))
        )
    buy = _button(t.get("proxies-buy-button"), ProxyCallback(op=ProxyOp.BUY))
    keyboard = paged_keyboard(
        page,
        list_id=list_id,
        button=lambda o: _order_button(t, o),
        t=t,
        footer=[filters, search_row, [buy], _home_row(t)],
    )
    return "\n".join(lines), keyboard


def search_prompt(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return t.get("proxies-search-title", max=svc.SEARCH_MAX), SEARCH.keyboard([], t)


def _days_lines(t: Translator, order: ProxyOrder, now: datetime) -> list[str]:
    days = svc.days_left(order.expires_at, now)
    if days is None:
        return []
    if order.status == svc.EXPIRED or days == 0:
        return [t.get("proxies-card-expired", date=_day(order.expires_at))]
    return [t.get("proxies-card-expires", date=_day(order.expires_at), days=days)]


def format_buttons(t: Translator, order_id: str) -> list[InlineKeyboardButton]:
    """📄 SOCKS5 · 📄 HTTP · 📄 Both: the order's list as a .txt file in that format."""
    return [
        _button(
            t.get("proxies-export-button", format=_format_name(t, fmt)),
            ProxyCallback(op=ProxyOp.EXPORT, id=order_id, fmt=fmt),
        )
        for fmt in svc.FORMATS
    ]


def _format_name(t: Translator, fmt: str) -> str:
    key = _FORMAT_KEYS.get(fmt)
    return t.get(key) if key else t.get("proxies-format-both")


def order_card(
    t: Translator, order: ProxyOrder, now: datetime, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t.get("proxies-card-title", id=escape(order.id)),
        t.get("proxies-card-country", place=_country(t, order.country)),
        t.get("proxies-card-quantity", count=order.quantity),
    ]
    if order.price_per_proxy is not None:
        lines.append(t.get("proxies-card-price", price=money(order.price_per_proxy)))
    if order.price_total is not None:
        lines.append(t.get("proxies-card-total", total=money(order.price_total)))
    lines.append(t.get("proxies-card-bought", date=_day(order.purchased_at or order.created_at)))
    lines += _days_lines(t, order, now)
    lines.append(_status(t, order.status))
    if order.auto_renew is not None:
        lines.append(t.get("proxies-card-auto-renew", on="on" if order.auto_renew else "off"))
    lines += ["", t.get("proxies-card-files")]
    if note is not None:
        lines += ["", note]
    if order.status == svc.EXPIRED:
        action = _button(
            t.get("proxies-restore-button"), ProxyCallback(op=ProxyOp.RESTORE, id=order.id)
        )
    else:
        action = _button(t.get("proxies-renew-button"), RenewCallback(kind=Kind.PROXY, id=order.id))
    rows = [[action], format_buttons(t, order.id), [orders_button(t)], _home_row(t)]
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def renew_expired(t: Translator) -> str:
    return t.get("proxies-renew-expired")


def restore_active(t: Translator) -> str:
    return t.get("proxies-restore-active")


def price_unknown(t: Translator) -> str:
    return t.get("proxies-price-unknown")


def file_caption(t: Translator, order_id: str, fmt: str, count: int) -> str:
    return t.get(
        "proxies-file-caption", id=escape(order_id), format=_format_name(t, fmt), count=count
    )


def file_empty(t: Translator) -> str:
    return t.get("proxies-file-empty")


# --- confirmation cards and results -----------------------------------------------------------


def _order_head(t: Translator, params: Mapping[str, Any]) -> str:
    return " · ".join(
        [
            t.get("proxies-order-ref", id=escape(str(params["order_id"]))),
            _country(t, params.get("country")),
            t.get("proxies-count", count=int(params["quantity"])),
        ]
    )


def describe_purchase(t: Translator, params: Mapping[str, Any]) -> str:
    server = escape(_short(str(params.get("server_name") or params["server_id"])))
    return "\n".join(
        [
            f"{_country(t, params.get('country'))} · {server}",
            t.get(
                "proxies-card-buy",
                count=int(params["quantity"]),
                months=int(params["months"]),
                price=money(Decimal(str(params["price"]))),
            ),
        ]
    )


def describe_renew(t: Translator, params: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            _order_head(t, params),
            t.get(
                "proxies-card-renew",
                months=int(params["months"]),
                price=money(Decimal(str(params["price"]))),
                date=_day(params.get("expires_at")),
            ),
        ]
    )


def describe_restore(t: Translator, params: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            _order_head(t, params),
            t.get(
                "proxies-card-restore",
                months=svc.RESTORE_MONTHS,
                price=money(Decimal(str(params["price"]))),
            ),
        ]
    )


def _charged(t: Translator, result: Mapping[str, Any]) -> list[str]:
    cost = result.get("cost")
    return [] if cost is None else [t.get("proxies-charged", cost=money(Decimal(str(cost))))]


def purchase_result(t: Translator, result: Mapping[str, Any]) -> str:
    lines = [
        t.get("proxies-bought-title"),
        t.get("proxies-order-ref", id=escape(str(result["order_id"]))),
        t.get(
            "proxies-bought-details",
            place=_country(t, result.get("country")),
            count=int(result["quantity"]),
            date=_day(result.get("expires_at")),
        ),
        *_charged(t, result),
        "",
        t.get("proxies-bought-files"),
    ]
    return "\n".join(lines)


def _extended(t: Translator, result: Mapping[str, Any], title: str, until: str) -> str:
    """Renewed / restored: the order, its new end date and what was charged."""
    lines = [
        t.get(title),
        t.get("proxies-order-ref", id=escape(str(result["order_id"]))),
        t.get(until, date=_day(result.get("expires_at"))),
        *_charged(t, result),
    ]
    return "\n".join(lines)


def renew_result(t: Translator, result: Mapping[str, Any]) -> str:
    return _extended(t, result, "proxies-renewed-title", "proxies-renewed-until")


def restore_result(t: Translator, result: Mapping[str, Any]) -> str:
    return _extended(t, result, "proxies-restored-title", "proxies-restored-until")


def after_failure(t: Translator) -> Rows:
    return [_home_row(t)]


def after_purchase(t: Translator, result: Mapping[str, Any]) -> Rows:
    order_id = str(result["order_id"])
    return [format_buttons(t, order_id), [_open_button(t, order_id)]]


def after_order_change(t: Translator, result: Mapping[str, Any]) -> Rows:
    return [[_open_button(t, str(result["order_id"]))]]


PURCHASE_VIEW = ActionView(
    "proxies-buy-title",
    describe_purchase,
    purchase_result,
    after=after_failure,
    links=after_purchase,
)
RENEW_VIEW = ActionView(
    "proxies-renew-card-title",
    describe_renew,
    renew_result,
    after=after_failure,
    links=after_order_change,
)
RESTORE_VIEW = ActionView(
    "proxies-restore-card-title",
    describe_restore,
    restore_result,
    after=after_failure,
    links=after_order_change,
)
