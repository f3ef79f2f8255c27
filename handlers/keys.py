"""API keys: connect (/key or the button, then paste), list (/keys), switch, rename, remove.

A pasted key is deleted from the chat before anything else happens. Keys are connected only in
private chats; in a group, a key-looking message is deleted and never stored.
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import KeyRing
from bot.db.models import ApiKey
from bot.pivday import ClientPool
from bot.services.keys import (
    InvalidLabelError,
    KeyRejected,
    KeyRejection,
    KeyService,
    looks_like_key,
)
from bot.ui.callbacks import KeyCallback, KeyOp, MenuCallback, Section
from bot.ui.format import key_name, money
from bot.ui.keyboards import back_button, connect_button, section_button, yes_no_back
from bot.ui.paging import checked
from bot.ui.wizard import show

router = Router(name=__name__)
log = logging.getLogger(__name__)

PRIVATE = F.chat.type == "private"
IN_GROUP = F.chat.type != "private"

REJECTION_KEYS: dict[KeyRejection, str] = {
    KeyRejection.MALFORMED: "keys-rejected-malformed",
    KeyRejection.UNAUTHORIZED: "keys-rejected-unauthorized",
    KeyRejection.MISSING_SCOPE: "keys-rejected-missing-scope",
    KeyRejection.UNREACHABLE: "keys-rejected-unreachable",
    KeyRejection.DUPLICATE: "keys-rejected-duplicate",
    KeyRejection.LIMIT: "keys-rejected-limit",
}
# After these the person may simply paste again; the others end the connect step.
RETRYABLE = {KeyRejection.MALFORMED, KeyRejection.UNAUTHORIZED, KeyRejection.MISSING_SCOPE}


class KeyStates(StatesGroup):
    waiting_key = State()
    renaming = State()


def _service(session: AsyncSession, key_ring: KeyRing, pivday_pool: ClientPool) -> KeyService:
    return KeyService(session, key_ring, pivday_pool)


async def _delete(message: Message) -> bool:
    """Remove a message carrying a key; False when Telegram won't (no rights, too old)."""
    try:
        await message.delete()
        return True
    except TelegramAPIError as exc:
        log.warning("could not delete a key message: %s", type(exc).__name__)
        return False


# -- groups: never here ---------------------------------------------------------------------


@router.message(Command("key", "keys"), IN_GROUP)
async def keys_in_group(message: Message, i18n: I18nContext, command: CommandObject) -> None:
    if command.args:  # "/key <something>": treat it as a leaked key
        await _delete(message)
        await message.answer(i18n.get("keys-group-warning"))
        return
    await message.answer(i18n.get("keys-group-private-only"))


@router.message(IN_GROUP, F.text.func(looks_like_key) | F.caption.func(looks_like_key))
async def key_pasted_in_group(message: Message, i18n: I18nContext) -> None:
    await _delete(message)
    await message.answer(i18n.get("keys-group-warning"))


@router.callback_query(KeyCallback.filter(), F.message.chat.type != "private")
async def key_buttons_in_group(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("keys-group-private-only"), show_alert=True)


# -- connect ----------------------------------------------------------------------------------


@router.message(Command("key"), PRIVATE)
async def key_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    if command.args:  # "/key <key>" works too; the message goes at once all the same
        await _connect(message, command.args, i18n, state, session, key_ring, pivday_pool)
        return
    await state.set_state(KeyStates.waiting_key)
    await message.answer(i18n.get("keys-ask-paste"), reply_markup=_cancel_keyboard(i18n))


@router.callback_query(KeyCallback.filter(F.op == KeyOp.CONNECT))
async def connect_button_pressed(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext
) -> None:
    await query.answer()
    await state.set_state(KeyStates.waiting_key)
    await show(query, i18n.get("keys-ask-paste"), _cancel_keyboard(i18n))


