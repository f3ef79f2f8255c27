"""API keys: connect (/key or the button, then paste), list (/keys), switch, rename, remove.

A pasted key is deleted from the chat before anything else happens. Keys are connected only in
private chats; in a group, a key-looking message is deleted and never stored.
"""

from __future__ import annotations

import logging

from aiogram import F
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.db.models import ApiKey, User
from bot.features import Feature, command
from bot.routing import Blueprint
from bot.services.keys import InvalidLabelError, KeyRejected, KeyService, looks_like_key
from bot.ui import keys as ui
from bot.ui.callbacks import KeyCallback, KeyOp, MenuCallback, Section
from bot.ui.format import key_name
from bot.ui.wizard import show

routes = Blueprint(__name__)
log = logging.getLogger(__name__)

PRIVATE = F.chat.type == "private"
IN_GROUP = F.chat.type != "private"


class KeyStates(StatesGroup):
    waiting_key = State()
    renaming = State()


async def _delete(message: Message) -> bool:
    """Remove a message carrying a key; False when Telegram won't (no rights, too old)."""
    try:
        await message.delete()
        return True
    except TelegramAPIError as exc:
        log.warning("could not delete a key message: %s", type(exc).__name__)
        return False


# -- groups: never here ---------------------------------------------------------------------


@routes.message(Command("key", "keys"), IN_GROUP)
async def keys_in_group(message: Message, i18n: I18nContext, command: CommandObject) -> None:
    if command.args:  # "/key <something>": treat it as a leaked key
        await _delete(message)
        await message.answer(i18n.get("keys-group-warning"))
        return
    await message.answer(i18n.get("keys-group-private-only"))


@routes.message(IN_GROUP, F.text.func(looks_like_key) | F.caption.func(looks_like_key))
@routes.edited_message(IN_GROUP, F.text.func(looks_like_key) | F.caption.func(looks_like_key))
async def key_pasted_in_group(message: Message, i18n: I18nContext) -> None:
    await _delete(message)
    await message.answer(i18n.get("keys-group-warning"))


@routes.callback_query(KeyCallback.filter(), F.message.chat.type != "private")
async def key_buttons_in_group(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("keys-group-private-only"), show_alert=True)


# -- connect ----------------------------------------------------------------------------------


@routes.message(Command("key"), PRIVATE)
async def key_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    settings: Settings,
) -> None:
    if command.args:  # "/key <key>" works too; the message goes at once all the same
        await _delete(message)  # first, before any network call
        await _store(message, command.args, i18n, state, key_service, settings)
        return
    await state.set_state(KeyStates.waiting_key)
    await show(message, *ui.ask_paste(i18n))


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.CONNECT))
async def connect_pressed(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await query.answer()
    await state.set_state(KeyStates.waiting_key)
    await show(query, *ui.ask_paste(i18n))


@routes.message(KeyStates.waiting_key, PRIVATE, ~F.text.startswith("/"))
@routes.message(PRIVATE, F.text.func(looks_like_key))  # pasted without /key first
@routes.edited_message(PRIVATE, F.text.func(looks_like_key))  # a key edited into a message
async def key_pasted(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    settings: Settings,
) -> None:
    await _delete(message)  # first, before any network call
    await _store(message, message.text or "", i18n, state, key_service, settings)


async def _store(
    target: CallbackQuery | Message,
    raw: str,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    settings: Settings,
) -> None:
    """Validate with piv.day, store encrypted, say which key is now active (or why not)."""
    assert target.from_user is not None
    try:
        done = await key_service.connect(target.from_user.id, raw)
    except KeyRejected as exc:
        log.info("key not connected reason=%s", exc.reason.value)
        if exc.reason not in ui.RETRYABLE:
            await state.clear()
        await show(target, *ui.rejected(i18n, exc.reason))
        return
    await state.clear()
    view = ui.connected(i18n, done.row, done.account, sandbox_mode=settings.sandbox_mode)
    await show(target, *view)


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.DEMO), F.message.chat.type == "private")
async def demo_key_pressed(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    settings: Settings,
) -> None:
    """Sandbox mode only: connect the play-money key without copying it around."""
    if settings.sandbox_demo_key is None:
        await query.answer(i18n.get("keys-demo-unavailable"), show_alert=True)
        return
    await query.answer()
    demo = settings.sandbox_demo_key.get_secret_value()
    await _store(query, demo, i18n, state, key_service, settings)


