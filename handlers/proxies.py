"""Proxies section: buy (server → quantity → months → confirmation), my orders (status filter,
search, paging), the order card, renew (months → confirmation), restore (→ confirmation) and
the proxy list as a .txt file. Thin: state in aiogram's FSM, data from bot.services.proxies,
texts and keyboards from bot.ui.proxies; paid calls happen only after Confirm (handlers.confirm).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.features import Feature, PaidAction
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.pivday.models import ProxyOrder
from bot.routing import Blueprint
from bot.services import proxies as svc
from bot.ui import proxies as ui
from bot.ui.callbacks import Kind, MenuCallback, OpenCallback, RenewCallback, Section
from bot.ui.paging import PageCallback, page_of, remote_page
from bot.ui.wizard import NavOp, WizardNav, WizardPick, show
from handlers.confirm import Offer

# Private chat only, with a key; leaving a flow and refusing stale buttons work without one.
routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
BUY, RENEW, SEARCH = ui.BUY, ui.RENEW, ui.SEARCH
FLOWS = (BUY, RENEW, SEARCH)


def now() -> datetime:
    return datetime.now(UTC)


def _ours(current: str | None) -> bool:
    return any(flow.owns(current) for flow in FLOWS)


async def _reset(state: FSMContext, step: State | None = None, **values: Any) -> None:
    """Enter `step` (None: no step) with fresh flow data; the orders list's search stays."""
    data = await state.get_data()
    kept = {k: data[k] for k in (ui.SEARCH_KEY, ui.LIST_KEY) if k in data}
    await state.set_state(step)
    await state.set_data({**kept, **values})


async def _card(
    target: CallbackQuery | Message, i18n: I18nContext, order: ProxyOrder, note: str | None = None
) -> None:
    await show(target, *ui.order_card(i18n, order, now(), note))


def _why(i18n: I18nContext, exc: svc.OrderStateError) -> str:
    if isinstance(exc, svc.OrderExpiredError):
        return ui.renew_expired(i18n)
    if isinstance(exc, svc.OrderNotExpiredError):
        return ui.restore_active(i18n)
    return ui.price_unknown(i18n)


async def _servers(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    client: PivDayClient,
    page: int,
    problem: str | None = None,
) -> None:
    servers = page_of(await svc.list_servers(client), page, ui.SERVERS_PER_PAGE)
    await show(target, *ui.servers_step(i18n, servers, problem))


async def _render(
    step: State,
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
    problem: str | None = None,
) -> None:
    """Show `step` from the choices stored so far (Back and a refused answer land here too)."""
    await state.set_state(step)
    data = await state.get_data()
    if step == ui.BuyProxy.server:
        await _servers(target, i18n, client, int(data.get("page", 0)), problem)
    elif step == ui.BuyProxy.quantity:
        await show(target, *ui.quantity_step(i18n, data, problem))
    else:
        wizard = RENEW if step == ui.RenewProxy.months else BUY
        await show(target, *ui.months_step(i18n, wizard, data, problem))


async def _orders(
    target: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
    list_id: str,
    page: int,
) -> None:
    search = (await state.get_data()).get(ui.SEARCH_KEY)
    await state.update_data({ui.LIST_KEY: list_id})
    found = await svc.list_orders(client, page=page, status=ui.ORDER_LISTS[list_id], search=search)
    shown = remote_page(found.orders, found.page, found.per_page, total=found.total)
    await show(target, *ui.orders_list(i18n, shown, list_id, search))


# --- menu and buying ----------------------------------------------------------------------------


@routes.callback_query(MenuCallback.filter(F.section == Section.PROXIES))
async def proxies_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    if _ours(await state.get_state()):
        await _reset(state)
    await query.answer()
    await show(query, *ui.proxies_menu(i18n))


