"""My orders through the real dispatcher: the paged list with its status filter and search, the
order card, renew (from the card and from an expiry warning's button), restore, and the proxy
list as files (one proxy a line, exactly piv.day's data, 500 proxies). Buttons are pressed by
their text; the sandbox's state is checked after each paid step (balance to the cent)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

import handlers.proxies
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback
from bot.ui.proxies import ProxyCallback, ProxyOp
from tests.fakes.i18n_fixture import tr
from tests.fakes.proxy_flow import (
    NL_SERVER,
    US_SERVER,
    buy_order,
    export_content,
    open_card,
    open_proxies,
)
from tests.fakes.sandbox_fixture import RunningSandbox
from tests.fakes.telegram_fixture import (
    BotHarness,
    alerts,
    call_json,
    document_bytes,
    documents_of,
)

RENEW = ("POST", "/proxy/orders/{id}/renew")
RESTORE = ("POST", "/proxy/orders/{id}/restore")
DAY = 86400
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")


@pytest.fixture
async def owner(
    harness: BotHarness, sandbox_key: str, monkeypatch: pytest.MonkeyPatch
) -> BotHarness:
    """A connected user; "days left" counts on the sandbox's clock (piv.day's time)."""
    monkeypatch.setattr(handlers.proxies, "now", harness.sandbox.clock.now)
    await harness.connect_key(1, sandbox_key)
    return harness


def day(value: datetime) -> str:
    return value.date().isoformat()


async def test_orders_list_pages_filters_and_search(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    sandbox.set_balance(sandbox_key, "1000.00")
    for _ in range(6):
        await buy_order(sandbox, sandbox_key, quantity=2)  # DE, 1 month
    for _ in range(3):
        await buy_order(sandbox, sandbox_key, NL_SERVER, quantity=3, months=3)
    await buy_order(sandbox, sandbox_key, US_SERVER, quantity=4, months=3)
    await sandbox.advance(40 * DAY)  # the six 1-month DE orders expire

    await open_proxies(h)
    await h.tap(t.get("proxies-orders-button"))
    text = h.last_text() or ""
    assert t.get("proxies-orders-title", total=10) in text
    assert t.get("proxies-orders-filter", name=t.get("proxies-filter-all")) in text
    labels = [b for b, _ in h.last_buttons()]
    orders = [b for b in labels if " · until " in b]
    assert len(orders) == 8
    assert t.get("paging-position", page=1, pages=2) in labels
    await h.tap(t.get("paging-next"))
    assert len([b for b, _ in h.last_buttons() if " · until " in b]) == 2

    await h.tap(t.get("proxies-filter-expired"))
    text = h.last_text() or ""
    assert t.get("proxies-orders-title", total=6) in text
    expired = [b for b, _ in h.last_buttons() if " · until " in b]
    assert len(expired) == 6 and all(b.startswith("⌛ 🇩🇪 DE · 2 ·") for b in expired)
    await h.tap(t.get("proxies-filter-active"))
    assert t.get("proxies-orders-title", total=4) in (h.last_text() or "")

    await h.tap(t.get("proxies-search-button"))
    assert h.last_text() == t.get("proxies-search-title", max=64)
    await h.send("  nl ")
    text = h.last_text() or ""
    assert t.get("proxies-orders-search", text="nl") in text
    assert t.get("proxies-orders-filter", name=t.get("proxies-filter-active")) in text
    found = [b for b, _ in h.last_buttons() if " · until " in b]
    assert len(found) == 3 and all("🇳🇱 NL · 3" in b for b in found)
    await h.tap("• " + t.get("proxies-filter-active"))  # the chosen filter, again
    assert t.get("proxies-orders-search", text="nl") in (h.last_text() or "")  # kept on paging
    await h.tap(t.get("proxies-search-clear"))
    assert t.get("proxies-orders-title", total=4) in (h.last_text() or "")

    await h.tap(t.get("proxies-search-button"))
    await h.send("<b>nothing</b>")
    text = h.last_text() or ""
    assert t.get("proxies-orders-search", text="&lt;b&gt;nothing&lt;/b&gt;") in text
    assert t.get("proxies-orders-empty") in text


async def test_order_card_then_renew_from_it(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    await buy_order(sandbox, sandbox_key, quantity=10)  # $5.00, until 2026-06-01
    [order] = sandbox.proxy_orders(sandbox_key)
    await sandbox.advance(1 * DAY)

    card = await open_card(h)
    assert t.get("proxies-card-title", id=order.id) in card
    assert t.get("proxies-card-country", place="🇩🇪 Germany") in card
    assert t.get("proxies-card-quantity", count=10) in card
    assert t.get("proxies-card-price", price="$0.50") in card
    assert t.get("proxies-card-total", total="$5.00") in card
    assert t.get("proxies-card-bought", date="2026-05-01") in card
    assert t.get("proxies-card-expires", date="2026-06-01", days=30) in card
    assert t.get("proxies-status", status="active") in card
    assert "Auto-renew" not in card  # piv.day does not send it for this order
    assert not [i.password for i in order.items if i.password in card]
    assert t.get("proxies-restore-button") not in [b for b, _ in h.last_buttons()]

    await h.tap(t.get("proxies-renew-button"))
    step = h.last_text() or ""
    assert t.get("proxies-renew-title", lo=1, hi=12) in step
    assert t.get("proxies-order-ref", id=order.id) in step
    await h.tap(t.get("wizard-back"))  # Back: the card again
    assert t.get("proxies-card-title", id=order.id) in (h.last_text() or "")
    await h.tap(t.get("proxies-renew-button"))
    await h.tap(t.get("proxies-months-option", months=2, cost="$10.00"))

    card = h.last_text() or ""
    assert t.get("proxies-renew-card-title") in card
    assert t.get("proxies-card-renew", months=2, price="$0.50", date="2026-06-01") in card
    assert t.get("confirm-balance", before="$95.00", after="$85.00") in card
    assert sandbox.calls(sandbox_key, *RENEW) == 0
    await h.tap(t.get("confirm-ok", cost="$10.00"))
    result = h.last_text() or ""
    assert t.get("proxies-renewed-until", date="2026-08-01") in result
    assert t.get("proxies-charged", cost="$10.00") in result
    assert sandbox.calls(sandbox_key, *RENEW) == 1
    assert sandbox.balance(sandbox_key) == Decimal("85.00")
    assert day(order.expires_at) == "2026-08-01"
    await h.tap(t.get("proxies-open-order"))
    assert t.get("proxies-card-expires", date="2026-08-01", days=91) in (h.last_text() or "")


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_expiry_warning_renew_button_opens_the_renew_step(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str, lang: str
) -> None:
    """The events hub's proxy.expires_soon message carries RenewCallback(kind=PROXY, id)."""
    h, t = owner, tr(lang)
    bought = await buy_order(sandbox, sandbox_key, NL_SERVER, quantity=4)  # $0.45 each
    # Raw: the warning's message comes from the events hub, which this harness does not run.
    await h.press(RenewCallback(kind=Kind.PROXY, id=bought["id"]).pack(), language_code=lang)
    assert t.get("proxies-renew-title", lo=1, hi=12) in (h.last_text() or "")
    await h.send("ten", language_code=lang)
    assert t.get("proxies-typed-not-number", lo=1, hi=12) in (h.last_text() or "")
    await h.send("3", language_code=lang)
    card = h.last_text() or ""
    assert t.get("confirm-cost", cost="$5.40") in card  # 4 × $0.45 × 3
    await h.tap(t.get("confirm-ok", cost="$5.40"), language_code=lang)
    assert sandbox.balance(sandbox_key) == Decimal("92.80")  # 100 − 1.80 − 5.40
    [order] = sandbox.proxy_orders(sandbox_key)
    assert day(order.expires_at) == "2026-09-01"


