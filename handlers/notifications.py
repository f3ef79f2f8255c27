"""🔔 Notifications: the event URL screen (/notifications), what the private chat receives,
and team groups: /bind, /binding, /unbind (group admins with a connected key). Thin: settings
live in bot.services.notifications, texts in bot.ui.notifications; the events themselves flow
through bot.events (receiver → inbox → router → outbox), outside any update."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.enums import ChatMemberStatus
from aiogram.filters import Command
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.crypto import KeyRing
from bot.db.models import ApiKey
from bot.events.notices import chat_gone
from bot.events.sandbox import events_base
from bot.features import Feature, Scope, command
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.routing import Blueprint
from bot.services.notifications import (
    CHOOSABLE,
    BindingService,
    PrefsService,
    TokenService,
    events_url,
    post_test_event,
)
from bot.ui import notifications as ui
from bot.ui.callbacks import MenuCallback, Section
from bot.ui.wizard import show

routes = Blueprint(__name__)
KEYED = {NEEDS_KEY: True, PRIVATE: True}
GROUPS = F.chat.type.in_({"group", "supergroup"})
ADMINS = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})


async def _url(
    session: AsyncSession, settings: Settings, key_ring: KeyRing, key: ApiKey
) -> str | None:
    base = events_base(settings)
    if base is None:
        return None
    return events_url(base, await TokenService(session, key_ring).token(key))


async def _screen(
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    key_ring: KeyRing,
    key: ApiKey,
    note: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    return ui.notifications_screen(
        i18n,
        key=key,
        url=await _url(session, settings, key_ring, key),
        sandbox=settings.sandbox_mode,
        filters=await PrefsService(session).filters(key.owner_id),
        groups=await BindingService(session).of_key(key.id),
        note=note,
    )


@routes.callback_query(MenuCallback.filter(F.section == Section.NOTIFICATIONS), flags=KEYED)
@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.HOME), flags=KEYED)
@routes.message(Command("notifications"), flags=KEYED)
async def notifications(
    event: CallbackQuery | Message,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    key_ring: KeyRing,
    active_key: ApiKey,
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    await show(event, *await _screen(i18n, session, settings, key_ring, active_key))


@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.REGEN), flags=KEYED)
async def regenerate_ask(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await show(query, *ui.regen_confirm(i18n))


@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.REGEN_YES), flags=KEYED)
async def regenerate(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    key_ring: KeyRing,
    active_key: ApiKey,
) -> None:
    await TokenService(session, key_ring).regenerate(active_key)
    await query.answer()
    note = ui.regenerated(i18n)
    await show(query, *await _screen(i18n, session, settings, key_ring, active_key, note))


@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.TEST), flags=KEYED)
async def test_event(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    key_ring: KeyRing,
    active_key: ApiKey,
) -> None:
    """POST a test event to the bot's own public URL, as piv.day would, and say what came back
    (its message then arrives like any event)."""
    await query.answer(i18n.get("notifications-test-sending"))
    url = await _url(session, settings, key_ring, active_key)
    note = ui.test_result(i18n, url, await post_test_event(url)) if url else None
    await show(query, *await _screen(i18n, session, settings, key_ring, active_key, note))


@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.PREFS), flags=KEYED)
async def prefs(query: CallbackQuery, i18n: I18nContext, session: AsyncSession) -> None:
    await query.answer()
    await show(
        query, *ui.prefs_screen(i18n, await PrefsService(session).filters(query.from_user.id))
    )


@routes.callback_query(ui.NotifyCallback.filter(F.op == ui.NotifyOp.PREF), flags=KEYED)
async def toggle_pref(
    query: CallbackQuery,
    callback_data: ui.NotifyCallback,
    i18n: I18nContext,
    session: AsyncSession,
) -> None:
    if not 0 <= callback_data.index < len(CHOOSABLE):
        await query.answer(i18n.get("fallback-button"), show_alert=True)
        return
    filters = await PrefsService(session).cycle(query.from_user.id, CHOOSABLE[callback_data.index])
    await query.answer()
    await show(query, *ui.prefs_screen(i18n, filters))


# --- groups ---------------------------------------------------------------------------------


def _thread(message: Message) -> int:
    """The forum topic a command was sent in (0: the group as a whole)."""
    return (message.message_thread_id or 0) if message.is_topic_message else 0


async def _is_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    member = await bot.get_chat_member(chat_id, user_id)
    return member.status in ADMINS


@routes.message(Command("bind"), GROUPS)
async def bind(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    bot: Bot,
    active_key: ApiKey | None,
) -> None:
    if message.sender_chat is not None or message.from_user is None:  # an anonymous admin
        await message.answer(i18n.get("bind-anonymous"))
        return
    if active_key is None:
        await message.answer(i18n.get("bind-need-key"))
        return
    if not await _is_admin(bot, message.chat.id, message.from_user.id):
        await message.answer(i18n.get("bind-not-admin"))
        return
    thread = _thread(message)
    await BindingService(session).bind(
        chat_id=message.chat.id,
        thread_id=thread,
        title=message.chat.title,
        key=active_key,
        by=message.from_user.id,
    )
    await message.answer(ui.bound_text(i18n, active_key, topic=bool(thread)))


async def _binding_view(
    i18n: I18nContext, session: AsyncSession, chat_id: int, thread_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    here = await BindingService(session).here(chat_id, thread_id)
    return ui.binding_screen(i18n, [(b.binding, b.key) for b in here])


@routes.message(Command("binding"), GROUPS)
async def binding(message: Message, i18n: I18nContext, session: AsyncSession) -> None:
    text, markup = await _binding_view(i18n, session, message.chat.id, _thread(message))
    await message.answer(text, reply_markup=markup)


@routes.callback_query(ui.BindCallback.filter())
async def binding_toggle(
    query: CallbackQuery,
    callback_data: ui.BindCallback,
    i18n: I18nContext,
    session: AsyncSession,
) -> None:
    service = BindingService(session)
    bound = await service.get(callback_data.binding_id)
    if bound is None or not bound.binding.active or callback_data.index >= len(CHOOSABLE):
        await query.answer(i18n.get("binding-gone"), show_alert=True)
        return
    if bound.key.owner_id != query.from_user.id:
        await query.answer(i18n.get("binding-not-yours"), show_alert=True)
        return
    await service.cycle(bound.binding.id, CHOOSABLE[callback_data.index])
    await query.answer()
    chat_id, thread_id = bound.binding.chat_id, bound.binding.thread_id
    await show(query, *await _binding_view(i18n, session, chat_id, thread_id))


@routes.message(Command("unbind"), GROUPS)
async def unbind(message: Message, i18n: I18nContext, session: AsyncSession, bot: Bot) -> None:
    """Your own keys' bindings here; a group admin may also clear other people's."""
    if message.from_user is None or message.sender_chat is not None:
        await message.answer(i18n.get("bind-anonymous"))
        return
    service = BindingService(session)
    here = await service.here(message.chat.id, _thread(message))
    ending = [b for b in here if b.key.owner_id == message.from_user.id]
    if not ending and here and await _is_admin(bot, message.chat.id, message.from_user.id):
        ending = here
    await service.unbind([b.binding for b in ending])
    await message.answer(ui.unbound_text(i18n, [b.key for b in ending]))


@routes.message(Command("bind", "binding", "unbind"), F.chat.type == "private")
async def group_only(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("bind-group-only"))


@routes.message(F.migrate_to_chat_id)
async def migrated(message: Message, session: AsyncSession) -> None:
    """The group became a supergroup (a new chat id): bindings and queued messages follow."""
    assert message.migrate_to_chat_id is not None
    await BindingService(session).migrate_chat(message.chat.id, message.migrate_to_chat_id)


@routes.my_chat_member(F.new_chat_member.status.in_({"left", "kicked"}))
async def removed(event: ChatMemberUpdated, i18n: I18nContext, session: AsyncSession) -> None:
    """Removed from a group (or blocked in private): stop queueing there, tell the owners."""
    await chat_gone(session, event.chat.id, i18n.core, event.new_chat_member.status)


feature = Feature(
    "notifications",
    routes.build,
    section=Section.NOTIFICATIONS,
    commands=(
        command("notifications", "cmd-notifications", rank=40),
        command("bind", "cmd-bind", Scope.GROUP, rank=60),
        command("binding", "cmd-binding", Scope.GROUP, rank=61),
        command("unbind", "cmd-unbind", Scope.GROUP, rank=62),
    ),
)