@routes.callback_query(ui.ProxyCallback.filter(F.op == ui.ProxyOp.BUY))
async def buy_start(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await _reset(state, ui.BuyProxy.server, page=0)
    await _render(ui.BuyProxy.server, query, i18n, state, pivday)


@routes.callback_query(PageCallback.filter(F.list_id == ui.SERVERS_LIST), ui.BuyProxy.server)
async def servers_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.update_data(page=callback_data.page)
    await _servers(query, i18n, pivday, callback_data.page)


@routes.callback_query(BUY.picks(ui.STEP_SERVER), ui.BuyProxy.server)
async def pick_server(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    try:
        server = await svc.find_server(pivday, callback_data.value)
    except svc.ServerGoneError:
        await _render(ui.BuyProxy.server, query, i18n, state, pivday, ui.server_gone(i18n))
        return
    await state.update_data(
        server_id=server.id,
        server_name=server.name,
        country=server.country,
        price=str(server.price_per_proxy),
    )
    await _render(ui.BuyProxy.quantity, query, i18n, state, pivday)


async def _number(
    event: CallbackQuery | Message,
    callback_data: WizardPick | None,
    parse: Callable[[str], int],
    step: State,
    i18n: I18nContext,
    state: FSMContext,
    client: PivDayClient,
) -> int | None:
    """The number on a button or typed at `step`. None when refused: a typed one gets the
    reason and `step` again; a button outside the range is stale and just gets an alert."""
    text = callback_data.value if callback_data is not None else getattr(event, "text", "")
    try:
        value = parse(text or "")
    except svc.BadNumberError as exc:
        if isinstance(event, CallbackQuery):
            await event.answer(ui.stale_step(i18n), show_alert=True)
        else:
            await _render(step, event, i18n, state, client, ui.number_problem(i18n, exc))
        return None
    if isinstance(event, CallbackQuery):
        await event.answer()
    return value


@routes.callback_query(BUY.picks(ui.STEP_QUANTITY), ui.BuyProxy.quantity)
@routes.message(ui.BuyProxy.quantity, F.text)
async def quantity(
    event: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    callback_data: WizardPick | None = None,
) -> None:
    step = ui.BuyProxy.quantity
    value = await _number(event, callback_data, svc.parse_quantity, step, i18n, state, pivday)
    if value is None:
        return
    await state.update_data(quantity=value)
    await _render(ui.BuyProxy.months, event, i18n, state, pivday)


# --- months: the last step of buying and of renewing ---------------------------------------------


@routes.callback_query(BUY.picks(ui.STEP_MONTHS), ui.BuyProxy.months)
@routes.callback_query(RENEW.picks(ui.STEP_MONTHS), ui.RenewProxy.months)
@routes.message(ui.BuyProxy.months, F.text)
@routes.message(ui.RenewProxy.months, F.text)
async def months(
    event: CallbackQuery | Message,
    i18n: I18nContext,
    state: FSMContext,
    raw_state: str | None,
    pivday: PivDayClient,
    offer: Offer,
    callback_data: WizardPick | None = None,
) -> None:
    step = ui.RenewProxy.months if raw_state == ui.RenewProxy.months.state else ui.BuyProxy.months
    value = await _number(event, callback_data, svc.parse_months, step, i18n, state, pivday)
    if value is None:
        return
    await _offer(event, value, i18n, state, pivday, offer)


async def _offer(
    target: CallbackQuery | Message,
    months: int,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    """Last step: a live quote (prices and balance read now) becomes a confirmation card."""
    data = await state.get_data()
    try:
        if await state.get_state() == ui.RenewProxy.months.state:
            quote = await svc.quote_renew(pivday, order_id=data["order_id"], months=months)
        else:
            quote = await svc.quote_purchase(
                pivday,
                server_id=data["server_id"],
                quantity=int(data["quantity"]),
                months=months,
            )
    except svc.ServerGoneError:
        await _render(ui.BuyProxy.server, target, i18n, state, pivday, ui.server_gone(i18n))
        return
    except svc.OrderStateError as exc:
        await _reset(state)
        await _card(target, i18n, exc.order, _why(i18n, exc))
        return
    await _reset(state)
    await offer(target, quote)


# --- orders: list, card, renew, restore, files ---------------------------------------------------


@routes.callback_query(PageCallback.filter(F.list_id.in_(set(ui.ORDER_LISTS))))
async def orders_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    if _ours(await state.get_state()):
        await _reset(state)
    await _orders(query, i18n, state, pivday, callback_data.list_id, callback_data.page)


@routes.callback_query(ui.ProxyCallback.filter(F.op == ui.ProxyOp.SEARCH))
async def search_start(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await query.answer()
    await _reset(state, ui.SearchOrders.text)
    await show(query, *ui.search_prompt(i18n))


@routes.message(ui.SearchOrders.text, F.text)
async def typed_search(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await _reset(state)
    await state.update_data({ui.SEARCH_KEY: svc.clean_search(message.text or "") or None})
    await _back_to_list(message, i18n, state, pivday)


@routes.callback_query(ui.ProxyCallback.filter(F.op == ui.ProxyOp.CLEAR_SEARCH))
@routes.callback_query(SEARCH.nav(NavOp.BACK))
@routes.callback_query(SEARCH.nav(NavOp.CANCEL))
async def leave_search(
    query: CallbackQuery,
    callback_data: ui.ProxyCallback | WizardNav,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await _reset(state)
    if isinstance(callback_data, ui.ProxyCallback):  # Clear; Back/Cancel keep the old search
        await state.update_data({ui.SEARCH_KEY: None})
    await _back_to_list(query, i18n, state, pivday)


async def _back_to_list(
    target: CallbackQuery | Message, i18n: I18nContext, state: FSMContext, client: PivDayClient
) -> None:
    list_id = (await state.get_data()).get(ui.LIST_KEY)
    await _orders(
        target, i18n, state, client, list_id if list_id in ui.ORDER_LISTS else ui.ALL_ORDERS, 0
    )


@routes.callback_query(OpenCallback.filter(F.kind == Kind.PROXY))
async def open_order(
    query: CallbackQuery,
    callback_data: OpenCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    if _ours(await state.get_state()):
        await _reset(state)
    await _card(query, i18n, await svc.get_order(pivday, callback_data.id))


@routes.callback_query(RenewCallback.filter(F.kind == Kind.PROXY))
async def renew_start(
    query: CallbackQuery,
    callback_data: RenewCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """From the order card or an expiry warning: how many months → confirmation card."""
    await query.answer()
    try:
        order, price = await svc.renewable(pivday, callback_data.id)
    except svc.OrderStateError as exc:
        await _reset(state)
        await _card(query, i18n, exc.order, _why(i18n, exc))
        return
    await _reset(
        state,
        ui.RenewProxy.months,
        order_id=order.id,
        country=order.country,
        quantity=order.quantity,
        price=str(price),
    )
    await _render(ui.RenewProxy.months, query, i18n, state, pivday)


@routes.callback_query(ui.ProxyCallback.filter(F.op == ui.ProxyOp.RESTORE))
async def restore(
    query: CallbackQuery,
    callback_data: ui.ProxyCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    await query.answer()
    if _ours(await state.get_state()):
        await _reset(state)
    try:
        quote = await svc.quote_restore(pivday, order_id=callback_data.id)
    except svc.OrderStateError as exc:
        await _card(query, i18n, exc.order, _why(i18n, exc))
        return
    await offer(query, quote)


@routes.callback_query(ui.ProxyCallback.filter(F.op == ui.ProxyOp.EXPORT))
async def export(
    query: CallbackQuery,
    callback_data: ui.ProxyCallback,
    i18n: I18nContext,
    pivday: PivDayClient,
    bot: Bot,
) -> None:
    """The order's proxies as a .txt document (credentials never go into message text)."""
    if callback_data.fmt not in svc.FORMATS:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    file = await svc.export(pivday, order_id=callback_data.id, fmt=callback_data.fmt)
    if not file.count:
        await query.answer(ui.file_empty(i18n), show_alert=True)
        return
    await query.answer()
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await bot.send_document(
        chat_id,
        BufferedInputFile(file.content, filename=file.filename),
        caption=ui.file_caption(i18n, callback_data.id, file.fmt, file.count),
    )


# --- leaving flows, stale buttons ---------------------------------------------------------------


@routes.callback_query(BUY.nav(NavOp.BACK))
async def buy_back(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    previous = BUY.previous(await state.get_state())
    if previous is None:  # Back from the first step leaves the wizard
        await _reset(state)
        await show(query, *ui.proxies_menu(i18n))
        return
    await _render(previous, query, i18n, state, pivday)


@routes.callback_query(RENEW.nav(NavOp.BACK))
async def renew_back(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    """Back from the only renew step: the order's card again."""
    await query.answer()
    order_id = (
        (await state.get_data()).get("order_id") if RENEW.owns(await state.get_state()) else None
    )
    await _reset(state)
    if order_id is None:
        await show(query, *ui.proxies_menu(i18n))
        return
    await _card(query, i18n, await svc.get_order(pivday, order_id))


@routes.callback_query(BUY.nav(NavOp.CANCEL), flags=OPEN)
@routes.callback_query(RENEW.nav(NavOp.CANCEL), flags=OPEN)
async def cancel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await show(query, *ui.cancelled(i18n))


@routes.callback_query(WizardPick.filter(F.flow.in_({BUY.flow, RENEW.flow})), flags=OPEN)
@routes.callback_query(PageCallback.filter(F.list_id == ui.SERVERS_LIST), flags=OPEN)
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button from a step the user is no longer at (after /cancel, an old message…)."""
    await query.answer(ui.stale_step(i18n), show_alert=True)


feature = Feature(
    "proxies",
    routes.build,
    section=Section.PROXIES,
    actions=(
        PaidAction(svc.PURCHASE_ACTION, svc.purchase, ui.PURCHASE_VIEW),
        PaidAction(svc.RENEW_ACTION, svc.renew, ui.RENEW_VIEW),
        PaidAction(svc.RESTORE_ACTION, svc.restore, ui.RESTORE_VIEW),
    ),
)
