"""/settings and /language: the language is stored on the user (User.locale) and wins over
Telegram's language_code from then on."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.features import Feature, command
from bot.i18n import SUPPORTED_LOCALES
from bot.routing import Blueprint
from bot.ui.callbacks import LangCallback, MenuCallback, Section
from bot.ui.keyboards import LANGUAGE_NAME_KEYS, language_keyboard
from bot.ui.wizard import show

routes = Blueprint(__name__)


def _settings_view(i18n: I18nContext) -> tuple[str, InlineKeyboardMarkup]:
    language = i18n.get(LANGUAGE_NAME_KEYS[i18n.locale])
    text = i18n.get("settings-text", language=language)
    return text, language_keyboard(i18n, i18n.locale, back=Section.HOME)


@routes.message(Command("settings"))
async def settings_command(message: Message, i18n: I18nContext) -> None:
    await show(message, *_settings_view(i18n))


@routes.callback_query(MenuCallback.filter(F.section == Section.SETTINGS))
async def settings_section(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await show(query, *_settings_view(i18n))


@routes.message(Command("language"))
async def language_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(
        i18n.get("language-choose"), reply_markup=language_keyboard(i18n, i18n.locale)
    )


@routes.callback_query(LangCallback.filter())
async def pick_language(
    query: CallbackQuery, callback_data: LangCallback, i18n: I18nContext
) -> None:
    if callback_data.locale not in SUPPORTED_LOCALES:
        await query.answer(i18n.get("fallback-button"), show_alert=True)
        return
    await i18n.set_locale(callback_data.locale)  # stored in users.locale; i18n now speaks it
    await query.answer(i18n.get("language-set"))
    await show(query, *_settings_view(i18n))


feature = Feature(
    "settings",
    routes.build,
    section=Section.SETTINGS,
    commands=(
        command("settings", "cmd-settings", rank=80),
        command("language", "cmd-language", rank=81),
    ),
)
