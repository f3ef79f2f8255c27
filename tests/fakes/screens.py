"""What a user sees, for any feature's dispatcher tests: the bot's real texts in a language, and
tapping a button by its visible text, on the message it belongs to.

    t = tr("ru"); await tap(h, t.get("numbers-list-button"), language_code="ru")
    await tap(h, re.compile("^🇸🇪"))          # the first button matching a pattern
"""

from __future__ import annotations

import re
from functools import cache

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core
from tests.fakes.telegram import Call
from tests.fakes.telegram_fixture import BotHarness, buttons_of

Label = str | re.Pattern[str]


@cache
def core() -> FluentRuntimeCore:
    """The real locale files, loaded once (what the dispatcher's startup() does)."""
    c = create_core("en")
    c.locales.update(c.find_locales())
    return c


def tr(locale: str) -> LocaleTranslator:
    """The real locale files, as the bot renders them."""
    return LocaleTranslator(core(), locale)


def alerts(calls: list[Call]) -> list[str]:
    """The pop-up alerts among `calls` (callback answers with show_alert)."""
    return [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery) and c.show_alert]


def _matches(label: Label, text: str) -> bool:
    return bool(label.search(text)) if isinstance(label, re.Pattern) else text == label


def _screen(h: BotHarness, chat_id: int) -> Call | None:
    screens = [
        c
        for c in h.calls
        if isinstance(c, SendMessage | EditMessageText) and int(c.chat_id or 0) == chat_id
    ]
    return screens[-1] if screens else None


async def tap(
    h: BotHarness,
    label: Label,
    *,
    user_id: int = 1,
    chat_id: int | None = None,
    language_code: str = "en",
) -> list[Call]:
    """Tap the button labelled `label` (exactly, or the first matching a pattern) on the chat's
    last screen, on that very message."""
    chat = chat_id if chat_id is not None else user_id
    screen = _screen(h, chat)
    buttons = buttons_of(screen) if screen is not None else []
    for text, data in buttons:
        if _matches(label, text):
            assert data is not None, f"{text!r} is not a callback button"
            message_id = getattr(screen, "message_id", None) or h.last_message_id(chat)
            return await h.press(
                data,
                user_id=user_id,
                chat_id=chat,
                message_id=message_id,
                language_code=language_code,
            )
    raise AssertionError(f"no button {label!r} on the screen: {[t for t, _ in buttons]}")
