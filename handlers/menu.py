"""Main-menu navigation (one message edited in place) and the account card (/account).

Each other section is served by its own feature; a section nobody serves yet gets the
"coming soon" line from the fallback feature.
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.db.models import ApiKey
from bot.features import Feature, command
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.routing import Blueprint
from bot.ui.callbacks import MenuCallback, Section
from bot.ui.format import account_card
from bot.ui.keyboards import back_keyboard
from bot.ui.wizard import show
from handlers.common import home_view

routes = Blueprint(__name__)


# Private: the home screen opens with the presser's balance and key name (a group's /help has
# a « Back button that leads here).
@routes.callback_query(MenuCallback.filter(F.section == Section.HOME), flags={PRIVATE: True})
async def home(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
) -> None:
    await state.clear()  # Home leaves whatever flow the message was in
    await query.answer()
    await show(query, *await home_view(i18n, settings, active_key, pivday, intro=False))


@routes.callback_query(
    MenuCallback.filter(F.section == Section.ACCOUNT), flags={NEEDS_KEY: True, PRIVATE: True}
)
@routes.message(Command("account"), flags={NEEDS_KEY: True, PRIVATE: True})
async def account(
    event: CallbackQuery | Message,
    i18n: I18nContext,
    settings: Settings,
    active_key: ApiKey,
    pivday: PivDayClient,
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    account = await pivday.account.get()  # failures go to the error router's localized answer
    card = account_card(i18n, active_key, account, sandbox_mode=settings.sandbox_mode)
    await show(event, card, back_keyboard(i18n))


feature = Feature(
    "menu",
    routes.build,
    section=Section.ACCOUNT,
    commands=(command("account", "cmd-account", rank=10),),
)