@router.message(KeyStates.waiting_key, PRIVATE, ~F.text.startswith("/"))
@router.message(PRIVATE, F.text.func(looks_like_key))  # pasted without /key first
async def key_pasted(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    await _connect(message, message.text or "", i18n, state, session, key_ring, pivday_pool)


async def _connect(
    message: Message,
    raw: str,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    await _delete(message)  # first, before any network call
    assert message.from_user is not None
    try:
        connected = await _service(session, key_ring, pivday_pool).connect(
            message.from_user.id, raw
        )
    except KeyRejected as rejected:
        if rejected.reason not in RETRYABLE:
            await state.clear()
        log.info("key not connected reason=%s", rejected.reason.value)
        markup = _cancel_keyboard(i18n) if rejected.reason in RETRYABLE else _after_keyboard(i18n)
        await message.answer(i18n.get(REJECTION_KEYS[rejected.reason]), reply_markup=markup)
        return
    await session.commit()  # stored before we say so
    await state.clear()
    text = i18n.get(
        "keys-connected",
        key=key_name(connected.row),
        balance=money(connected.account.balance),
        email=connected.account.email or "-",
    )
    await message.answer(text, reply_markup=_after_keyboard(i18n))


def _cancel_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[back_button(i18n, Section.KEYS)]])


def _after_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[section_button(i18n, Section.HOME), section_button(i18n, Section.KEYS)]]
    )


# -- list, card, switch, rename, remove -------------------------------------------------------


def _row_text(i18n: I18nContext, key: ApiKey, active_id: int | None, *, html: bool) -> str:
    name = key_name(key) if html else f"{key.label} · {key.mask}"
    return i18n.get("keys-row-active" if key.id == active_id else "keys-row", key=name)


