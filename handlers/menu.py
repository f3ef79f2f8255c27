"""Main-menu navigation (one message edited in place), /account, and the "coming soon" sections.

Numbers, Keys and Settings sections are handled by their own routers.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.db.models import ApiKey
from bot.pivday import PivDayClient
from bot.ui.callbacks import MenuCallback, Section
from bot.ui.format import account_card
from bot.ui.keyboards import SECTION_BUTTON_KEYS, back_keyboard
from bot.ui.wizard import show
from handlers.common import home_view, require_key

router = Router(name=__name__)

# Sections whose flows arrive in later versions: one localized line each.
COMING_SOON = (Section.PROXIES, Section.DOMAINS, Section.SITES, Section.NOTIFICATIONS)


@router.callback_query(MenuCallback.filter(F.section == Section.HOME))
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


@router.callback_query(MenuCallback.filter(F.section.in_(COMING_SOON)))
async def coming_soon(query: CallbackQuery, callback_data: MenuCallback, i18n: I18nContext) -> None:
    await query.answer()
    name = i18n.get(SECTION_BUTTON_KEYS[Section(callback_data.section)])
    await show(query, i18n.get("section-coming-soon", section=name), back_keyboard(i18n))


async def _account(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
) -> None:
    if active_key is None or pivday is None:
        await require_key(target, i18n)
        return
    if isinstance(target, CallbackQuery):
        await target.answer()
    account = await pivday.account.get()  # failures go to the error router's localized answer
    card = account_card(i18n, active_key, account, sandbox_mode=settings.sandbox_mode)
    await show(target, card, back_keyboard(i18n))


@router.callback_query(MenuCallback.filter(F.section == Section.ACCOUNT))
async def account_section(
    query: CallbackQuery,
    i18n: I18nContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
) -> None:
    await _account(query, i18n, settings, active_key, pivday)


@router.message(Command("account"), F.chat.type == "private")
async def account_command(
    message: Message,
    i18n: I18nContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
) -> None:
    await _account(message, i18n, settings, active_key, pivday)
