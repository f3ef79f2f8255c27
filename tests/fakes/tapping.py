"""Pressing buttons as a user does: by the text on them (a stand-in until the harness gets its
own `tap`; the signature matches, so switching is a rename), and texts in a language.

    await tap(h, "📝 Register")                  # the button with exactly that text
    await tap(h, re.compile("^1 year"), user_id=2)  # or the one matching a pattern
    t = translator("ru"); t.get("domains-menu")
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core
from tests.fakes.telegram_fixture import BotHarness, Call


def button(h: BotHarness, label: str | re.Pattern[str], chat_id: int | None = None) -> str:
    """callback_data of the one button on the last screen whose text is `label` (or matches)."""
    buttons = h.last_buttons(chat_id)
    found = [
        data
        for text, data in buttons
        if data is not None
        and (label.search(text) if isinstance(label, re.Pattern) else text == label)
    ]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} buttons match {label!r}: {[t for t, _ in buttons]}")
    return found[0]


async def tap(
    h: BotHarness,
    label: str | re.Pattern[str],
    user_id: int = 1,
    chat_id: int | None = None,
    **kwargs: Any,
) -> list[Call]:
    """`user_id` taps the button labelled `label` on the last screen of the chat."""
    data = button(h, label, chat_id if chat_id is not None else user_id)
    return await h.press(data, user_id=user_id, chat_id=chat_id, **kwargs)


@cache
def core() -> FluentRuntimeCore:
    """The real locale files, loaded once (what the dispatcher's startup() does)."""
    loaded = create_core("en")
    loaded.locales.update(loaded.find_locales())
    return loaded


def translator(locale: str) -> LocaleTranslator:
    """The real locale files in `locale`."""
    return LocaleTranslator(core(), locale)
