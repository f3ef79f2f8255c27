"""Helpers for the proxies tests: texts in a language, tapping a button by its visible text,
and orders bought straight through the sandbox's HTTP API (setup, not the flow under test)."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram.methods import AnswerCallbackQuery
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core
from tests.fakes.sandbox_fixture import RunningSandbox
from tests.fakes.telegram import Call
from tests.fakes.telegram_fixture import BotHarness

DE_SERVER = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"  # EU-DE-01, $0.50
NL_SERVER = "b2c3d4e5-f6a7-8901-bcde-f12345678901"  # EU-NL-01, $0.45
US_SERVER = "c3d4e5f6-a7b8-9012-cdef-123456789012"  # US-NY-01, $0.60


@cache
def _core() -> FluentRuntimeCore:
    core = create_core("en")
    core.locales.update(core.find_locales())
    return core


def tr(locale: str) -> LocaleTranslator:
    """The real locale files, as the bot renders them."""
    return LocaleTranslator(_core(), locale)


def alerts(calls: list[Call]) -> list[str]:
    return [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery) and c.show_alert]


async def tap(h: BotHarness, text: str, **kwargs: Any) -> list[Call]:
    """Tap the button of the last screen whose visible text is exactly `text`."""
    chat_id = kwargs.get("chat_id", kwargs.get("user_id", 1))
    for label, data in h.last_buttons(chat_id):
        if label == text and data is not None:
            return await h.press(data, **kwargs)
    raise AssertionError(f"no button {text!r} in {[b for b, _ in h.last_buttons(chat_id)]}")


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
