"""What a person does and reads in chat: press a button by its text, read texts in a language."""

from __future__ import annotations

from functools import cache
from typing import Any

from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core
from tests.fakes.telegram_fixture import BotHarness, Call


@cache
def core() -> FluentRuntimeCore:
    """The real locale files, loaded once (for tr() and for loops that render texts)."""
    core = create_core("en")
    core.locales.update(core.find_locales())  # what the dispatcher's startup() does
    return core


def tr(locale: str) -> LocaleTranslator:
    """The bot's own texts in `locale`, to compare with what it sent."""
    return LocaleTranslator(core(), locale)


def button_texts(h: BotHarness, chat_id: int | None = None) -> list[str]:
    return [text for text, _ in h.last_buttons(chat_id)]


async def tap(h: BotHarness, text: str, **press: Any) -> list[Call]:
    """Press the button of the last screen (in the presser's chat) whose text contains
    `text`; fails when there is none."""
    chat_id = press.get("chat_id") or press.get("user_id", 1)
    return await h.press(h.button_data(text, chat_id), **press)
