"""My numbers (paged, filters, search, /numbers text), one number's card (also opened by
OpenCallback from event messages) and what it offers besides SMS: renew (also RenewCallback),
rename, auto-renew on/off, restore. Part of the numbers feature (handlers/numbers.py)."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.routing import Blueprint
from bot.services import numbers as svc
from bot.services import sms as sms_svc
from bot.services.confirmations import Quote
from bot.ui import number_card as ui
from bot.ui import sms as sms_ui
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback
from bot.ui.numbers import NumberCallback, NumberOp, NumbersCallback, NumbersOp, numbers_menu
from bot.ui.wizard import NavOp, WizardNav, show
from handlers.confirm import Offer

routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
SEARCH_KEY, BACK_KEY = "nl_search", "nl_back"  # FSM data: the search text, the list screen


def below(query: CallbackQuery) -> CallbackQuery | Message:
    """Where a deep link (from an event message) answers: a new message under it, so the event
    message (a code, a warning) stays as it was."""
    return query.message if isinstance(query.message, Message) else query


async def _leave_step(state: FSMContext) -> None:
    """Out of any typed step, keeping what the section remembers (list position, search)."""
    await state.set_state(None)


async def offer_card(
    target: CallbackQuery | Message,
    quote: Quote,
    state: FSMContext,
    offer: Offer,
) -> None:
    """A flow's last step: out of its step, then the confirmation card for `quote`, owned by
    whoever sent `target` (the paid call happens on Confirm, in handlers/confirm.py)."""
    await _leave_step(state)
    await offer(target, quote)


# --- My numbers -----------------------------------------------------------------------------


async def show_list(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
    where: ui.ListCallback,
) -> None:
    search = (await state.get_data()).get(SEARCH_KEY)
    filters = ui.list_filters(where, search)
    listing = await svc.list_numbers(client, filters, where.page)
    here = ui.ListCallback(
        page=listing.page,
        st=filters.status or "",
        cc=filters.country or "",
        q=bool(filters.search),
    )
    await state.update_data({BACK_KEY: here.pack()})
    await show(target, *ui.list_screen(i18n, listing, filters))


@routes.callback_query(NumbersCallback.filter(F.op == NumbersOp.LIST))
async def my_numbers(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await _leave_step(state)
    await state.update_data({SEARCH_KEY: None})
    await show_list(query, i18n, state, pivday, ui.ListCallback())


@routes.message(Command("numbers"))
async def numbers_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """/numbers: the list; /numbers text: the list searched for `text`."""
    await _leave_step(state)
    if not command.args:
        await state.update_data({SEARCH_KEY: None})
        await show_list(message, i18n, state, pivday, ui.ListCallback())
        return
    try:
        search = svc.validate_search(command.args)
    except svc.InvalidSearchError as exc:
        await state.set_state(ui.Search.text)
        await show(message, *ui.search_step(i18n, ui.search_problem(i18n, exc.reason)))
        return
    await state.update_data({SEARCH_KEY: search})
    await show_list(message, i18n, state, pivday, ui.ListCallback(q=True))


@routes.callback_query(ui.ListCallback.filter())
async def list_page(
    query: CallbackQuery,
    callback_data: ui.ListCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    if not callback_data.q:  # "Clear filters" and a list without search forget the text
        await state.update_data({SEARCH_KEY: None})
    await show_list(query, i18n, state, pivday, callback_data)


@routes.callback_query(ui.FilterCallback.filter(F.what == ui.FilterWhat.STATUS))
async def status_filter(
    query: CallbackQuery, callback_data: ui.FilterCallback, i18n: I18nContext, state: FSMContext
) -> None:
    await query.answer()
    filters = ui.list_filters(callback_data, (await state.get_data()).get(SEARCH_KEY))
    await show(query, *ui.status_picker(i18n, filters))


@routes.callback_query(ui.FilterCallback.filter(F.what == ui.FilterWhat.COUNTRY))
async def country_filter(
    query: CallbackQuery,
    callback_data: ui.FilterCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    filters = ui.list_filters(callback_data, (await state.get_data()).get(SEARCH_KEY))
    countries = await svc.list_countries(pivday)
    await show(query, *ui.country_picker(i18n, countries, filters, callback_data.page))


@routes.callback_query(NumbersCallback.filter(F.op == NumbersOp.SEARCH))
async def search_start(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await query.answer()
    await state.set_state(ui.Search.text)
    await show(query, *ui.search_step(i18n))


@routes.message(ui.Search.text, F.text, ~F.text.startswith("/"))
async def typed_search(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    try:
        search = svc.validate_search(message.text or "")
    except svc.InvalidSearchError as exc:
        await show(message, *ui.search_step(i18n, ui.search_problem(i18n, exc.reason)))
        return
    await _leave_step(state)
    await state.update_data({SEARCH_KEY: search})
    await show_list(message, i18n, state, pivday, ui.ListCallback(q=True))


@routes.callback_query(ui.SEARCH.nav(NavOp.BACK), ui.Search.text)
@routes.callback_query(ui.SEARCH.nav(NavOp.CANCEL), ui.Search.text)
async def search_leave(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await query.answer()
    await _leave_step(state)
    await show(query, *numbers_menu(i18n))


# --- one number -----------------------------------------------------------------------------


async def show_card(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
    session: AsyncSession,
    settings: Settings,
    piv_num_id: str,
    *,
    note: str | None = None,
) -> None:
    number = await client.numbers.get(piv_num_id)
    watch = await sms_svc.waiting(session, number.piv_num_id)
    user = target.from_user
    extras = ui.CardExtras(
        back=(await state.get_data()).get(BACK_KEY) or ui.ListCallback().pack(),
        waiting=watch is not None and user is not None and watch.owner_id == user.id,
        sandbox=settings.sandbox_mode,
        note=note,
    )
    await show(target, *ui.card(i18n, number, extras))


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.CARD))
@routes.callback_query(OpenCallback.filter(F.kind == Kind.NUMBER))
async def open_card(
    query: CallbackQuery,
    callback_data: NumberCallback | OpenCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    settings: Settings,
) -> None:
    await query.answer()
    await _leave_step(state)
    target = query if isinstance(callback_data, NumberCallback) else below(query)
    await show_card(target, i18n, state, pivday, session, settings, callback_data.id)


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.AUTO))
async def auto_renew(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    settings: Settings,
) -> None:
    on = await svc.set_auto_renew(pivday, piv_num_id=callback_data.id, on=callback_data.arg == "1")
    await query.answer(i18n.get("numbers-auto-now", on="on" if on else "off"))
    await show_card(query, i18n, state, pivday, session, settings, callback_data.id)


# --- renew ----------------------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.RENEW))
@routes.callback_query(RenewCallback.filter(F.kind == Kind.NUMBER))
async def renew_start(
    query: CallbackQuery,
    callback_data: NumberCallback | RenewCallback,
    i18n: I18nContext,
    pivday: PivDayClient,
) -> None:
    try:
        offer = await svc.renew_offer(pivday, callback_data.id)
    except svc.NotRenewableError:
        await query.answer(i18n.get("numbers-renew-not-active"), show_alert=True)
        return
    except svc.CountryGoneError:
        await query.answer(i18n.get("numbers-renew-no-price"), show_alert=True)
        return
    await query.answer()
    target = query if isinstance(callback_data, NumberCallback) else below(query)
    await show(target, *ui.renew_step(i18n, offer.number, offer.price))


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.RENEW_FOR))
async def renew_for(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    months = int(callback_data.arg) if callback_data.arg.isdigit() else 0
    if months not in svc.DURATIONS:
        await query.answer(i18n.get("numbers-stale-step"), show_alert=True)
        return
    try:
        quote = await svc.quote_renew(pivday, piv_num_id=callback_data.id, months=months)
    except svc.NotRenewableError:
        await query.answer(i18n.get("numbers-renew-not-active"), show_alert=True)
        return
    except svc.CountryGoneError:
        await query.answer(i18n.get("numbers-renew-no-price"), show_alert=True)
        return
    await query.answer()
    await offer_card(query, quote, state, offer)


# --- rename ---------------------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.RENAME))
async def rename_start(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    number = await pivday.numbers.get(callback_data.id)
    await query.answer()
    await state.set_state(ui.Rename.name)
    await state.update_data(
        piv_num_id=number.piv_num_id, phone=number.phone_number, name=number.custom_name
    )
    await show(query, *ui.rename_step(i18n, number.phone_number, number.custom_name))


@routes.message(ui.Rename.name, F.text, ~F.text.startswith("/"))
async def typed_rename(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    settings: Settings,
) -> None:
    data = await state.get_data()
    try:
        await svc.rename(pivday, piv_num_id=data["piv_num_id"], name=message.text or "")
    except svc.InvalidNameError as exc:
        problem = ui.rename_problem(i18n, exc.reason)
        await show(
            message, *ui.rename_step(i18n, str(data.get("phone") or ""), data.get("name"), problem)
        )
        return
    await _leave_step(state)
    note = i18n.get("numbers-renamed")
    await show_card(message, i18n, state, pivday, session, settings, data["piv_num_id"], note=note)


@routes.callback_query(ui.RENAME.nav(NavOp.BACK), ui.Rename.name)
@routes.callback_query(ui.RENAME.nav(NavOp.CANCEL), ui.Rename.name)
@routes.callback_query(sms_ui.SEND.nav(NavOp.BACK), sms_ui.SendSms.to)
@routes.callback_query(
    sms_ui.SEND.nav(NavOp.CANCEL), StateFilter(sms_ui.SendSms.to, sms_ui.SendSms.body)
)
@routes.callback_query(sms_ui.VERIFY.nav(NavOp.BACK), sms_ui.Verify.url)
@routes.callback_query(sms_ui.VERIFY.nav(NavOp.CANCEL), sms_ui.Verify.url)
async def leave_to_card(
    query: CallbackQuery,
    callback_data: WizardNav,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """Back / Cancel in a typed step about one number: out of the step, onto its card."""
    await query.answer()
    piv_num_id = (await state.get_data()).get("piv_num_id")
    await _leave_step(state)
    if not piv_num_id:
        await show(query, *numbers_menu(i18n))
        return
    note = i18n.get("numbers-step-cancelled") if callback_data.op is NavOp.CANCEL else None
    await show_card(query, i18n, state, pivday, session, settings, str(piv_num_id), note=note)


# --- restore --------------------------------------------------------------------------------

RESTORE_SELECTED, RESTORE_PAGE = "restore_sel", "restore_page"


async def _restore_screen(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
    selected: list[str],
    page: int,
    *,
    everything: bool = False,
) -> None:
    choice = await svc.restore_choice(client, selected, everything=everything)
    await state.set_state(ui.Restore.picking)
    await state.update_data({RESTORE_SELECTED: choice.selected, RESTORE_PAGE: page})
    screen = ui.restore_picker(i18n, choice.candidates, choice.selected, choice.estimate, page)
    await show(target, *screen)


@routes.callback_query(NumbersCallback.filter(F.op == NumbersOp.RESTORE))
@routes.callback_query(NumberCallback.filter(F.op == NumberOp.RESTORE))
async def restore_start(
    query: CallbackQuery,
    callback_data: NumbersCallback | NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    selected = [callback_data.id] if isinstance(callback_data, NumberCallback) else []
    await _restore_screen(query, i18n, state, pivday, selected, 0)


@routes.callback_query(ui.RestoreCallback.filter(F.op == ui.RestoreOp.GO), ui.Restore.picking)
async def restore_go(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    data = await state.get_data()
    try:
        quote = await svc.quote_restore(pivday, list(data.get(RESTORE_SELECTED) or []))
    except svc.NothingToRestoreError:
        await query.answer(i18n.get("numbers-restore-nothing"), show_alert=True)
        await _restore_screen(query, i18n, state, pivday, [], int(data.get(RESTORE_PAGE) or 0))
        return
    await query.answer()
    await _leave_step(state)
    await state.update_data({RESTORE_SELECTED: None, RESTORE_PAGE: None})
    await offer(query, quote)


@routes.callback_query(ui.RestoreCallback.filter(), ui.Restore.picking)
async def restore_pick(
    query: CallbackQuery,
    callback_data: ui.RestoreCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    selected = list((await state.get_data()).get(RESTORE_SELECTED) or [])
    if callback_data.op is ui.RestoreOp.TOGGLE:
        if callback_data.id in selected:
            selected.remove(callback_data.id)
        else:
            selected.append(callback_data.id)
    elif callback_data.op is ui.RestoreOp.NONE:
        selected = []
    everything = callback_data.op is ui.RestoreOp.ALL
    page = callback_data.page
    await _restore_screen(query, i18n, state, pivday, selected, page, everything=everything)


# --- buttons from a step the user is no longer at -------------------------------------------


@routes.callback_query(ui.RestoreCallback.filter(), flags=OPEN)
@routes.callback_query(ui.SEARCH.nav(NavOp.BACK), flags=OPEN)
@routes.callback_query(ui.SEARCH.nav(NavOp.CANCEL), flags=OPEN)
@routes.callback_query(ui.RENAME.nav(NavOp.BACK), flags=OPEN)
@routes.callback_query(ui.RENAME.nav(NavOp.CANCEL), flags=OPEN)
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("numbers-stale-step"), show_alert=True)


@routes.message(StateFilter(ui.Search.text, ui.Rename.name), ~F.text)
async def not_text(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    """A photo, sticker… where a text is expected: say so and ask the same question again."""
    problem = i18n.get("numbers-need-text")
    if await state.get_state() == ui.Search.text.state:
        await show(message, *ui.search_step(i18n, problem))
        return
    data = await state.get_data()
    await show(
        message, *ui.rename_step(i18n, str(data.get("phone") or ""), data.get("name"), problem)
    )
