"""Last router: whatever nobody else handled gets a short hint, never silence.

Group chatter is left alone (the bot may see every message in a team group); only private
messages and button presses are answered.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.ui.keyboards import back_keyboard

router = Router(name=__name__)


@router.message(F.chat.type == "private")
async def unknown_message(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("fallback-text"), reply_markup=back_keyboard(i18n))


@router.callback_query()
async def unknown_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("fallback-button"), show_alert=True)
