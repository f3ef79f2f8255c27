"""Numbers section: the submenu, countries and prices, and the buy-a-number wizard (country →
months → auto-renew → name → confirmation card). Thin: state in aiogram's FSM, prices from
bot.services.numbers, texts and keyboards from bot.ui.numbers; the paid calls happen in
handlers/confirm.py. My numbers and the number card are in handlers/number_card.py, SMS and
waiting for a code in handlers/number_sms.py; this module declares the whole feature."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.features import Feature, PaidAction, command
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.routing import Blueprint, combine
from bot.services import numbers as svc
from bot.services import sms as sms_svc
from bot.ui import number_card as card_ui
from bot.ui import numbers as ui
from bot.ui import sms as sms_ui
from bot.ui.callbacks import MenuCallback, Section
from bot.ui.paging import PageCallback, page_of
from bot.ui.wizard import NavOp, WizardPick, show
from handlers import number_card, number_sms
from handlers.confirm import Offer

# Everything here is private-chat only and needs a key (bot.middlewares.FlagsMiddleware), except
# leaving the wizard and refusing stale buttons.
routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
BUY = ui.BUY


async def _countries(
    target: CallbackQuery | Message, i18n: I18nContext, client: PivDayClient, page: int
) -> None:
    countries = ui.by_name(i18n, await svc.list_countries(client))
    await show(target, *ui.countries_step(i18n, page_of(countries, page, ui.PER_PAGE)))


async def _render(
    step: State,
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
) -> None:
    """Show `step` from the choices stored so far (Back lands here too)."""
    data = await state.get_data()
    await state.set_state(step)
    if step == ui.BuyNumber.country:
        await _countries(target, i18n, client, int(data.get("page", 0)))
    elif step == ui.BuyNumber.duration:
        await show(target, *ui.duration_step(i18n, data))
    elif step == ui.BuyNumber.renew:
        await show(target, *ui.renew_step(i18n, data))
    else:
        await show(target, *ui.name_step(i18n, data))


@routes.callback_query(MenuCallback.filter(F.section == Section.NUMBERS))
async def numbers_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    """The section's home, also « Numbers from every screen: it leaves any step."""
    current = await state.get_state()
    if BUY.owns(current):
        await state.clear()
    elif current is not None:
        await state.set_state(None)
    await query.answer()
    await show(query, *ui.numbers_menu(i18n))


@routes.callback_query(ui.NumbersCallback.filter(F.op == ui.NumbersOp.PRICES))
@routes.callback_query(PageCallback.filter(F.list_id == ui.PRICES_LIST))
async def prices(
    query: CallbackQuery,
    callback_data: ui.NumbersCallback | PageCallback,
    i18n: I18nContext,
    pivday: PivDayClient,
) -> None:
    """Countries and prices; a country's button starts buying there."""
    await query.answer()
    page = callback_data.page if isinstance(callback_data, PageCallback) else 0
    countries = ui.by_name(i18n, await svc.list_countries(pivday))
    await show(query, *ui.prices_screen(i18n, page_of(countries, page, ui.PER_PAGE)))


