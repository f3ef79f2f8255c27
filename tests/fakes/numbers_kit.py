"""Helpers for the numbers feature's dispatcher tests: walks to its screens, the wait-for-a-code
poller, Telegram's limits on every screen (taps: `h.tap`; texts: tests/fakes/i18n_fixture.py).

    await open_card(h, phone)                               # Numbers → My numbers → its button
    loop = code_loop(h, clock_now()); await loop.run_once()
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select

from bot.db.models import Watch
from bot.ui.callbacks import MenuCallback
from bot.watching import WatchLoop
from handlers.number_sms import CODE_WATCHER
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, Call, buttons_of, text_of
from tests.fakes.watch_driver import Clock, watch_loop


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
    return watch_loop(h, [CODE_WATCHER], at, instance)


async def open_card(h: BotHarness, phone: str, lang: str = "en") -> str:
    """Numbers → My numbers → the number's button (on the first page); returns the card."""
    t = tr(lang)
    await h.press(MenuCallback(section="numbers").pack(), language_code=lang)
    await h.tap(t.get("numbers-list-button"), language_code=lang)
    await h.tap(re.compile(re.escape(phone)), language_code=lang)
    return h.last_text() or ""


LEAVE_WAYS = ["back", "cancel", "/cancel", "/start", "/account", "/numbers"]


async def leave_step(h: BotHarness, how: str, phone: str, *, backs: int = 1) -> None:
    """Leave the typed step on screen: Back (`backs` times, onto the number's card), Cancel
    (onto the card, saying so), /cancel, or any other command."""
    t = tr("en")
    if how == "back":
        for _ in range(backs):
            await h.tap(t.get("wizard-back"))
        assert (h.last_text() or "").startswith(f"📱 <b>{phone}</b>")
    elif how == "cancel":
        await h.tap(t.get("wizard-cancel"))
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
    return await h.tap(tr("en").get("numbers-wait-button"))


async def watch_of(h: BotHarness, piv_num_id: str) -> Watch:
    """The latest watch on that number."""
    async with h.sessionmaker() as session:
        stmt = select(Watch).where(Watch.target == piv_num_id).order_by(Watch.id.desc())
        row = (await session.scalars(stmt)).first()
    assert row is not None
    return row


def markup_of(call: Call) -> InlineKeyboardMarkup | None:
    markup = getattr(call, "reply_markup", None)
    return markup if isinstance(markup, InlineKeyboardMarkup) else None


__all__ = ["tr"]  # re-exported: the numbers tests import all from here
