"""SMS on one number: the history, sending an SMS (recipient → text → confirmation), Google
verification (link → confirmation), waiting for a code (a live job: bot.watching polls the
history), and in sandbox mode a simulated incoming SMS. Part of the numbers feature."""

from __future__ import annotations

import logging
from decimal import Decimal

from aiogram import Bot, F
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import ApiKey, WatchStatus
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.pivday import errors as pe
from bot.pivday.models import NumberStatus
from bot.routing import Blueprint
from bot.services import sandbox as sandbox_svc
from bot.services import sms as svc
from bot.services.watches import NUMBER_CODE
from bot.ui import sms as ui
from bot.ui.numbers import NumberCallback, NumberOp
from bot.ui.wizard import NavOp, show
from bot.watching import Watcher, WatchRun
from handlers.confirm import Offer
from handlers.number_card import below, offer_card

routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
log = logging.getLogger(__name__)


# --- history --------------------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.SMS))
async def history(
    query: CallbackQuery, callback_data: NumberCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    page = int(callback_data.arg) if callback_data.arg.isdigit() else 0
    number = await pivday.numbers.get(callback_data.id)
    listing = await svc.history(pivday, number.piv_num_id, page)
    await query.answer()
    await show(query, *ui.history_screen(i18n, number, listing))


# --- send an SMS ----------------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.SEND))
async def send_start(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    number = await pivday.numbers.get(callback_data.id)
    if number.status != NumberStatus.ACTIVE:
        await query.answer(i18n.get("numbers-not-active"), show_alert=True)
        return
    try:
        price = await svc.sms_price(pivday, number)
    except svc.SendingUnavailableError:
        await query.answer(ui.sending_unavailable(i18n), show_alert=True)
        return
    await query.answer()
    await state.set_state(ui.SendSms.to)
    await state.update_data(
        piv_num_id=number.piv_num_id, phone=number.phone_number, price=str(price), to=None
    )
    await show(query, *ui.recipient_step(i18n, number.phone_number))


@routes.message(ui.SendSms.to, F.text, ~F.text.startswith("/"))
async def typed_recipient(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        to = svc.normalize_recipient(message.text or "")
    except svc.InvalidRecipientError as exc:
        problem = ui.recipient_problem(i18n, exc.reason)
        await show(message, *ui.recipient_step(i18n, data.get("phone"), problem))
        return
    await state.update_data(to=to)
    await state.set_state(ui.SendSms.body)
    await show(message, *_body_step(i18n, {**data, "to": to}))


def _body_step(i18n: I18nContext, data: dict[str, object], problem: str | None = None) -> ui.Screen:
    shown = {"from": data.get("phone"), "to": data.get("to")}
    return ui.body_step(i18n, shown, Decimal(str(data["price"])), problem)


@routes.message(ui.SendSms.body, F.text, ~F.text.startswith("/"))
async def typed_body(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    data = await state.get_data()
    body = message.text or ""
    try:
        svc.check_body(body)
        quote = await svc.quote_send(
            pivday, piv_num_id=data["piv_num_id"], to_number=data["to"], message_body=body
        )
    except svc.InvalidBodyError as exc:
        problem = ui.body_problem(i18n, exc.reason, len(body))
        await show(message, *_body_step(i18n, data, problem))
        return
    except svc.SendingUnavailableError:
        await state.set_state(None)
        await message.answer(ui.sending_unavailable(i18n))
        return
    await offer_card(message, quote, state, offer)


@routes.callback_query(ui.SEND.nav(NavOp.BACK), ui.SendSms.body)
async def body_back(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await query.answer()
    await state.set_state(ui.SendSms.to)
    await show(query, *ui.recipient_step(i18n, (await state.get_data()).get("phone")))


# --- Google verification --------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.VERIFY))
async def verify_start(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    number = await pivday.numbers.get(callback_data.id)
    if number.status != NumberStatus.ACTIVE or number.can_send_sms is False:
        await query.answer(ui.verify_unavailable(i18n), show_alert=True)
        return
    await query.answer()
    await state.set_state(ui.Verify.url)
    await state.update_data(piv_num_id=number.piv_num_id, phone=number.phone_number)
    await show(query, *ui.verify_step(i18n, number.phone_number))


@routes.message(ui.Verify.url, F.text, ~F.text.startswith("/"))
async def typed_url(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    data = await state.get_data()
    try:
        url = svc.check_verify_url(message.text or "")
        quote = await svc.quote_verify(pivday, piv_num_id=data["piv_num_id"], gv_url=url)
    except svc.InvalidVerifyUrlError as exc:
        problem = ui.verify_problem(i18n, exc.reason)
        await show(message, *ui.verify_step(i18n, data.get("phone"), problem))
        return
    except svc.VerifyUnavailableError:
        await state.set_state(None)
        await message.answer(ui.verify_unavailable(i18n))
        return
    await offer_card(message, quote, state, offer)


# --- leaving the typed steps ----------------------------------------------------------------


@routes.callback_query(ui.SEND.nav(NavOp.BACK), flags=OPEN)
@routes.callback_query(ui.SEND.nav(NavOp.CANCEL), flags=OPEN)
@routes.callback_query(ui.VERIFY.nav(NavOp.BACK), flags=OPEN)
@routes.callback_query(ui.VERIFY.nav(NavOp.CANCEL), flags=OPEN)
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("numbers-stale-step"), show_alert=True)


@routes.message(StateFilter(ui.SendSms.to, ui.SendSms.body, ui.Verify.url), ~F.text)
async def not_text(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    """A photo, sticker… where a text is expected: say so and ask the same question again."""
    problem = i18n.get("numbers-need-text")
    current, data = await state.get_state(), await state.get_data()
    if current == ui.SendSms.to.state:
        await show(message, *ui.recipient_step(i18n, data.get("phone"), problem))
    elif current == ui.SendSms.body.state:
        await show(message, *_body_step(i18n, data, problem))
    else:
        await show(message, *ui.verify_step(i18n, data.get("phone"), problem))


# --- waiting for a code ---------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.WAIT))
async def wait_start(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    pivday: PivDayClient,
    active_key: ApiKey,
    session: AsyncSession,
) -> None:
    number = await pivday.numbers.get(callback_data.id)
    if number.status != NumberStatus.ACTIVE or number.can_receive_sms is False:
        await query.answer(i18n.get("numbers-not-active"), show_alert=True)
        return
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    watch = await svc.start_waiting(
        session,
        pivday,
        number,
        owner_id=query.from_user.id,
        api_key_id=active_key.id,
        chat_id=chat_id,
        locale=i18n.locale,
    )
    if watch is None:
        await query.answer(ui.already_waiting(i18n), show_alert=True)
        return
    await query.answer()
    message_id = await show(below(query), *ui.waiting(i18n, number.piv_num_id, number.phone_number))
    if message_id is not None:
        await svc.attach_status(session, watch, message_id)


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.STOP), flags=OPEN)
async def wait_stop(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    """Works without a key too: stopping spends nothing and must always be possible."""
    watch = await svc.stop_waiting(session, callback_data.id, query.from_user.id)
    if watch is None:
        await query.answer(i18n.get("numbers-wait-not-active"), show_alert=True)
        return
    await query.answer()
    text, markup = ui.wait_stopped(i18n, watch.target, watch.state.get("phone"))
    on_status = query.message is not None and query.message.message_id == watch.message_id
    if on_status or watch.message_id is None:
        await show(query, text, markup)
        return
    try:  # pressed on the card: the status message below says it stopped
        await bot.edit_message_text(
            text=text, chat_id=watch.chat_id, message_id=watch.message_id, reply_markup=markup
        )
    except TelegramBadRequest as exc:
        log.info("status message not editable: %s", exc.message)
    await show(query, text, markup)


async def poll_code(run: WatchRun) -> float | None:
    """One look at the history: every new inbound SMS is posted (code + copy button); the
    first code ends the wait."""
    assert run.client is not None
    phone = run.state.get("phone")
    try:
        got = await svc.arrivals(run.client, run.target, run.state.get("seen", []))
    except pe.NumberNotFoundError:
        await run.show(ui.wait_number_gone(run.t, phone))
        return None
    for sms in got.fresh:
        await run.send(*ui.incoming(run.t, phone, sms))
    run.state["seen"] = got.seen  # after posting: a failed send is retried, not lost
    if got.code is not None:
        await run.show(ui.wait_done(run.t, phone, got.code))
        return None
    return svc.WAIT_EVERY  # the status message (sent when the wait began) stays as it is


async def code_wait_ended(run: WatchRun, status: WatchStatus) -> None:
    phone = run.state.get("phone")
    if status is WatchStatus.EXPIRED:
        await run.show(*ui.wait_timed_out(run.t, run.target, phone))
    else:  # the key it was started with is gone
        await run.show(ui.wait_key_gone(run.t, phone))


CODE_WATCHER = Watcher(NUMBER_CODE, poll_code, code_wait_ended)


# --- sandbox mode ---------------------------------------------------------------------------


@routes.callback_query(NumberCallback.filter(F.op == NumberOp.SIMULATE))
async def simulate(
    query: CallbackQuery,
    callback_data: NumberCallback,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """🧪 An inbound SMS with a code arrives on the number (the sandbox's control API)."""
    if not settings.sandbox_mode:
        await query.answer(i18n.get("numbers-stale-step"), show_alert=True)
        return
    try:
        text = await sandbox_svc.simulate_sms(settings.pivday_api_url, callback_data.id)
    except sandbox_svc.SimulationFailedError:
        await query.answer(ui.simulate_failed(i18n), show_alert=True)
        return
    await svc.poke(session, callback_data.id)
    await query.answer(ui.simulated(i18n, text), show_alert=True)
