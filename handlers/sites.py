"""Sites section (piv.day whites): tiers, the create wizard (required fields → one optional
screen → summary with Edit buttons → confirmation card), jobs with filters, job cards that
update themselves while a site is generated, the archive, and the contacts swap.

The wizard's answers live in a draft kept under its own FSM destiny, so leaving the wizard
(Cancel, /cancel, Home, another section) keeps them and "New site" offers to resume at the
summary; the current step lives in the ordinary FSM state. Nothing reaches piv.day's paid
endpoint before the confirmation card's Confirm (handlers/confirm.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from aiogram import Bot, F
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramBadRequest, TelegramEntityTooLarge
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ApiKey, WatchStatus
from bot.features import Feature, PaidAction
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.pivday import errors as pe
from bot.pivday.models import White
from bot.routing import Blueprint
from bot.services import sites as svc
from bot.services.watches import SITE_JOB
from bot.ui import sites as ui
from bot.ui.callbacks import Kind, MenuCallback, OpenCallback, RenewCallback, Section
from bot.ui.paging import PageCallback
from bot.ui.wizard import NavOp, WizardPick, show
from bot.watching import Watcher, WatchRun
from handlers.confirm import Offer

log = logging.getLogger(__name__)

routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
CREATE, SWAP = ui.CREATE, ui.SWAP
CS = ui.CreateSite
DRAFT_DESTINY = "sites_draft"  # the create draft's own FSM slot: survives leaving the wizard
TYPED_STEPS = (CS.name, CS.niche, CS.country, CS.language, CS.field)
BUTTON_STEPS = (CS.tier, CS.extras, CS.summary)
Target = CallbackQuery | Message


# --- the draft ------------------------------------------------------------------------------


def _draft_slot(state: FSMContext) -> FSMContext:
    return FSMContext(storage=state.storage, key=replace(state.key, destiny=DRAFT_DESTINY))


async def _draft(state: FSMContext) -> dict[str, Any]:
    return await _draft_slot(state).get_data()


async def _save(state: FSMContext, draft: dict[str, Any]) -> None:
    await _draft_slot(state).set_data(draft)


def _in_flow(current: str | None) -> bool:
    return current is not None and (current in ui.CreateSite or current in ui.SwapSite)


async def _step(
    step: State,
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    *,
    problem: str | None = None,
) -> None:
    """Show a create-wizard step from the draft (Back, Edit and refused answers land here)."""
    draft, data = await _draft(state), await state.get_data()
    await state.set_state(step)
    page = int(data.get("page", 0))
    if step == CS.tier:
        view = ui.tier_step(i18n, draft, await svc.tiers(pivday), problem)
    elif step == CS.niche:
        view = ui.niche_step(i18n, draft, problem)
    elif step == CS.country:
        view = ui.country_step(i18n, draft, page, problem)
    elif step == CS.language:
        view = ui.language_step(i18n, draft, page, problem)
    elif step == CS.extras:
        view = ui.extras_step(i18n, draft, problem)
    elif step == CS.field:
        view = ui.field_step(i18n, draft, str(data["field"]), problem)
    elif step == CS.summary:
        await _save(state, {**draft, "reviewed": True})
        view = ui.summary(i18n, draft, problem)
    else:
        view = ui.name_step(i18n, draft, problem)
    await show(target, *view)


def _next_step(draft: dict[str, Any]) -> State:
    """After an answer: the first required field still missing; else the optional screen on
    the first walk, the summary once it has been seen."""
    missing = svc.first_missing(draft)
    if missing is not None:
        return ui.STEP_STATES[missing]
    return CS.summary if draft.get("reviewed") else CS.extras


async def _answered(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    draft: dict[str, Any],
) -> None:
    await _save(state, draft)
    await state.update_data(page=0)
    await _step(_next_step(draft), target, i18n, state, pivday)


# --- menu, tiers ----------------------------------------------------------------------------


@routes.callback_query(MenuCallback.filter(F.section == Section.SITES))
async def sites_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    if _in_flow(await state.get_state()):
        await state.clear()  # the draft stays (its own slot)
    await query.answer()
    await show(query, *ui.sites_menu(i18n))


@routes.callback_query(ui.SitesCallback.filter(F.op == ui.SitesOp.TIERS))
async def tiers(query: CallbackQuery, i18n: I18nContext, pivday: PivDayClient) -> None:
    await query.answer()
    await show(query, *ui.tiers_view(i18n, await svc.tiers(pivday)))


# --- the create wizard ----------------------------------------------------------------------


@routes.callback_query(ui.SitesCallback.filter(F.op == ui.SitesOp.NEW))
async def new_site(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await state.clear()
    draft = await _draft(state)
    if draft:
        await show(query, *ui.resume_prompt(i18n, draft))
        return
    await _step(CS.name, query, i18n, state, pivday)


@routes.callback_query(ui.SitesCallback.filter(F.op == ui.SitesOp.RESUME))
async def resume(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    draft = await _draft(state)
    step = _next_step(draft) if svc.first_missing(draft) else CS.summary
    await _step(step, query, i18n, state, pivday)


@routes.callback_query(ui.SitesCallback.filter(F.op == ui.SitesOp.RESTART))
async def restart(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await _save(state, {})
    await _step(CS.name, query, i18n, state, pivday)


async def _take(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    field: str,
    text: str,
) -> None:
    """An answer (typed, or a button's value) for `field`: stored, or refused with the reason
    above the same question."""
    current = await state.get_state()
    step = CS.field if current == CS.field.state else ui.STEP_STATES[field]
    try:
        value = svc.parse(field, text, i18n.locale)
    except svc.InvalidInputError as exc:
        await _step(step, target, i18n, state, pivday, problem=ui.problem_text(i18n, exc))
        return
    draft = svc.with_value(await _draft(state), field, value)
    if step != CS.field:
        await _answered(target, i18n, state, pivday, draft)
        return
    await _save(state, draft)
    if field == "contacts_mode" and value == "template":  # the template comes with its mode
        await state.update_data(field="contacts_template")
        await _step(CS.field, target, i18n, state, pivday)
        return
    await _step(CS.extras, target, i18n, state, pivday)


def _typed_field(current: str | None, data: dict[str, Any]) -> str | None:
    """Which draft field a typed answer is for, from the current step."""
    for name, step in ui.STEP_STATES.items():
        if current == step.state:
            return name
    return str(data["field"]) if current == CS.field.state and "field" in data else None


@routes.message(StateFilter(*TYPED_STEPS), F.text)
async def typed(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    field = _typed_field(await state.get_state(), await state.get_data())
    if field is None:  # pragma: no cover - the state filter lets only known steps in
        return
    await _take(message, i18n, state, pivday, field, message.text or "")


@routes.message(StateFilter(*TYPED_STEPS, *BUTTON_STEPS))
async def not_an_answer(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    """A photo where text was asked for, or text where only buttons answer: the reason and
    the same step again."""
    current = await state.get_state()
    step = next(s for s in (*TYPED_STEPS, *BUTTON_STEPS) if s.state == current)
    problem = ui.not_text(i18n) if step in TYPED_STEPS else ui.use_buttons(i18n)
    await _step(step, message, i18n, state, pivday, problem=problem)


@routes.callback_query(CREATE.picks(ui.STEP_TIER), CS.tier)
async def pick_tier(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    try:
        tier = await svc.tier(pivday, callback_data.value)
    except svc.TierGoneError:
        await query.answer(ui.tier_gone(i18n), show_alert=True)
        await _step(CS.tier, query, i18n, state, pivday)
        return
    await query.answer()
    await _answered(query, i18n, state, pivday, svc.with_tier(await _draft(state), tier))


@routes.callback_query(CREATE.picks(ui.STEP_COUNTRY), CS.country)
@routes.callback_query(CREATE.picks(ui.STEP_LANGUAGE), CS.language)
async def pick_code(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    field = "country" if callback_data.step == ui.STEP_COUNTRY else "language"
    await _take(query, i18n, state, pivday, field, callback_data.value)


@routes.callback_query(PageCallback.filter(F.list_id == ui.COUNTRIES_LIST), CS.country)
@routes.callback_query(PageCallback.filter(F.list_id == ui.LANGUAGES_LIST), CS.language)
async def codes_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.update_data(page=callback_data.page)
    current = CS.country if callback_data.list_id == ui.COUNTRIES_LIST else CS.language
    await _step(current, query, i18n, state, pivday)


@routes.callback_query(CREATE.picks(ui.STEP_OPEN), CS.extras)
async def open_field(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    if callback_data.value not in svc.offered(await _draft(state)):
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    await state.update_data(field=callback_data.value)
    await _step(CS.field, query, i18n, state, pivday)


@routes.callback_query(CREATE.picks(ui.STEP_VALUE), CS.field)
async def pick_value(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    field = str((await state.get_data())["field"])
    await _take(query, i18n, state, pivday, field, callback_data.value)


@routes.callback_query(CREATE.picks(ui.STEP_CLEAR), CS.field)
async def clear_field(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    field = str((await state.get_data())["field"])
    if field == "contacts_template":  # no template means no template mode either
        field = "contacts_mode"
    await _save(state, svc.with_value(await _draft(state), field, None))
    await _step(CS.extras, query, i18n, state, pivday)


@routes.callback_query(CREATE.picks(ui.STEP_GO), CS.extras)
async def to_summary(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    await _step(_next_step({**await _draft(state), "reviewed": True}), query, i18n, state, pivday)


@routes.callback_query(CREATE.picks(ui.STEP_EDIT), CS.summary)
async def edit(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.update_data(page=0)
    step = (
        CS.extras if callback_data.value == ui.EXTRAS else ui.STEP_STATES.get(callback_data.value)
    )
    await _step(step or CS.summary, query, i18n, state, pivday)


@routes.callback_query(CREATE.picks(ui.STEP_GO), CS.summary)
async def to_quote(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    """The summary's last button: live price and balance → the confirmation card. The draft
    is kept, so a cancelled card can be resumed and changed."""
    try:
        quote = await svc.quote_create(pivday, await _draft(state))
    except svc.TierGoneError:
        await query.answer(ui.tier_gone(i18n), show_alert=True)
        await _step(CS.tier, query, i18n, state, pivday)
        return
    await query.answer()
    await state.clear()
    await offer(query, quote)


@routes.callback_query(CREATE.nav(NavOp.BACK))
async def back(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await query.answer()
    current = await state.get_state()
    draft = await _draft(state)
    if current == CS.field.state:
        step: State | None = CS.extras
    elif draft.get("reviewed") and svc.first_missing(draft) is None:
        step = CS.summary  # once the summary was seen, every Back returns to it
    elif current == CS.extras.state:
        step = CS.language
    else:
        step = CREATE.previous(current)
    if step is None:  # Back from the first step leaves the wizard (the draft stays)
        await state.clear()
        await show(query, *ui.sites_menu(i18n))
        return
    await _step(step, query, i18n, state, pivday)


@routes.callback_query(CREATE.nav(NavOp.CANCEL), flags=OPEN)
async def cancel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await show(query, *ui.left(i18n))


# --- jobs -----------------------------------------------------------------------------------


@routes.callback_query(PageCallback.filter(F.list_id.startswith(ui.JOBS_LIST + ".")))
async def jobs(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    filters = ui.parse_jobs_list_id(callback_data.list_id)
    if filters is None:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    if _in_flow(await state.get_state()):
        await state.clear()
    status, tier = filters
    found = await svc.jobs(
        pivday,
        status=status or None,
        tier_key=tier or None,
        page=callback_data.page,
        per_page=ui.PER_PAGE,
    )
    await show(query, *ui.jobs_view(i18n, found, status=status, tier=tier))


@routes.callback_query(ui.SitesCallback.filter(F.op == ui.SitesOp.FILTER), flags=OPEN)
async def jobs_filter(
    query: CallbackQuery, callback_data: ui.SitesCallback, i18n: I18nContext
) -> None:
    filters = ui.parse_jobs_list_id(ui.jobs_list_id(callback_data.status, callback_data.tier))
    if filters is None:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    await show(query, *ui.filter_view(i18n, *filters))


async def _card(
    target: Target,
    i18n: I18nContext,
    session: AsyncSession,
    active_key: ApiKey,
    white: White,
    *,
    note: str | None = None,
) -> None:
    """Show a job's card; while the job runs, the card keeps itself up to date."""
    final = svc.is_final(white)
    message_id = await show(target, *ui.job_card(i18n, white, note=note, live=not final))
    if final or message_id is None or target.from_user is None:
        return
    chat = target.chat if isinstance(target, Message) else target.message and target.message.chat
    await svc.follow(
        session,
        white=white,
        owner_id=target.from_user.id,
        api_key_id=active_key.id,
        chat_id=chat.id if chat is not None else target.from_user.id,
        locale=i18n.locale,
        message_id=message_id,
    )


@routes.callback_query(OpenCallback.filter(F.kind == Kind.SITE))
async def open_job(
    query: CallbackQuery,
    callback_data: OpenCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    active_key: ApiKey,
) -> None:
    """A job's card: from the list, a result card's Follow, or the events hub's message."""
    await query.answer()
    if _in_flow(await state.get_state()):
        await state.clear()
    white = await svc.job(pivday, callback_data.id)
    await _card(query, i18n, session, active_key, white)


@routes.callback_query(RenewCallback.filter(F.kind == Kind.SITE), flags=OPEN)
async def renew_job(query: CallbackQuery, i18n: I18nContext) -> None:
    """Sites are paid once per generation: nothing expires, so nothing renews."""
    await query.answer(ui.nothing_to_renew(i18n), show_alert=True)


@routes.callback_query(ui.JobCallback.filter(F.op == ui.JobOp.DOWNLOAD))
async def download(
    query: CallbackQuery,
    callback_data: ui.JobCallback,
    i18n: I18nContext,
    bot: Bot,
    pivday: PivDayClient,
    session: AsyncSession,
    active_key: ApiKey,
) -> None:
    await query.answer(ui.preparing(i18n))
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    try:
        archive = await svc.archive(pivday, callback_data.id)
    except pe.NotReadyError:  # not generated (yet): say why on the card, and follow it
        white = await svc.job(pivday, callback_data.id)
        await _card(query, i18n, session, active_key, white, note=ui.not_ready(i18n, white))
        return
    if archive.content is not None:
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        document = BufferedInputFile(archive.content, filename=archive.filename)
        try:
            await bot.send_document(chat_id, document, caption=ui.archive_caption(i18n, archive))
            return
        except (TelegramEntityTooLarge, TelegramBadRequest) as exc:  # a smaller server limit
            log.info("archive upload refused, sending the link: %s", type(exc).__name__)
            archive = replace(archive, delivery=svc.Delivery.TOO_LARGE, content=None)
    await bot.send_message(chat_id, ui.archive_link(i18n, archive))


# --- the contacts swap ----------------------------------------------------------------------


async def _swap_form(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    problem: str | None = None,
) -> None:
    data = await state.get_data()
    await state.set_state(ui.SwapSite.form)
    white = await svc.job(pivday, str(data["white_id"]))
    await show(target, *ui.swap_form(i18n, white, data.get("values", {}), problem))


@routes.callback_query(ui.JobCallback.filter(F.op == ui.JobOp.SWAP))
async def swap_start(
    query: CallbackQuery,
    callback_data: ui.JobCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await state.clear()
    await state.set_data({"white_id": callback_data.id, "values": {}})
    await _swap_form(query, i18n, state, pivday)


@routes.callback_query(SWAP.picks(ui.STEP_OPEN), ui.SwapSite.form)
async def swap_open(
    query: CallbackQuery, callback_data: WizardPick, i18n: I18nContext, state: FSMContext
) -> None:
    if callback_data.value not in svc.SWAP_FIELDS:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    await state.update_data(field=callback_data.value)
    await state.set_state(ui.SwapSite.field)
    values = (await state.get_data()).get("values", {})
    await show(query, *ui.swap_field(i18n, callback_data.value, values))


@routes.message(ui.SwapSite.field)
async def swap_typed(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    data = await state.get_data()
    field, values = str(data["field"]), dict(data.get("values", {}))
    if not message.text:
        await show(message, *ui.swap_field(i18n, field, values, ui.not_text(i18n)))
        return
    try:
        values[field] = svc.parse(field, message.text, i18n.locale)
    except svc.InvalidInputError as exc:
        await show(message, *ui.swap_field(i18n, field, values, ui.problem_text(i18n, exc)))
        return
    await state.update_data(values=values)
    await _swap_form(message, i18n, state, pivday)


@routes.callback_query(SWAP.picks(ui.STEP_CLEAR), ui.SwapSite.field)
async def swap_clear(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    values = dict((await state.get_data()).get("values", {}))
    values.pop(callback_data.value, None)
    await state.update_data(values=values)
    await _swap_form(query, i18n, state, pivday)


@routes.callback_query(SWAP.picks(ui.STEP_GO), ui.SwapSite.form)
async def swap_apply(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    data = await state.get_data()
    white_id, values = str(data["white_id"]), dict(data.get("values", {}))
    try:
        await svc.swap(pivday, white_id, values)
    except svc.InvalidInputError as exc:
        await query.answer(ui.problem_text(i18n, exc), show_alert=True)
        return
    await query.answer()
    await state.clear()
    white = await svc.job(pivday, white_id)
    await show(query, *ui.swapped(i18n, white, values))


@routes.callback_query(SWAP.nav(NavOp.BACK))
async def swap_back(
    query: CallbackQuery,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    session: AsyncSession,
    active_key: ApiKey,
) -> None:
    await query.answer()
    data = await state.get_data()
    if await state.get_state() == ui.SwapSite.field.state:
        await _swap_form(query, i18n, state, pivday)
        return
    await state.clear()  # Back from the form: the job's card, nothing changed
    await _card(query, i18n, session, active_key, await svc.job(pivday, str(data["white_id"])))


@routes.callback_query(SWAP.nav(NavOp.CANCEL), flags=OPEN)
async def swap_cancel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await show(query, *ui.swap_cancelled(i18n))


@routes.callback_query(WizardPick.filter(F.flow.in_({CREATE.flow, SWAP.flow})), flags=OPEN)
@routes.callback_query(
    PageCallback.filter(F.list_id.in_({ui.COUNTRIES_LIST, ui.LANGUAGES_LIST})), flags=OPEN
)
async def stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button from a step the user is no longer at (after /cancel, an old message…)."""
    await query.answer(ui.stale_step(i18n), show_alert=True)


# --- following a job (bot.watching) ---------------------------------------------------------


async def poll_job(run: WatchRun) -> float | None:
    """One look at a job being generated: its card updated; done/failed ends the watch."""
    assert run.client is not None
    white = await svc.job(run.client, run.target)
    run.state["white"] = white.model_dump(mode="json")
    final = svc.is_final(white)
    await run.show(*ui.job_card(run.t, white, live=not final))
    if final:
        return None
    run.state["delay"] = delay = svc.next_poll(run.state.get("delay"))
    return delay


async def job_follow_ended(run: WatchRun, status: WatchStatus) -> None:
    """Stopped following (timeout, or the key was removed): the card says so and how to
    look again."""
    if "white" not in run.state:
        return
    white = White.model_validate(run.state["white"])
    await run.show(*ui.follow_ended(run.t, white, key_gone=status is WatchStatus.CANCELLED))


feature = Feature(
    "sites",
    routes.build,
    section=Section.SITES,
    actions=(PaidAction(svc.CREATE_ACTION, svc.create, ui.CREATE_VIEW),),
    watchers=(Watcher(SITE_JOB, poll_job, job_follow_ended),),
)
