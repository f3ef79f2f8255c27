"""Proxies pieces on their own: typed numbers, safe file names, the orders page math against the
sandbox, and property tests for every screen and card builder with extreme inputs (4096-char
messages, ≤ 100 buttons, ≤ 64-byte callback data, HTML from piv.day escaped)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pivday import ClientPool
from bot.pivday.models import ProxyOrder, ProxyServer
from bot.services import proxies as svc
from bot.ui import proxies as ui
from bot.ui.confirm import ActionView, after_keyboard
from bot.ui.paging import page_of, remote_page
from tests.fakes.i18n_fixture import tr
from tests.fakes.proxy_flow import buy_order
from tests.fakes.sandbox_fixture import RunningSandbox

MAX_TEXT = 4096
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*\.txt$")
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}
T = {lang: tr(lang) for lang in ("en", "ru")}
NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)

# Ids piv.day could send that still fit every button's 64 bytes (export: "px:e:<id>:socks5").
ids = st.text(alphabet="abcdef0123456789-ord", min_size=1, max_size=52)
wild = st.text(max_size=4096)  # any free text piv.day might put in a name or status
money = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
langs = st.sampled_from(["en", "ru"])


def limits(text: str, markup: InlineKeyboardMarkup | None) -> None:
    assert len(text) <= MAX_TEXT
    if markup is None:
        return
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert len(buttons) <= 100
    for b in buttons:
        assert b.callback_data is not None and len(b.callback_data.encode()) <= 64


@st.composite
def orders(draw: st.DrawFn) -> ProxyOrder:
    return ProxyOrder(
        id=draw(ids),
        country=draw(st.one_of(st.none(), st.sampled_from(["DE", "NL", "US", "??"]), wild)),
        quantity=draw(st.integers(1, 500)),
        price_per_proxy=draw(st.one_of(st.none(), money)),
        price_total=draw(st.one_of(st.none(), money)),
        status=draw(st.one_of(st.none(), st.sampled_from(["active", "expired"]), wild)),
        purchased_at=draw(st.one_of(st.none(), moments)),
        expires_at=draw(st.one_of(st.none(), moments)),
        auto_renew=draw(st.one_of(st.none(), st.booleans())),
    )


@st.composite
def servers(draw: st.DrawFn) -> ProxyServer:
    return ProxyServer(
        id=draw(st.text(alphabet="abcdef0123456789-", min_size=1, max_size=52)),
        name=draw(st.one_of(st.none(), wild)),
        country=draw(st.one_of(st.none(), st.sampled_from(["DE", "NL"]), wild)),
        socks5_port=draw(st.one_of(st.none(), st.integers(1, 65535))),
        http_port=draw(st.one_of(st.none(), st.integers(1, 65535))),
        price_per_proxy=draw(money),
    )


# --- typed numbers ---------------------------------------------------------------------------


@given(st.integers(-(10**30), 10**30), st.sampled_from([" ", "", "\n "]))
def test_typed_whole_numbers_are_read_or_refused_with_the_reason(n: int, pad: str) -> None:
    text = f"{pad}{n}{pad}"
    if 1 <= n <= 500:
        assert svc.parse_quantity(text) == n
        return
    with pytest.raises(svc.BadNumberError) as refused:
        svc.parse_quantity(text)
    assert refused.value.reason == ("too_small" if n < 1 else "too_large")
    assert (refused.value.lo, refused.value.hi) == (1, 500)


@pytest.mark.parametrize("text", ["ten", "1e3", "2.5", "1,000", "", " ", "５", "0x10", "1 0", "½"])
def test_not_a_whole_number(text: str) -> None:
    with pytest.raises(svc.BadNumberError) as refused:
        svc.parse_months(text)
    assert refused.value.reason == "not_number"


def test_a_plus_sign_and_leading_zeros_are_still_numbers() -> None:
    assert svc.parse_quantity("+5") == 5 and svc.parse_months("012") == 12


@given(st.one_of(st.text(max_size=30), st.integers(-100, 100).map(str)))
def test_button_values_outside_the_range_are_stale(value: str) -> None:
    got = svc.in_range(value, 1, 12)
    assert got is None or (1 <= got <= 12 and got == int(value))


# --- file names ------------------------------------------------------------------------------


@given(st.one_of(st.none(), st.text(max_size=400)), st.text(max_size=100))
def test_any_file_name_becomes_safe_on_every_os(name: str | None, fallback: str) -> None:
    safe = svc.safe_filename(name, fallback)
    assert SAFE_NAME.match(safe) and len(safe) <= svc.FILENAME_MAX
    assert safe.split(".")[0].upper() not in RESERVED


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("piv-day-proxy-ord-uuid--socks5.txt", "piv-day-proxy-ord-uuid--socks5.txt"),
        ("../../etc/passwd", "passwd.txt"),
        ("C:\\Windows\\proxies.txt", "proxies.txt"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1.txt"),
        ("my list?.TXT", "my_list.txt"),
        ("прокси.txt", "piv-day-proxy-o1-http.txt"),  # nothing usable: the fallback
        ("....txt", "piv-day-proxy-o1-http.txt"),
        (None, "piv-day-proxy-o1-http.txt"),
        ("x" * 500, "x" * 116 + ".txt"),
    ],
)
def test_file_name_examples(name: str | None, safe: str) -> None:
    assert svc.safe_filename(name, "piv-day-proxy-o1-http.txt") == safe


def test_export_file_repr_hides_the_credentials() -> None:
    file = svc.ExportFile("a.txt", b"user1:secretpass@1.2.3.4:1080", 1, "socks5")
    assert "secretpass" not in repr(file)


# --- money and dates ---------------------------------------------------------------------------


@given(money, st.integers(1, 500), st.integers(1, 12))
def test_cost_is_price_times_quantity_times_months_to_the_cent(
    price: Decimal, quantity: int, months: int
) -> None:
    assert svc.cost_of(price, quantity, months) == price * quantity * months


def test_days_left_rounds_up_and_stops_at_zero() -> None:
    assert svc.days_left(NOW + timedelta(days=2, seconds=1), NOW) == 3
    assert svc.days_left(NOW + timedelta(days=2), NOW) == 2
    assert svc.days_left(NOW - timedelta(days=2), NOW) == 0
    assert svc.days_left(None, NOW) is None


# --- orders page math against the sandbox ------------------------------------------------------


@pytest.fixture
async def pool(sandbox: RunningSandbox) -> AsyncIterator[ClientPool]:
    p = ClientPool(sandbox.url)
    yield p
    await p.aclose()


async def test_a_page_past_the_end_shows_the_last_one(
    sandbox: RunningSandbox, sandbox_key: str, pool: ClientPool
) -> None:
    for _ in range(5):
        await buy_order(sandbox, sandbox_key, quantity=1)
    client = pool.client(sandbox_key)
    found = await svc.list_orders(client, page=9, per_page=2)
    assert (found.page, found.total, len(found.orders)) == (2, 5, 1)
    empty = await svc.list_orders(client, page=3, status="expired")
    assert (empty.page, empty.total, empty.orders) == (0, 0, [])


def test_remote_page_counts_from_the_servers_total() -> None:
    page = remote_page(["a", "b"], 4, 2, total=9)
    assert (page.number, page.count, page.offset, page.has_next) == (4, 5, 8, False)
    assert remote_page([], 7, 8, total=0).number == 0
    assert page_of(list(range(20)), 5, 8).items == [16, 17, 18, 19]  # unchanged behaviour


# --- screens with extreme inputs ---------------------------------------------------------------

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(orders(), max_size=8), st.integers(0, 10**6), wild, langs)
def test_orders_list_fits_telegram(
    items: list[ProxyOrder], total: int, search: str, lang: str
) -> None:
    t = T[lang]
    total = max(total, len(items))
    for list_id in ui.ORDER_LISTS:
        page = remote_page(items, 3, 8, total=total)
        text, markup = ui.orders_list(t, page, list_id, svc.clean_search(search))
        limits(text, markup)
        assert "<script" not in text


@FAST
@given(orders(), st.booleans(), langs)
def test_order_card_fits_telegram(order: ProxyOrder, note: bool, lang: str) -> None:
    text, markup = ui.order_card(T[lang], order, NOW, ui.renew_expired(T[lang]) if note else None)
    limits(text, markup)


def test_order_card_escapes_what_piv_day_sent() -> None:
    order = ProxyOrder(id="o<1>", country="<b>", quantity=1, status="<i>paused</i>")
    text, _markup = ui.order_card(T["en"], order, NOW)
    assert "&lt;i&gt;paused&lt;/i&gt;" in text and "<i>" not in text
    assert "o&lt;1&gt;" in text and "<b>" not in text.replace("<b>🌐", "")


@FAST
@given(st.lists(servers(), max_size=40), st.integers(-5, 50), langs)
def test_servers_step_fits_telegram(items: list[ProxyServer], number: int, lang: str) -> None:
    page = page_of(items, number, ui.SERVERS_PER_PAGE)
    text, markup = ui.servers_step(T[lang], page, ui.server_gone(T[lang]))
    limits(text, markup)


@FAST
@given(money, st.integers(1, 500), wild, st.one_of(st.none(), ids), langs)
def test_quantity_and_months_steps_fit(
    price: Decimal, quantity: int, name: str, order_id: str | None, lang: str
) -> None:
    data: dict[str, Any] = {"price": str(price), "quantity": quantity, "server_name": name}
    data.update(country="DE", order_id=order_id)
    problem = ui.number_problem(T[lang], svc.BadNumberError("too_large", 1, 500))
    for text, markup in (
        ui.quantity_step(T[lang], data, problem),
        ui.months_step(T[lang], ui.BUY, data, problem),
        ui.months_step(T[lang], ui.RENEW, data),
    ):
        limits(text, markup)


@FAST
@given(ids, wild, money, st.integers(1, 500), st.integers(1, 12), moments, langs)
def test_cards_and_results_fit(
    order_id: str,
    name: str,
    price: Decimal,
    quantity: int,
    months: int,
    when: datetime,
    lang: str,
) -> None:
    t = T[lang]
    buy = {"server_id": "s1", "server_name": name, "country": name, "price": str(price)}
    buy.update(quantity=quantity, months=months)
    order = {"order_id": order_id, "country": "DE", "quantity": quantity, "price": str(price)}
    order.update(expires_at=when.isoformat(), months=months)
    result = {"order_id": order_id, "country": name, "quantity": quantity}
    result.update(cost=str(price), expires_at=when.isoformat(), months=months)
    for text in (
        ui.describe_purchase(t, buy),
        ui.describe_renew(t, order),
        ui.describe_restore(t, order),
        ui.purchase_result(t, result),
        ui.renew_result(t, result),
        ui.restore_result(t, result),
    ):
        assert len(text) <= 1000 and "<script" not in text
    for view in (ui.PURCHASE_VIEW, ui.RENEW_VIEW, ui.RESTORE_VIEW):
        limits("", after_keyboard(t, view, result))
        limits("", after_keyboard(t, view))


def test_file_caption_names_the_order_not_the_credentials() -> None:
    t = T["en"]
    caption = ui.file_caption(t, "ord-<1>", "both", 1000)
    assert caption == t.get("proxies-file-caption", id="ord-&lt;1&gt;", format="Both", count=1000)


def test_after_keyboard_uses_result_buttons_only_on_success() -> None:
    """The shared confirm helper: a view's `links` go above `after` on success only."""
    back = [[InlineKeyboardButton(text="back", callback_data="m:home")]]
    opened = [[InlineKeyboardButton(text="open", callback_data="o:p:1")]]
    plain = ActionView("t", lambda _t, _p: "", lambda _t, _r: "", lambda _t: back)
    rich = ActionView(
        "t", lambda _t, _p: "", lambda _t, _r: "", lambda _t: back, lambda _t, _r: opened
    )
    t = T["en"]
    assert after_keyboard(t, plain, {"x": 1}).inline_keyboard == back  # type: ignore[union-attr]
    assert after_keyboard(t, rich, {"x": 1}).inline_keyboard == opened + back  # type: ignore[union-attr]
    assert after_keyboard(t, rich).inline_keyboard == back  # type: ignore[union-attr]


@pytest.mark.parametrize(("auto_renew", "line"), [(True, "on"), (False, "off"), (None, None)])
def test_order_card_shows_auto_renew_only_when_piv_day_sends_it(
    auto_renew: bool | None, line: str | None
) -> None:
    t = T["en"]
    order = ProxyOrder.model_validate(
        {"id": "o1", "quantity": 3, "status": "active", "auto_renew": auto_renew}
    )
    text, _markup = ui.order_card(t, order, NOW)
    if line is None:
        assert "Auto-renew" not in text
    else:
        assert t.get("proxies-card-auto-renew", on=line) in text
