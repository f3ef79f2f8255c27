"""Buying proxies through the real dispatcher, pressing buttons by their text: Telegram updates
in, the sandbox over HTTP behind, a real database. Asserts what the user sees at each step, the
files they get, and what piv.day's state became (balance to the cent)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from aiogram.methods import EditMessageText

from tests.fakes.db_fixture import warm_pool
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import confirm_button
from tests.fakes.proxy_flow import DE_SERVER, export_content, open_proxies
from tests.fakes.telegram_fixture import (
    BotHarness,
    Button,
    alerts,
    buttons_of,
    call_json,
    document_bytes,
    documents_of,
)

PURCHASE = ("POST", "/proxy/purchase")
GERMANY = {"en": "🇩🇪 Germany", "ru": "🇩🇪 Германия"}
NETHERLANDS = {"en": "🇳🇱 Netherlands", "ru": "🇳🇱 Нидерланды"}


@pytest.fixture
async def buyer(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


async def walk_to_months(h: BotHarness, lang: str = "en", quantity: int = 10) -> None:
    t = tr(lang)
    me = {"language_code": lang}
    await open_proxies(h, lang)
    await h.tap(t.get("proxies-buy-button"), **me)
    await h.tap("🇩🇪 EU-DE-01 · $0.50", **me)
    await h.send(str(quantity), language_code=lang)


async def walk_to_card(h: BotHarness, months: int = 3, quantity: int = 10) -> Button:
    await walk_to_months(h, quantity=quantity)
    await h.send(str(months))
    return confirm_button(h)


def assert_limits(h: BotHarness) -> None:
    """Every keyboard the bot sent: ≤ 100 buttons, callback data ≤ 64 bytes."""
    for call in h.calls:
        buttons = buttons_of(call)
        assert len(buttons) <= 100
        for _text, data in buttons:
            assert data is None or len(data.encode()) <= 64, data


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_whole_buy_flow_ends_with_the_list_as_a_file(
    buyer: BotHarness, sandbox_key: str, lang: str
) -> None:
    h, t = buyer, tr(lang)
    me = {"language_code": lang}

    await open_proxies(h, lang)
    assert h.last_text() == t.get("proxies-menu")
    await h.tap(t.get("proxies-buy-button"), **me)
    servers = h.last_text() or ""
    assert servers.startswith(t.get("proxies-servers-title"))
    de_line = t.get(
        "proxies-server-line",
        place=GERMANY[lang],
        name="EU-DE-01",
        socks5="1080",
        http="3128",
        price="$0.50",
    )
    assert de_line in servers and "SOCKS5 :1080 · HTTP :3128" in servers
    assert NETHERLANDS[lang] in servers and "$0.45" in servers
    assert "EU-FR-OLD" not in servers  # an inactive server is not on sale

    await h.tap("🇩🇪 EU-DE-01 · $0.50", **me)
    assert t.get("proxies-quantity-title", lo=1, hi=500) in (h.last_text() or "")
    labels = [b for b, _ in h.last_buttons()]
    assert t.get("proxies-quantity-option", count=10, cost="$5.00") in labels
    assert labels[-2:] == [t.get("wizard-back"), t.get("wizard-cancel")]

    await h.tap(t.get("proxies-quantity-option", count=10, cost="$5.00"), **me)
    step = h.last_text() or ""
    assert t.get("proxies-months-title", lo=1, hi=12) in step
    assert t.get("proxies-count", count=10) in step
    await h.tap(t.get("proxies-months-option", months=3, cost="$15.00"), **me)

    card = h.last_text() or ""
    assert t.get("proxies-buy-title") in card
    assert t.get("proxies-card-buy", count=10, months=3, price="$0.50") in card
    assert t.get("confirm-cost", cost="$15.00") in card
    assert t.get("confirm-balance", before="$100.00", after="$85.00") in card
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0  # nothing bought before Confirm

    calls = await h.tap(t.get("confirm-ok", cost="$15.00"), **me)
    edits = [c.text or "" for c in calls if isinstance(c, EditMessageText)]
    assert t.get("confirm-processing") in edits[0]
    [order] = h.sandbox.proxy_orders(sandbox_key)
    result = h.last_text() or ""
    assert t.get("proxies-bought-title") in result
    assert f"<code>{order.id}</code>" in result
    assert t.get("proxies-charged", cost="$15.00") in result
    assert h.sandbox.balance(sandbox_key) == Decimal("85.00")
    assert order.quantity == 10 and order.status == "active"
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1

    # The list arrives as a file in the format the user taps, never as text.
    calls = await h.tap(t.get("proxies-export-button", format="SOCKS5"), **me)
    [document] = documents_of(calls)
    name, content = document_bytes(document)
    api = await export_content(h.sandbox, sandbox_key, order.id, "socks5")
    assert name == api["filename"] == f"piv-day-proxy-{order.id}-socks5.txt"
    assert content.decode() == api["content"]
    lines = content.decode().splitlines()
    assert len(lines) == 10
    assert lines == [f"{i.login}:{i.password}@{i.host}:1080" for i in order.items]
    assert document.caption == t.get("proxies-file-caption", id=order.id, format="SOCKS5", count=10)
    assert_no_credentials_in_chat(h, [i.password for i in order.items], sandbox_key)
    assert_limits(h)


def assert_no_credentials_in_chat(h: BotHarness, passwords: list[str], api_key: str) -> None:
    """No password in any text, caption or button; no API key anywhere, files included."""
    for call in h.calls:
        if documents_of([call]):
            assert api_key.encode() not in document_bytes(call)[1]  # type: ignore[arg-type]
            continue
        dumped = call_json(call)
        assert api_key not in dumped
        assert not [p for p in passwords if p in dumped]


async def test_twenty_concurrent_confirms_buy_once(buyer: BotHarness, sandbox_key: str) -> None:
    h = buyer
    confirm = await walk_to_card(h)
    await warm_pool(h.engine)  # twenty taps on ready connections really overlap
    results = await asyncio.gather(*(h.tap(confirm) for _ in range(20)))
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert len(h.sandbox.proxy_orders(sandbox_key)) == 1
    assert h.sandbox.balance(sandbox_key) == Decimal("85.00")
    refused = [a for calls in results for a in alerts(calls)]
    assert refused == [tr("en").get("confirm-alert-used")] * 19


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0", "too_small"),
        ("501", "too_large"),
        ("ten", "not_number"),
        ("1e3", "not_number"),
        ("-5", "too_small"),
        ("2.5", "not_number"),
        ("", "not_number"),
        ("99999999999999999999999", "too_large"),
    ],
)
async def test_bad_quantity_gets_the_reason_and_the_same_question(
    buyer: BotHarness, typed: str, reason: str
) -> None:
    h, t = buyer, tr("en")
    await open_proxies(h)
    await h.tap(t.get("proxies-buy-button"))
    await h.tap("🇩🇪 EU-DE-01 · $0.50")
    await h.send(typed or " ")
    text = h.last_text() or ""
    problem = {
        "too_small": t.get("proxies-typed-too-small", lo=1, hi=500),
        "too_large": t.get("proxies-typed-too-large", lo=1, hi=500),
        "not_number": t.get("proxies-typed-not-number", lo=1, hi=500),
    }[reason]
    assert problem in text
    assert t.get("proxies-quantity-title", lo=1, hi=500) in text  # the same question again
    await h.send("500")  # and a good answer still goes on
    assert t.get("proxies-months-title", lo=1, hi=12) in (h.last_text() or "")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("0", "proxies-typed-too-small"),
        ("13", "proxies-typed-too-large"),
        ("twelve", "proxies-typed-not-number"),
        ("1e3", "proxies-typed-not-number"),
        ("-1", "proxies-typed-too-small"),
    ],
)
async def test_bad_months_get_the_reason_and_the_same_question(
    buyer: BotHarness, sandbox_key: str, typed: str, key: str
) -> None:
    h, t = buyer, tr("en")
    await walk_to_months(h)
    await h.send(typed)
    text = h.last_text() or ""
    assert t.get(key, lo=1, hi=12) in text
    assert t.get("proxies-months-title", lo=1, hi=12) in text
    assert not any(d and d.startswith("cf:") for _t, d in h.last_buttons())
    await h.send("12")  # 10 × $0.50 × 12
    assert t.get("confirm-cost", cost="$60.00") in (h.last_text() or "")
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0


async def test_typed_quantity_and_months_price_the_card(buyer: BotHarness) -> None:
    h, t = buyer, tr("en")
    await walk_to_months(h, quantity=250)
    await h.send(" 7 ")
    card = h.last_text() or ""
    assert t.get("proxies-card-buy", count=250, months=7, price="$0.50") in card
    assert t.get("confirm-cost", cost="$875.00") in card  # 250 × 7 × $0.50
    assert t.get("confirm-short", missing="$775.00") in card


async def test_back_cancel_and_stale_buttons(buyer: BotHarness, sandbox_key: str) -> None:
    h, t = buyer, tr("en")
    await walk_to_months(h)
    await h.tap(t.get("wizard-back"))
    assert t.get("proxies-quantity-title", lo=1, hi=500) in (h.last_text() or "")
    await h.tap(t.get("wizard-back"))
    assert (h.last_text() or "").startswith(t.get("proxies-servers-title"))
    await h.tap(t.get("wizard-back"))
    assert h.last_text() == t.get("proxies-menu")
    await h.tap(t.get("proxies-buy-button"))
    await h.tap("🇩🇪 EU-DE-01 · $0.50")
    stale = h.button(t.get("proxies-quantity-option", count=5, cost="$2.50"))
    await h.tap(t.get("wizard-cancel"))
    assert (h.last_text() or "").startswith(t.get("proxies-cancelled"))
    calls = await h.tap(stale)  # stale on purpose: a button of the abandoned wizard
    assert alerts(calls) == [t.get("proxies-stale-step")]
    await h.send("10")  # no longer an answer to anything: no step, no card
    assert not any(d and d.startswith("cf:") for _t, d in h.last_buttons())
    assert h.sandbox.calls(sandbox_key, *PURCHASE) == 0


async def test_server_gone_before_the_quote(buyer: BotHarness, sandbox_key: str) -> None:
    h, t = buyer, tr("en")
    await walk_to_months(h)
    h.sandbox.proxy_servers[DE_SERVER].active = False
    await h.send("1")
    text = h.last_text() or ""
    assert text.startswith(t.get("proxies-server-gone"))
    assert t.get("proxies-servers-title") in text
    assert not any(d and d.startswith("cf:") for _t, d in h.last_buttons())


@pytest.mark.parametrize(
    ("arrange", "expected"),
    [
        (
            lambda sb, key: sb.set_balance(key, "5.00"),
            (
                "error-insufficient-balance-amounts",
                {"required": "$15.00", "available": "$5.00", "missing": "$10.00"},
            ),
        ),
        (
            lambda sb, key: sb.proxy_servers[DE_SERVER].__setattr__("active", False),
            ("error-not-found", {}),
        ),
        (
            lambda sb, key: sb.set_scopes(key, ["account:read", "proxy:read"]),
            ("error-insufficient-permissions", {}),
        ),
        (
            lambda sb, key: sb.fail_next(key, *PURCHASE, code="PERMISSION_DENIED"),
            ("error-permission-denied", {}),
        ),
        (
            lambda sb, key: sb.fail_next(
                key, *PURCHASE, code="VALIDATION_ERROR", message="quantity: too many"
            ),
            ("error-validation", {"message": "quantity: too many"}),
        ),
    ],
)
async def test_refusals_at_confirm_are_explained_and_move_no_money(
    buyer: BotHarness, sandbox_key: str, arrange: object, expected: tuple[str, dict[str, str]]
) -> None:
    h, t = buyer, tr("en")
    confirm = await walk_to_card(h)
    arrange(h.sandbox.sandbox, sandbox_key)  # type: ignore[operator]
    before = h.sandbox.balance(sandbox_key)
    await h.tap(confirm)
    text = h.last_text() or ""
    key, values = expected
    assert t.get("confirm-failed") in text
    assert t.get(key, **values) in text
    assert h.sandbox.balance(sandbox_key) == before
    assert h.sandbox.proxy_orders(sandbox_key) == []


async def test_buy_without_a_key_asks_for_one(harness: BotHarness) -> None:
    await open_proxies(harness)
    assert harness.last_text() == tr("en").get("key-required")