@routes.callback_query(ui.NumbersCallback.filter(F.op == ui.NumbersOp.BUY))
async def buy_start(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await state.set_data({"page": 0})
    await _render(ui.BuyNumber.country, query, i18n, state, pivday)


@routes.callback_query(PageCallback.filter(F.list_id == ui.COUNTRIES_LIST), ui.BuyNumber.country)
async def countries_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.update_data(page=callback_data.page)
    await _countries(query, i18n, pivday, callback_data.page)


@routes.callback_query(BUY.picks(ui.STEP_COUNTRY))
async def pick_country(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """From the wizard's first step, or from the prices screen (which starts the wizard)."""
    if not BUY.owns(await state.get_state()):
        await state.set_data({"page": 0})
    country = await svc.country_of(pivday, callback_data.value)
    if country is None:
        await query.answer(ui.country_gone(i18n), show_alert=True)
        await _render(ui.BuyNumber.country, query, i18n, state, pivday)
        return
    await query.answer()
    await state.update_data(country_code=country.country_code, price=str(country.price_per_month))
    await _render(ui.BuyNumber.duration, query, i18n, state, pivday)


@routes.callback_query(BUY.picks(ui.STEP_DURATION), ui.BuyNumber.duration)
async def pick_duration(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    if not callback_data.value.isdigit() or int(callback_data.value) not in svc.DURATIONS:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    await state.update_data(months=int(callback_data.value))
    await _render(ui.BuyNumber.renew, query, i18n, state, pivday)


@routes.callback_query(BUY.picks(ui.STEP_RENEW), ui.BuyNumber.renew)
async def pick_renew(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.update_data(auto_renew=callback_data.value == "1")
    await _render(ui.BuyNumber.name, query, i18n, state, pivday)


@routes.message(ui.BuyNumber.name, F.text)
async def typed_name(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    try:
        name = svc.validate_name(message.text or "")
    except svc.InvalidNameError as exc:
        data = await state.get_data()
        await show(message, *ui.name_step(i18n, data, ui.name_problem(i18n, exc.reason)))
        return
    await _offer(message, i18n, state, name, pivday, offer)


@routes.callback_query(BUY.nav(NavOp.SKIP), ui.BuyNumber.name)
async def skip_name(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    await query.answer()
    await _offer(query, i18n, state, None, pivday, offer)


async def _offer(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    name: str | None,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    """Last step: a live quote (price list + balance, read now) becomes a confirmation card."""
    data = await state.get_data()
    try:
        quote = await svc.quote_purchase(
            pivday,
            country_code=data["country_code"],
            months=int(data["months"]),
            auto_renew=bool(data["auto_renew"]),
            custom_name=name,
        )
    except svc.CountryGoneError:
        if isinstance(target, CallbackQuery):
            await target.answer(ui.country_gone(i18n), show_alert=True)
        await _render(ui.BuyNumber.country, target, i18n, state, pivday)
        return
    await state.clear()
    await number_card.offer_card(target, quote, state, offer)


@routes.callback_query(BUY.nav(NavOp.BACK))
async def back(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    previous = BUY.previous(await state.get_state())
    if previous is None:  # Back from the first step leaves the wizard
        await state.clear()
        await show(query, *ui.numbers_menu(i18n))
        return
    await _render(previous, query, i18n, state, pivday)


@routes.callback_query(BUY.nav(NavOp.CANCEL), flags=OPEN)
async def cancel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await show(query, *ui.cancelled(i18n))


@routes.callback_query(WizardPick.filter(F.flow == BUY.flow), flags=OPEN)
@routes.callback_query(PageCallback.filter(F.list_id == ui.COUNTRIES_LIST), flags=OPEN)
@routes.callback_query(BUY.nav(NavOp.SKIP), flags=OPEN)
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button from a step the user is no longer at (after /cancel, an old message…)."""
    await query.answer(ui.stale_step(i18n), show_alert=True)


# This module's handlers first (the section menu and the buy wizard), then the number card and
# the SMS handlers; each blueprint gives a fresh router per dispatcher.
build_router = combine(__name__, routes, number_card.routes, number_sms.routes)


feature = Feature(
    "numbers",
    build_router,
    section=Section.NUMBERS,
    actions=(
        PaidAction(svc.PURCHASE_ACTION, svc.purchase, ui.PURCHASE_VIEW),
        PaidAction(svc.RENEW_ACTION, svc.renew, card_ui.RENEW_VIEW),
        PaidAction(svc.RESTORE_ACTION, svc.restore, card_ui.RESTORE_VIEW),
        PaidAction(sms_svc.SEND_ACTION, sms_svc.send, sms_ui.SEND_VIEW),
        PaidAction(sms_svc.VERIFY_ACTION, sms_svc.verify, sms_ui.VERIFY_VIEW),
    ),
    commands=(command("numbers", "cmd-numbers", rank=20),),
    watchers=(number_sms.CODE_WATCHER,),
)
