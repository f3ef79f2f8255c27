"""The error router at dispatcher level: piv.day failures in any handler become their answer."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot.ui.callbacks import MenuCallback
from tests.fakes.telegram_fixture import BotHarness
from tests.test_errors_ui import CoreT, load_core

COUNTRIES = ("GET", "/numbers/countries")


async def _open_buy(h: BotHarness) -> list[object]:
    await h.press(MenuCallback(section="numbers").pack())
    return list(await h.press("n:buy"))


def _sent(calls: list[object]) -> list[str]:
    return [c.text or "" for c in calls if isinstance(c, SendMessage)]


async def test_revoked_key_is_explained(harness: BotHarness, sandbox_key: str) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.revoke_key(sandbox_key)
    calls = await _open_buy(harness)
    assert _sent(calls) == [CoreT(load_core(), "en").get("error-unauthorized")]
    assert any(isinstance(c, AnswerCallbackQuery) for c in calls)


async def test_rate_limit_says_when_to_retry_in_russian(
    harness: BotHarness, sandbox_key: str
) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.fail_next(sandbox_key, *COUNTRIES, code="RATE_LIMITED", message="retry in 12s")
    await harness.press(MenuCallback(section="numbers").pack(), language_code="ru")
    calls = await harness.press("n:buy", language_code="ru")
    [text] = _sent(calls)
    assert text == CoreT(load_core(), "ru").get("error-rate-limited", seconds=12)


async def test_garbled_answer_from_piv_day(harness: BotHarness, sandbox_key: str) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.fail_next(sandbox_key, *COUNTRIES, kind="garbage")
    calls = await _open_buy(harness)
    assert _sent(calls) == [CoreT(load_core(), "en").get("error-bad-response")]