async def _list_view(
    i18n: I18nContext, service: KeyService, owner_id: int, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    keys = await service.list(owner_id)
    active = await service.active(owner_id)
    active_id = active.id if active is not None else None
    lines = [notice, ""] if notice else []
    if keys:
        lines.append(i18n.get("keys-list-title"))
        lines.extend(_row_text(i18n, k, active_id, html=True) for k in keys)
    else:
        lines.append(i18n.get("keys-list-empty"))
    rows = [
        [
            InlineKeyboardButton(
                text=_row_text(i18n, k, active_id, html=False),
                callback_data=KeyCallback(op=KeyOp.SHOW, key_id=k.id).pack(),
            )
        ]
        for k in keys
    ]
    rows.append([connect_button(i18n)])
    rows.append([back_button(i18n)])
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(Command("keys"), PRIVATE)
async def keys_command(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    await state.clear()
    assert message.from_user is not None
    service = _service(session, key_ring, pivday_pool)
    await show(message, *await _list_view(i18n, service, message.from_user.id))


@router.callback_query(MenuCallback.filter(F.section == Section.KEYS))
async def keys_section(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    await state.clear()
    await query.answer()
    service = _service(session, key_ring, pivday_pool)
    await show(query, *await _list_view(i18n, service, query.from_user.id))


def _card_view(i18n: I18nContext, key: ApiKey, active: bool) -> tuple[str, InlineKeyboardMarkup]:
    added = f"{key.created_at:%Y-%m-%d}" if key.created_at else "-"
    lines = [i18n.get("keys-card", key=key_name(key), email=key.email or "-", added=added)]
    if active:
        lines.append(i18n.get("keys-card-active"))
    rows: list[list[InlineKeyboardButton]] = []

    def button(op: KeyOp, text_key: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=i18n.get(text_key), callback_data=KeyCallback(op=op, key_id=key.id).pack()
        )

    if not active:
        rows.append([button(KeyOp.USE, "keys-button-use")])
    rows.append([button(KeyOp.RENAME, "keys-button-rename")])
    rows.append([button(KeyOp.REMOVE, "keys-button-remove")])
    rows.append([back_button(i18n, Section.KEYS)])
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


async def _owned_key(
    query: CallbackQuery, callback_data: KeyCallback, i18n: I18nContext, service: KeyService
) -> ApiKey | None:
    """The pressed key if it still belongs to the presser; otherwise say so and refresh."""
    key = await service.get(query.from_user.id, callback_data.key_id)
    if key is None:
        await query.answer(i18n.get("keys-not-found"), show_alert=True)
        await show(query, *await _list_view(i18n, service, query.from_user.id))
    return key


@router.callback_query(KeyCallback.filter(F.op == KeyOp.SHOW))
async def key_card(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    await state.clear()
    service = _service(session, key_ring, pivday_pool)
    key = await _owned_key(query, callback_data, i18n, service)
    if key is None:
        return
    await query.answer()
    active = await service.active(query.from_user.id)
    await show(query, *_card_view(i18n, key, active is not None and active.id == key.id))


@router.callback_query(KeyCallback.filter(F.op == KeyOp.USE))
async def use_key(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    service = _service(session, key_ring, pivday_pool)
    key = await _owned_key(query, callback_data, i18n, service)
    if key is None:
        return
    await service.activate(query.from_user.id, key.id)
    notice = i18n.get("keys-now-active", key=key_name(key))
    await query.answer()
    await show(query, *await _list_view(i18n, service, query.from_user.id, notice))


@router.callback_query(KeyCallback.filter(F.op == KeyOp.RENAME))
async def rename_start(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    service = _service(session, key_ring, pivday_pool)
    key = await _owned_key(query, callback_data, i18n, service)
    if key is None:
        return
    await query.answer()
    await state.set_state(KeyStates.renaming)
    await state.set_data({"key_id": key.id})
    back = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=i18n.get("menu-back"),
                    callback_data=KeyCallback(op=KeyOp.SHOW, key_id=key.id).pack(),
                )
            ]
        ]
    )
    await show(query, i18n.get("keys-rename-ask", key=key_name(key)), back)


@router.message(KeyStates.renaming, PRIVATE, F.text, ~F.text.startswith("/"))
async def rename_typed(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    assert message.from_user is not None
    key_id = int((await state.get_data()).get("key_id", 0))
    service = _service(session, key_ring, pivday_pool)
    try:
        key = await service.rename(message.from_user.id, key_id, message.text or "")
    except InvalidLabelError:
        await message.answer(i18n.get("keys-rename-invalid"))
        return
    await state.clear()
    notice = (
        i18n.get("keys-renamed", key=key_name(key))
        if key is not None
        else i18n.get("keys-not-found")
    )
    await show(message, *await _list_view(i18n, service, message.from_user.id, notice))


@router.callback_query(KeyCallback.filter(F.op == KeyOp.REMOVE))
async def remove_ask(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    service = _service(session, key_ring, pivday_pool)
    key = await _owned_key(query, callback_data, i18n, service)
    if key is None:
        return
    await query.answer()
    markup = yes_no_back(
        i18n,
        KeyCallback(op=KeyOp.REMOVE_YES, key_id=key.id).pack(),
        KeyCallback(op=KeyOp.SHOW, key_id=key.id).pack(),
        yes_key="keys-button-remove-yes",
    )
    await show(query, i18n.get("keys-remove-confirm", key=key_name(key)), markup)


@router.callback_query(KeyCallback.filter(F.op == KeyOp.REMOVE_YES))
async def remove_confirmed(
    query: CallbackQuery,
    callback_data: KeyCallback,
    i18n: I18nContext,
    session: AsyncSession,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
) -> None:
    service = _service(session, key_ring, pivday_pool)
    key = await _owned_key(query, callback_data, i18n, service)
    if key is None:
        return
    name = key_name(key)
    await service.remove(query.from_user.id, key.id)
    await session.commit()
    await query.answer()
    notice = i18n.get("keys-removed", key=name)
    await show(query, *await _list_view(i18n, service, query.from_user.id, notice))
