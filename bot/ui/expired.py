"""The Telegram side of the confirmation sweep: turn each expired card into its "expired" text
with no buttons, in the owner's language, outside any update (bot.services.sweeper calls it)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram_i18n.cores import BaseCore

from bot.i18n import LocaleTranslator, normalize_locale
from bot.services.confirmations import ExpiredCard
from bot.ui.confirm import ViewCatalog, expired_text

log = logging.getLogger(__name__)

# One wait for Telegram's flood control per card; a second refusal leaves that card as is.
MAX_ATTEMPTS = 2


class ExpiredCardEditor:
    """`on_expired` for bot.services.sweeper.CardSweeper. `core` must be started (loaded)."""

    def __init__(self, bot: Bot, core: BaseCore[Any], views: ViewCatalog) -> None:
        self.bot = bot
        self.core = core
        self.views = views

    async def __call__(self, item: ExpiredCard) -> None:
        locale = normalize_locale(item.locale, self.core.default_locale)
        view = self.views.view(item.card.action)
        text = expired_text(LocaleTranslator(self.core, locale), item.card, view)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                # No reply_markup: the edit removes Confirm / Cancel.
                await self.bot.edit_message_text(
                    text=text, chat_id=item.chat_id, message_id=item.message_id
                )
                return
            except TelegramRetryAfter as exc:
                if attempt == MAX_ATTEMPTS:
                    raise
                await asyncio.sleep(exc.retry_after)
            except (TelegramBadRequest, TelegramForbiddenError) as exc:
                # Deleted, too old, unchanged, bot blocked: the card is expired in the DB
                # all the same, and a press on it still answers "expired".
                log.info("expired card not edited nonce=%s: %s", item.card.nonce, exc.message)
                return
