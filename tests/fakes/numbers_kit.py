"""Helpers for the numbers feature's dispatcher tests: tap a button by its visible text, read the
bot's real texts, drive the wait-for-a-code poller, check Telegram's limits on every screen.

    await tap(h, tr("en").get("numbers-list-button"))      # the button with exactly that text
    await tap(h, re.compile("^🇸🇪"))                        # … or the first matching a pattern
    await open_card(h, phone)                               # Numbers → My numbers → its button
    loop = code_loop(h, wall_clock()); await loop.run_once()

(A shared `h.tap` is being added to the harness in parallel; this local one keeps to the same
idea: a test presses what the user sees, not callback data it made up.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy import select

from bot.db.models import Watch
from bot.i18n import LocaleTranslator, create_core
from bot.ui.callbacks import MenuCallback
from bot.watching import WatchLoop
from handlers.number_sms import CODE_WATCHER
from tests.fakes.clock import Clock
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


async def open_card(h: BotHarness, phone: str, lang: str = "en") -> str:
    """Numbers → My numbers → the number's button (on the first page); returns the card."""
    t = tr(lang)
    await h.press(MenuCallback(section="numbers").pack(), language_code=lang)
    await tap(h, t.get("numbers-list-button"), language_code=lang)
    await tap(h, re.compile(re.escape(phone)), language_code=lang)
    return h.last_text() or ""


LEAVE_WAYS = ["back", "cancel", "/cancel", "/start", "/account", "/numbers"]


async def leave_step(h: BotHarness, how: str, phone: str, *, backs: int = 1) -> None:
    """Leave the typed step on screen: Back (`backs` times, onto the number's card), Cancel
    (onto the card, saying so), /cancel, or any other command."""
    t = tr("en")
    if how == "back":
        for _ in range(backs):
            await tap(h, t.get("wizard-back"))
        assert (h.last_text() or "").startswith(f"📱 <b>{phone}</b>")
    elif how == "cancel":
        await tap(h, t.get("wizard-cancel"))
        assert (h.last_text() or "").startswith(t.get("numbers-step-cancelled"))
    else:
        await h.send(how)


async def ready(h: BotHarness, key: str) -> BotHarness:
    """A harness whose user 1 has `key` connected, the sandbox on the wall clock and its rate
    limit off (a flow makes more than 100 calls in one frozen sandbox minute)."""
    h.sandbox.rate_limit = 0
    await sandbox_to_wall_clock(h)
    await h.connect_key(1, key)
    return h


async def start_waiting(h: BotHarness, phone: str) -> list[Call]:
    """The number's card → ⏳ Wait for a code."""
    await open_card(h, phone)
    return await tap(h, tr("en").get("numbers-wait-button"))


async def watch_of(h: BotHarness, piv_num_id: str) -> Watch:
    """The latest watch on that number."""
    async with h.sessionmaker() as session:
        stmt = select(Watch).where(Watch.target == piv_num_id).order_by(Watch.id.desc())
        row = (await session.scalars(stmt)).first()
    assert row is not None
    return row
