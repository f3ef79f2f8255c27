"""Last router: whatever nobody else handled gets a short hint, never silence.

Group chatter is left alone (the bot may see every message in a team group); only private
messages and button presses are answered. A main-menu section no feature serves yet says so.
"""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.features import Feature
from bot.routing import Blueprint
from bot.ui.callbacks import MenuCallback, Section
from bot.ui.keyboards import SECTION_BUTTON_KEYS, back_keyboard
from bot.ui.wizard import show

routes = Blueprint(__name__)


@routes.callback_query(MenuCallback.filter(F.section.in_(set(SECTION_BUTTON_KEYS))))
async def coming_soon(query: CallbackQuery, callback_data: MenuCallback, i18n: I18nContext) -> None:
    """Reached only for a section whose feature is not in the list (yet)."""
    await query.answer()
    name = i18n.get(SECTION_BUTTON_KEYS[Section(callback_data.section)])
    await show(query, i18n.get("section-coming-soon", section=name), back_keyboard(i18n))


@routes.message(F.chat.type == "private")
async def unknown_message(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("fallback-text"), reply_markup=back_keyboard(i18n))


@routes.callback_query()
async def unknown_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("fallback-button"), show_alert=True)


feature = Feature("fallback", routes.build)
