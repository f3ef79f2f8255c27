"""Proxies: live servers and prices, a page of orders, the quotes confirmations are built from
(buy, renew, restore) with their paid calls, and exports as files.

Paid calls happen only in the executors below, run by the confirmation component after Confirm.
Their results never hold proxy credentials (results are stored on the confirmation row): the
logins and passwords reach the chat only as an export file, fetched when the user asks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from bot.pivday.inputs import EXPORT_FORMATS
from bot.services.confirmations import Quote

if TYPE_CHECKING:
    from bot.pivday import PivDayClient
    from bot.pivday.models import ProxyOrder, ProxyServer

PURCHASE_ACTION = "proxy.purchase"
RENEW_ACTION = "proxy.renew"
RESTORE_ACTION = "proxy.restore"

QUANTITY_MIN, QUANTITY_MAX = 1, 500  # one order holds up to 500 proxies
MONTHS_MIN, MONTHS_MAX = 1, 12
QUANTITY_CHOICES: tuple[int, ...] = (1, 5, 10, 25, 50, 100)
MONTH_CHOICES: tuple[int, ...] = (1, 2, 3, 6, 12)
RESTORE_MONTHS = 1  # piv.day: a restore extends the term by one month
ORDERS_PER_PAGE = 8
FORMATS: tuple[str, ...] = EXPORT_FORMATS  # socks5, http, both
ACTIVE, EXPIRED = "active", "expired"
ORDER_STATUSES: tuple[str, ...] = (ACTIVE, EXPIRED)
SEARCH_MAX = 64
CENT = Decimal("0.01")

_INTEGER = re.compile(r"[+-]?[0-9]+")


class BadNumberError(ValueError):
    """A typed amount was refused; `reason` is "not_number", "too_small" or "too_large"."""

    def __init__(self, reason: str, lo: int, hi: int) -> None:
        super().__init__(reason)
        self.reason, self.lo, self.hi = reason, lo, hi


class ServerGoneError(LookupError):
    """The chosen server left the live list between the pick and the quote."""


class OrderStateError(Exception):
    """The order is in the wrong state for the asked action (seen before any money moves)."""

    def __init__(self, order: ProxyOrder) -> None:
        super().__init__(order.id)
        self.order = order


class OrderExpiredError(OrderStateError):
    """Renew asked for an expired order: it can only be restored."""


class OrderNotExpiredError(OrderStateError):
    """Restore asked for an order that has not expired."""


class PriceUnknownError(OrderStateError):
    """piv.day did not state the order's price per proxy, so nothing can be quoted."""


def parse_count(text: str, lo: int, hi: int) -> int:
    """A typed whole number within lo..hi ("ten", "1e3", "2.5" are not numbers)."""
    value = text.strip()
    if not _INTEGER.fullmatch(value):
        raise BadNumberError("not_number", lo, hi)
    number = int(value)
    if number < lo:
        raise BadNumberError("too_small", lo, hi)
    if number > hi:
        raise BadNumberError("too_large", lo, hi)
    return number


def parse_quantity(text: str) -> int:
    return parse_count(text, QUANTITY_MIN, QUANTITY_MAX)


def parse_months(text: str) -> int:
    return parse_count(text, MONTHS_MIN, MONTHS_MAX)


def in_range(value: str, lo: int, hi: int) -> int | None:
    """A button's value as a number within lo..hi, or None (forged or stale data)."""
    try:
        return parse_count(value, lo, hi)
    except BadNumberError:
        return None


def cost_of(price: Decimal, quantity: int, months: int) -> Decimal:
    """price × quantity × months, to the cent."""
    return (price * quantity * months).quantize(CENT, rounding=ROUND_HALF_UP)