# -- list, card, switch, rename, remove -------------------------------------------------------


async def _list(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    service: KeyService,
    user: User,
    notice: str = "",
) -> None:
    # `user` is the update's row: switching or removing a key updated it in this session.
    keys = await service.list(user.id)
    await show(target, *ui.key_list(i18n, keys, user.active_key_id, notice or None))


@routes.message(Command("keys"), PRIVATE)
async def keys_command(
    message: Message, i18n: I18nContext, state: FSMContext, key_service: KeyService, db_user: User
) -> None:
    await state.clear()
    await _list(message, i18n, key_service, db_user)


@routes.callback_query(MenuCallback.filter(F.section == Section.KEYS))
async def keys_section(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    await state.clear()
    await query.answer()
    await _list(query, i18n, key_service, db_user)


async def _owned_key(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    service: KeyService,
    user: User,
) -> ApiKey | None:
    """The pressed key if it belongs to the presser; otherwise say so and show the list."""
    key = await service.get(user.id, callback_data.key_id)
    if key is None:
        await query.answer(i18n.get("keys-not-found"), show_alert=True)
        await _list(query, i18n, service, user)
    else:
        await query.answer()
    return key


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.SHOW))
async def key_card(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    await state.clear()
    if key := await _owned_key(query, callback_data, i18n, key_service, db_user):
        await show(query, *ui.key_card(i18n, key, active=db_user.active_key_id == key.id))


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.USE))
async def use_key(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    if key := await _owned_key(query, callback_data, i18n, key_service, db_user):
        await key_service.activate(db_user.id, key.id)
        notice = i18n.get("keys-now-active", key=key_name(key))
        await _list(query, i18n, key_service, db_user, notice)


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.RENAME))
async def rename_start(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    state: FSMContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    if key := await _owned_key(query, callback_data, i18n, key_service, db_user):
        await state.set_state(KeyStates.renaming)
        await state.set_data({"key_id": key.id})
        await show(query, *ui.rename_ask(i18n, key))


@routes.message(KeyStates.renaming, PRIVATE, F.text, ~F.text.startswith("/"))
async def rename_typed(
    message: Message, i18n: I18nContext, state: FSMContext, key_service: KeyService, db_user: User
) -> None:
    key_id = int((await state.get_data()).get("key_id", 0))
    try:
        key = await key_service.rename(db_user.id, key_id, message.text or "")
    except InvalidLabelError:
        await message.answer(i18n.get("keys-rename-invalid"))
        return
    await state.clear()
    if key is None:
        notice = i18n.get("keys-not-found")
    else:
        notice = i18n.get("keys-renamed", key=key_name(key))
    await _list(message, i18n, key_service, db_user, notice)


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.REMOVE))
async def remove_ask(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    if key := await _owned_key(query, callback_data, i18n, key_service, db_user):
        await show(query, *ui.remove_ask(i18n, key))


@routes.callback_query(KeyCallback.filter(F.op == KeyOp.REMOVE_YES))
async def remove_confirmed(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    key_service: KeyService,
    db_user: User,
) -> None:
    if key := await _owned_key(query, callback_data, i18n, key_service, db_user):
        name = key_name(key)
        await key_service.remove(db_user.id, key.id)
        await _list(query, i18n, key_service, db_user, i18n.get("keys-removed", key=name))


feature = Feature(
    "keys",
    routes.build,
    section=Section.KEYS,
    commands=(command("keys", "cmd-keys", rank=70), command("key", "cmd-key", rank=71)),
)
