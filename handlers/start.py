"""/start, /help and /cancel: the commands people expect from any bot."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.db.models import ApiKey
from bot.features import Feature, Scope, command
from bot.pivday import PivDayClient
from bot.routing import Blueprint
from bot.ui.keyboards import back_keyboard
from handlers.common import home_view

routes = Blueprint(__name__)


@routes.message(CommandStart(), F.chat.type == "private")
async def start(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
) -> None:
    await state.clear()
    text, markup = await home_view(i18n, settings, active_key, pivday, intro=True)
    await message.answer(text, reply_markup=markup)


@routes.message(CommandStart())  # in a group: no balance or key names for everyone to read
@routes.message(Command("help"))
async def help_(message: Message, i18n: I18nContext) -> None:
    # The menu behind « Back is private (balance, keys): a group gets the text alone.
    private = message.chat.type == "private"
    await message.answer(
        i18n.get("help-text"), reply_markup=back_keyboard(i18n) if private else None
    )


@routes.message(Command("cancel"))
async def cancel(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    """Leaves any wizard from any step: the FSM state and its data are dropped."""
    had_state = await state.get_state() is not None
    await state.clear()
    await message.answer(
        i18n.get("cancel-done") if had_state else i18n.get("cancel-nothing"),
        reply_markup=back_keyboard(i18n),
    )


feature = Feature(
    "start",
    routes.build,
    commands=(
        command("start", "cmd-start", Scope.PRIVATE, rank=0),
        command("help", "cmd-help", Scope.PRIVATE, Scope.GROUP, rank=90),
        command("cancel", "cmd-cancel", Scope.PRIVATE, Scope.GROUP, rank=99),
    ),
)
