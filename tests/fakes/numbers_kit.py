"""Helpers for the numbers feature's dispatcher tests: tap a button by its visible text, read the
bot's real texts, drive the wait-for-a-code poller, check Telegram's limits on every screen.

    await tap(h, tr("en").get("numbers-list-button"))      # the button with exactly that text
    await tap(h, re.compile("^🇸🇪"))                        # … or the first matching a pattern
    loop = code_loop(h, clock); await loop.run_once()

(A shared `h.tap` is being added to the harness in parallel; this local one keeps to the same
idea: a test presses what the user sees, not callback data it made up.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core
from bot.watching import WatchLoop
from handlers.number_sms import CODE_WATCHER
from tests.fakes.telegram_fixture import BotHarness, Call, buttons_of, text_of

Label = str | re.Pattern[str]


@cache
def core() -> FluentRuntimeCore:
    """The real locale files, loaded once (what the dispatcher's startup() does)."""
    c = create_core("en")
    c.locales.update(c.find_locales())
    return c


def tr(locale: str) -> LocaleTranslator:
    return LocaleTranslator(core(), locale)


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
    """Tap the button labelled `label` on the chat's last screen, on that very message."""
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


def labels(h: BotHarness, chat_id: int = 1) -> list[str]:
    return [text for text, _ in h.last_buttons(chat_id)]


def alerts(calls: list[Call]) -> list[str]:
    return [c.text or "" for c in calls if isinstance(c, AnswerCallbackQuery) and c.show_alert]


def sent_texts(calls: list[Call]) -> list[str]:
    return [text_of(c) or "" for c in calls if isinstance(c, SendMessage)]


def assert_limits(h: BotHarness) -> None:
    """Everything the bot ever sent: ≤ 4096 characters, ≤ 100 buttons, data ≤ 64 bytes."""
    for call in h.calls:
        assert len(text_of(call) or "") <= 4096
        buttons = buttons_of(call)
        assert len(buttons) <= 100
        for _text, data in buttons:
            assert data is None or len(data.encode()) <= 64, data


@dataclass
class Clock:
    """The watcher loop's clock (the watches table is written in real UTC time)."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def clock() -> Clock:
    return Clock(datetime.now(UTC))


async def sandbox_to_wall_clock(h: BotHarness) -> None:
    """The sandbox's fake clock starts on a fixed date; the bot counts days left from the wall
    clock, as it does against piv.day. Move the sandbox to now (nothing is scheduled yet)."""
    await h.sandbox.advance((datetime.now(UTC) - h.sandbox.now()).total_seconds())


def code_loop(h: BotHarness, at: Clock, instance: str = "a") -> WatchLoop:
    """A watcher loop with the numbers feature's code watcher, as the runner starts it."""
    return WatchLoop(
        h.sessionmaker,
        [CODE_WATCHER],
        bot=h.bot,
        core=core(),
        key_ring=h.key_ring,
        pool=h.pool,
        instance=instance,
        clock=at,
    )
