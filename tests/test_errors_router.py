"""The error router at dispatcher level: piv.day failures in any handler become their answer."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery, SendMessage

from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, Call

COUNTRIES = ("GET", "/numbers/countries")


async def _open_buy(h: BotHarness, lang: str = "en") -> list[Call]:
    """/start → Numbers → Buy a number (which lists the countries); the last tap's calls."""
    t = tr(lang)
    await h.send("/start", language_code=lang)
    await h.tap(t.get("menu-button-numbers"), language_code=lang)
    return await h.tap(t.get("numbers-buy-button"), language_code=lang)


def _sent(calls: list[Call]) -> list[str]:
    return [c.text or "" for c in calls if isinstance(c, SendMessage)]


async def test_revoked_key_is_explained(harness: BotHarness, sandbox_key: str) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.revoke_key(sandbox_key)
    calls = await _open_buy(harness)
    assert _sent(calls) == [tr("en").get("error-unauthorized")]
    assert any(isinstance(c, AnswerCallbackQuery) for c in calls)


async def test_rate_limit_says_when_to_retry_in_russian(
    harness: BotHarness, sandbox_key: str
) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.fail_next(sandbox_key, *COUNTRIES, code="RATE_LIMITED", message="retry in 12s")
    [text] = _sent(await _open_buy(harness, "ru"))
    assert text == tr("ru").get("error-rate-limited", seconds=12)


async def test_garbled_answer_from_piv_day(harness: BotHarness, sandbox_key: str) -> None:
    await harness.connect_key(1, sandbox_key)
    harness.sandbox.fail_next(sandbox_key, *COUNTRIES, kind="garbage")
    calls = await _open_buy(harness)
    assert _sent(calls) == [tr("en").get("error-bad-response")]
