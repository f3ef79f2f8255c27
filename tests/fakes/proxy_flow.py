"""Helpers for the proxies tests: the way to the section and to an order's card (tapping what
the screen shows), and orders bought straight through the sandbox's HTTP API (setup, not the
flow under test)."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.i18n_fixture import tr
from tests.fakes.sandbox_fixture import RunningSandbox
from tests.fakes.telegram_fixture import BotHarness

DE_SERVER = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"  # EU-DE-01, $0.50
NL_SERVER = "b2c3d4e5-f6a7-8901-bcde-f12345678901"  # EU-NL-01, $0.45
US_SERVER = "c3d4e5f6-a7b8-9012-cdef-123456789012"  # US-NY-01, $0.60


ORDER_ROW = re.compile(r" · until ")  # a row of My orders: "✅ 🇩🇪 DE · 2 · until 2026-07-01"


async def open_proxies(h: BotHarness, lang: str = "en") -> None:
    """/start, then the Proxies section."""
    await h.send("/start", language_code=lang)
    await h.tap(tr(lang).get("menu-button-proxies"), language_code=lang)


async def open_card(h: BotHarness) -> str:
    """Proxies → My orders → the one order listed: its card's text."""
    await open_proxies(h)
    await h.tap(tr("en").get("proxies-orders-button"))
    await h.tap(ORDER_ROW)
    return h.last_text() or ""


async def buy_order(
    sandbox: RunningSandbox,
    key: str,
    server_id: str = DE_SERVER,
    quantity: int = 10,
    months: int = 1,
) -> dict[str, Any]:
    """An order bought through the sandbox's API (the order as piv.day answered it)."""
    async with sandbox.client(key) as api:
        answer = await api.post(
            "/proxy/purchase",
            json={"server_id": server_id, "quantity": quantity, "months": months},
        )
    assert answer.status_code == 200, answer.text
    order: dict[str, Any] = answer.json()["data"]["order"]
    return order


async def export_content(
    sandbox: RunningSandbox, key: str, order_id: str, fmt: str
) -> dict[str, Any]:
    """GET /proxy/orders/{id}/export as piv.day answers it (to compare files with)."""
    async with sandbox.client(key) as api:
        answer = await api.get(f"/proxy/orders/{order_id}/export", params={"format": fmt})
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data