async def test_restore_an_expired_order(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    await buy_order(sandbox, sandbox_key, US_SERVER, quantity=5)  # $0.60 each
    [order] = sandbox.proxy_orders(sandbox_key)
    logins = [i.login for i in order.items]
    await sandbox.advance(35 * DAY)  # expired on 2026-06-01
    assert order.status == "expired"

    card = await open_card(h)
    assert t.get("proxies-card-expired", date="2026-06-01") in card
    assert t.get("proxies-status", status="expired") in card
    labels = [b for b, _ in h.last_buttons()]
    assert t.get("proxies-restore-button") in labels
    assert t.get("proxies-renew-button") not in labels

    await h.tap(t.get("proxies-restore-button"))
    card = h.last_text() or ""
    assert t.get("proxies-restore-card-title") in card
    assert t.get("proxies-card-restore", months=1, price="$0.60") in card
    assert t.get("confirm-balance", before="$97.00", after="$94.00") in card
    assert sandbox.calls(sandbox_key, *RESTORE) == 0
    await h.tap(t.get("confirm-ok", cost="$3.00"))
    result = h.last_text() or ""
    assert t.get("proxies-restored-title") in result
    assert t.get("proxies-charged", cost="$3.00") in result
    assert sandbox.calls(sandbox_key, *RESTORE) == 1
    assert sandbox.balance(sandbox_key) == Decimal("94.00")
    assert order.status == "active" and [i.login for i in order.items] == logins
    assert day(order.expires_at) == "2026-07-05"


async def test_wrong_state_is_explained_before_any_card(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    bought = await buy_order(sandbox, sandbox_key, quantity=1)
    # Restore on a running order (an old button, raw on purpose): the card says why, no confirm.
    await h.press(ProxyCallback(op=ProxyOp.RESTORE, id=bought["id"]).pack())
    assert t.get("proxies-restore-active") in (h.last_text() or "")
    await sandbox.advance(32 * DAY)
    # Renew on an expired order (a late expiry warning, raw): the card offers Restore instead.
    await h.press(RenewCallback(kind=Kind.PROXY, id=bought["id"]).pack())
    assert t.get("proxies-renew-expired") in (h.last_text() or "")
    assert t.get("proxies-restore-button") in [b for b, _ in h.last_buttons()]
    assert not any(d and d.startswith("cf:") for _t, d in h.last_buttons())
    assert sandbox.calls(sandbox_key, *RENEW) == sandbox.calls(sandbox_key, *RESTORE) == 0


@pytest.mark.parametrize("action", ["renew", "restore"])
async def test_state_changed_between_card_and_confirm(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str, action: str
) -> None:
    """piv.day has the last word: its refusal is explained, and no money moves."""
    h, t = owner, tr("en")
    bought = await buy_order(sandbox, sandbox_key, quantity=2)
    if action == "restore":
        await sandbox.advance(32 * DAY)
        await open_card(h)
        await h.tap(t.get("proxies-restore-button"))
        async with sandbox.client(sandbox_key) as api:  # restored elsewhere meanwhile
            await api.post(f"/proxy/orders/{bought['id']}/restore")
        expected = t.get("error-order-not-expired")
    else:
        await open_card(h)
        await h.tap(t.get("proxies-renew-button"))
        await h.tap(t.get("proxies-months-option", months=1, cost="$1.00"))
        await sandbox.advance(32 * DAY)  # it expired while the card waited
        expected = t.get("error-order-expired")
    before = sandbox.balance(sandbox_key)
    await h.tap(t.get("confirm-ok", cost="$1.00"))
    text = h.last_text() or ""
    assert t.get("confirm-failed") in text and expected in text
    assert sandbox.balance(sandbox_key) == before


async def test_renew_refused_for_short_balance_says_required_and_available(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    await buy_order(sandbox, sandbox_key, quantity=10)
    await open_card(h)
    await h.tap(t.get("proxies-renew-button"))
    await h.send("12")
    sandbox.set_balance(sandbox_key, "20.00")
    await h.tap(t.get("confirm-ok", cost="$60.00"))
    text = h.last_text() or ""
    assert (
        t.get(
            "error-insufficient-balance-amounts",
            required="$60.00",
            available="$20.00",
            missing="$40.00",
        )
        in text
    )
    assert sandbox.balance(sandbox_key) == Decimal("20.00")


async def test_unknown_order_is_not_found(owner: BotHarness) -> None:
    # Forged on purpose: no screen shows a button for an order that does not exist.
    calls = await owner.press(OpenCallback(kind=Kind.PROXY, id="ord-nope").pack())
    assert owner.last_text() == tr("en").get("error-not-found")
    assert "NOT_FOUND" not in "".join(call_json(c) for c in calls)
    await owner.press(RenewCallback(kind=Kind.PROXY, id="ord-nope").pack())
    assert owner.last_text() == tr("en").get("error-not-found")


async def test_another_keys_order_is_not_found(owner: BotHarness, sandbox: RunningSandbox) -> None:
    stranger = sandbox.create_key(balance="10.00")
    theirs = await buy_order(sandbox, stranger, quantity=1)
    # Forged on purpose: the owner's list never shows another key's order.
    await owner.press(OpenCallback(kind=Kind.PROXY, id=theirs["id"]).pack())
    assert owner.last_text() == tr("en").get("error-not-found")


@pytest.mark.parametrize("fmt", ["socks5", "http", "both"])
async def test_a_500_proxy_order_exports_in_every_format(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str, fmt: str
) -> None:
    h, t = owner, tr("en")
    sandbox.set_balance(sandbox_key, "300.00")
    await buy_order(sandbox, sandbox_key, quantity=500)
    [order] = sandbox.proxy_orders(sandbox_key)
    await open_card(h)
    label = {"socks5": "SOCKS5", "http": "HTTP", "both": "Both"}[fmt]
    calls = await h.tap(t.get("proxies-export-button", format=label))
    [document] = documents_of(calls)
    name, content = document_bytes(document)
    api = await export_content(sandbox, sandbox_key, order.id, fmt)
    assert content == api["content"].encode()  # exactly piv.day's data
    assert name == api["filename"] and SAFE_NAME.match(name)
    lines = content.decode().splitlines()
    ports = {"socks5": ["1080"], "http": ["3128"], "both": ["1080", "3128"]}[fmt]
    expected = [f"{i.login}:{i.password}@{i.host}:{p}" for i in order.items for p in ports]
    assert lines == expected  # one proxy endpoint a line
    assert len(lines) == 500 * len(ports) and len(content) < 50 * 2**20
    assert sandbox_key.encode() not in content
    assert document.caption == t.get(
        "proxies-file-caption", id=order.id, format=label, count=len(lines)
    )
    assert not [i.password for i in order.items if i.password in (document.caption or "")]


async def test_export_failure_gets_the_error_answer_and_no_file(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    h, t = owner, tr("en")
    await buy_order(sandbox, sandbox_key, quantity=1)
    await open_card(h)
    sandbox.fail_next(
        sandbox_key, "GET", "/proxy/orders/{id}/export", code="INSUFFICIENT_PERMISSIONS"
    )
    calls = await h.tap(t.get("proxies-export-button", format="HTTP"))
    assert documents_of(calls) == []
    assert h.last_text() == t.get("error-insufficient-permissions")


async def test_forged_export_format_is_refused(
    owner: BotHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    bought = await buy_order(sandbox, sandbox_key, quantity=1)
    calls = await owner.press(f"px:e:{bought['id']}:xml")  # forged on purpose: no such button
    assert alerts(calls) == [tr("en").get("proxies-stale-step")]
    assert documents_of(calls) == []