def days_left(expires_at: datetime | None, now: datetime) -> int | None:
    """Whole days until expiry, rounded up (0 once it is over); None without a date."""
    if expires_at is None:
        return None
    seconds = (expires_at - now).total_seconds()
    return max(0, -int(-seconds // 86400))


def clean_search(text: str) -> str:
    return " ".join(text.split())[:SEARCH_MAX]


# --- reads ---------------------------------------------------------------------------------


async def list_servers(client: PivDayClient) -> list[ProxyServer]:
    """Servers on sale in a stable order (paging must not reshuffle between pages)."""
    servers = await client.proxy.servers()
    return sorted(servers, key=lambda s: (s.country or "", s.name or "", s.id))


async def find_server(client: PivDayClient, server_id: str) -> ProxyServer:
    for server in await client.proxy.servers():
        if server.id == server_id:
            return server
    raise ServerGoneError(server_id)


@dataclass(frozen=True, slots=True)
class OrderSlice:
    """One page of orders as piv.day cut it: `page` is 0-based (clamped), `total` all matches."""

    orders: list[ProxyOrder]
    page: int
    total: int
    per_page: int


async def list_orders(
    client: PivDayClient,
    *,
    page: int,
    status: str | None = None,
    search: str | None = None,
    per_page: int = ORDERS_PER_PAGE,
) -> OrderSlice:
    """A page of orders; a page past the end (orders went away) shows the last one instead."""
    page = max(0, page)

    async def fetch(number: int) -> tuple[list[ProxyOrder], int]:
        found = await client.proxy.orders(
            limit=per_page, offset=number * per_page, status=status, search=search or None
        )
        return list(found.items), found.pagination.total

    orders, total = await fetch(page)
    last = max(0, (total - 1) // per_page)
    if not orders and page > last:
        page = last
        orders, total = await fetch(page)
    return OrderSlice(orders, page, total, per_page)


async def get_order(client: PivDayClient, order_id: str) -> ProxyOrder:
    return await client.proxy.order(order_id)


# --- quotes --------------------------------------------------------------------------------


async def quote_purchase(
    client: PivDayClient, *, server_id: str, quantity: int, months: int
) -> Quote:
    """Price from the live server list, balance from GET /account, both read now."""
    if not (QUANTITY_MIN <= quantity <= QUANTITY_MAX and MONTHS_MIN <= months <= MONTHS_MAX):
        raise ValueError(f"quantity {quantity} / months {months} out of range")
    server = await find_server(client, server_id)
    account = await client.account.get()
    # The request is server_id/quantity/months; the rest is what the card shows the user.
    params: dict[str, Any] = {
        "server_id": server.id,
        "quantity": quantity,
        "months": months,
        "server_name": server.name,
        "country": server.country,
        "price": str(server.price_per_proxy),
    }
    return Quote(
        PURCHASE_ACTION,
        params,
        cost_of(server.price_per_proxy, quantity, months),
        account.balance,
    )


def _order_params(order: ProxyOrder, price: Decimal) -> dict[str, Any]:
    """What renew/restore cards show about the order (the request itself is order_id [+ months])."""
    expires = order.expires_at.isoformat() if order.expires_at else None
    return {
        "order_id": order.id,
        "country": order.country,
        "quantity": order.quantity,
        "price": str(price),
        "expires_at": expires,
    }


def _price(order: ProxyOrder) -> Decimal:
    if order.price_per_proxy is None:
        raise PriceUnknownError(order)
    return order.price_per_proxy


async def renewable(client: PivDayClient, order_id: str) -> tuple[ProxyOrder, Decimal]:
    """The order and its price per proxy per month, if it can be renewed (it is not expired)."""
    order = await client.proxy.order(order_id)
    if order.status == EXPIRED:
        raise OrderExpiredError(order)
    return order, _price(order)


async def quote_renew(client: PivDayClient, *, order_id: str, months: int) -> Quote:
    """The order's own price (as piv.day states it) × its quantity × months; balance now."""
    if not MONTHS_MIN <= months <= MONTHS_MAX:
        raise ValueError(f"months {months} out of range")
    order, price = await renewable(client, order_id)
    account = await client.account.get()
    params = {**_order_params(order, price), "months": months}
    return Quote(RENEW_ACTION, params, cost_of(price, order.quantity, months), account.balance)


async def quote_restore(client: PivDayClient, *, order_id: str) -> Quote:
    """An expired order back for one month at the price piv.day states for it."""
    order = await client.proxy.order(order_id)
    if order.status != EXPIRED:
        raise OrderNotExpiredError(order)
    price = _price(order)
    account = await client.account.get()
    cost = cost_of(price, order.quantity, RESTORE_MONTHS)
    return Quote(RESTORE_ACTION, _order_params(order, price), cost, account.balance)


# --- paid calls (run after Confirm; declared in handlers.proxies) ----------------------------


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _money(value: Decimal | None) -> dict[str, str]:
    """ "cost" only when piv.day said what it charged (the audit falls back to the quote)."""
    return {} if value is None else {"cost": str(value.quantize(CENT))}


async def purchase(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    order = await client.proxy.purchase(
        server_id=str(params["server_id"]),
        quantity=int(params["quantity"]),
        months=int(params["months"]),
    )
    return {
        **_money(order.price_total),
        "order_id": order.id,
        "country": order.country or params.get("country"),
        "quantity": order.quantity,
        "expires_at": _when(order.expires_at),
    }


async def renew(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    renewal = await client.proxy.renew(
        order_id=str(params["order_id"]), months=int(params["months"])
    )
    return {
        **_money(renewal.cost),
        "order_id": renewal.order_id,
        "months": int(params["months"]),
        "expires_at": _when(renewal.new_expires_at),
    }


async def restore(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    restored = await client.proxy.restore(order_id=str(params["order_id"]))
    return {
        **_money(restored.total_cost),
        "order_id": restored.order_id,
        "quantity": restored.quantity if restored.quantity is not None else params.get("quantity"),
        "expires_at": _when(restored.expires_at),
    }


# --- export ----------------------------------------------------------------------------------

FILENAME_MAX = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows refuses whatever the extension (CON.txt is still the console).
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}


def safe_filename(name: str | None, fallback: str) -> str:
    """A .txt file name every OS accepts: ASCII letters, digits, dot, dash, underscore; no path,
    no leading/trailing dots, no reserved device name, at most FILENAME_MAX characters."""
    for candidate in (name or "", fallback):
        base = re.split(r"[\\/]", candidate)[-1]
        stem = base[:-4] if base.lower().endswith(".txt") else base
        stem = _UNSAFE.sub("_", stem).strip("._-")[: FILENAME_MAX - 4].rstrip("._-")
        if stem:
            if stem.split(".")[0].upper() in _RESERVED:
                stem = f"_{stem}"
            return f"{stem}.txt"
    return "proxies.txt"


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A proxy list ready to send: the API's content verbatim, under a safe name."""

    filename: str
    content: bytes = field(repr=False)  # credentials: never in a log line
    count: int  # lines (one proxy endpoint each)
    fmt: str


async def export(client: PivDayClient, *, order_id: str, fmt: str) -> ExportFile:
    """GET /proxy/orders/{id}/export in `fmt`, named as piv.day suggests (made safe)."""
    exported = await client.proxy.export(order_id, format=fmt)
    lines = [line for line in exported.content.splitlines() if line.strip()]
    name = safe_filename(exported.filename, f"piv-day-proxy-{order_id}-{fmt}.txt")
    return ExportFile(name, exported.content.encode("utf-8"), len(lines), exported.format or fmt)
