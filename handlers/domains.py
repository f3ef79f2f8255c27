"""Domains section: check a name (/domain name.tld or the menu), the registration wizard
(period → auto-renew → Cloudflare → SSL + initial records, or nameservers → confirmation), the
status message that follows the registration/renewal queue, My domains (filters, search, pages),
the domain card (renew, auto-renew, Cloudflare, nameservers). DNS records: handlers.dns, whose
router this feature includes. Thin: checks in bot.services.validators, piv.day calls in
bot.services.domains, texts and keyboards in bot.ui.domains; paid calls run in handlers/confirm.
"""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.db.models import WatchStatus
from bot.features import Feature, PaidAction, command
from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.routing import Blueprint, combine
from bot.services import dns as dns_svc
from bot.services import domains as svc
from bot.services import validators as v
from bot.services.watches import DOMAIN_REGISTER
from bot.ui import domains as ui
from bot.ui.callbacks import Kind, MenuCallback, OpenCallback, RenewCallback, Section
from bot.ui.domains import REGISTER, DomainInput, DomainsCallback, DomOp, RegisterDomain
from bot.ui.paging import PageCallback, remote_page
from bot.ui.wizard import NavOp, WizardNav, WizardPick, show
from bot.watching import Watcher, WatchRun
from handlers import dns
from handlers.confirm import Offer
from handlers.dns import FOR_REGISTRATION, forget, leave_inputs, start_draft, stored

routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
Target = CallbackQuery | Message
CHECKED_KEPT = 10  # names whose Register buttons still work (the latest checks)
BRANCH_KEYS = frozenset({"ssl_mode", "records", "nameservers"})  # answers of one branch


@routes.callback_query(MenuCallback.filter(F.section == Section.DOMAINS))
async def domains_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await leave_inputs(state)
    await query.answer()
    await show(query, *ui.domains_menu(i18n))


# --- check --------------------------------------------------------------------------------------


@routes.message(Command("domain"))
async def domain_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """/domain mysite.com checks at once; a bare /domain asks for the name."""
    await leave_inputs(state)
    if command.args:
        await _check(message, i18n, state, pivday, command.args)
        return
    await state.set_state(ui.CheckDomain.name)
    await show(message, *ui.check_prompt(i18n))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.CHECK))
async def check_start(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await leave_inputs(state)
    await query.answer()
    await state.set_state(ui.CheckDomain.name)
    await show(query, *ui.check_prompt(i18n))


@routes.message(ui.CheckDomain.name, F.text)
async def typed_name(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await _check(message, i18n, state, pivday, message.text or "")


async def _check(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient, text: str
) -> None:
    """Normalise, ask piv.day, show the answer. The chat stays at the check step, so the next
    name can simply be typed."""
    await state.set_state(ui.CheckDomain.name)
    try:
        name = v.domain_name(text)
    except v.InvalidInput as exc:
        await show(message, *ui.check_prompt(i18n, ui.problem(i18n, exc.reason)))
        return
    found = await svc.check(pivday, name.ascii)
    ref = dns_svc.ref(name.ascii)
    if found.available and found.create_price is not None:
        checked = await stored(state, "checked")
        checked.pop(ref, None)
        checked[ref] = {"domain": name.ascii, "price": str(found.create_price)}
        await state.update_data(checked=dict(list(checked.items())[-CHECKED_KEPT:]))
    await show(message, *ui.check_result(i18n, name, found, ref))


# --- registration wizard ------------------------------------------------------------------------


async def _reg(state: FSMContext) -> dict[str, Any]:
    return await stored(state, "reg")


async def _render(
    step: State, target: Target, i18n: I18nContext, state: FSMContext, warning: str | None = None
) -> None:
    """Show `step` from the choices stored so far (Back lands here too)."""
    reg = await _reg(state)
    await state.set_state(step)
    views = {
        RegisterDomain.period: ui.period_step,
        RegisterDomain.renew: ui.renew_step,
        RegisterDomain.cloudflare: ui.cloudflare_step,
        RegisterDomain.ssl: ui.ssl_step,
    }
    if step in views:
        await show(target, *views[step](i18n, reg))
    elif step == RegisterDomain.records:
        await show(target, *ui.records_step(i18n, reg, warning))
    else:
        await show(target, *ui.nameservers_step(i18n, reg, warning))


async def _choose(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, step: State, **values: Any
) -> None:
    """Store a step's choice; go on to the next step of this branch."""
    await query.answer()
    reg = {**await _reg(state), **values}
    await state.update_data(reg=reg)
    following = REGISTER.next(step.state, skip=ui.register_skip(reg))
    assert following is not None  # the last steps (records, nameservers) don't come here
    await _render(following, query, i18n, state)


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.REGISTER))
async def register_start(
    query: CallbackQuery, callback_data: DomainsCallback, i18n: I18nContext, state: FSMContext
) -> None:
    chosen = (await stored(state, "checked")).get(callback_data.arg)
    if chosen is None:  # an old result message: its name is no longer remembered
        await query.answer(ui.check_gone(i18n), show_alert=True)
        return
    await query.answer()
    await state.update_data(reg={"domain": chosen["domain"], "price": chosen["price"]})
    await _render(RegisterDomain.period, query, i18n, state)


@routes.callback_query(REGISTER.picks(ui.STEP_PERIOD), RegisterDomain.period)
async def pick_period(
    query: CallbackQuery, callback_data: WizardPick, i18n: I18nContext, state: FSMContext
) -> None:
    if not callback_data.value.isdigit() or int(callback_data.value) not in svc.PERIODS:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await _choose(query, i18n, state, RegisterDomain.period, period=int(callback_data.value))


@routes.callback_query(REGISTER.picks(ui.STEP_RENEW), RegisterDomain.renew)
async def pick_renew(
    query: CallbackQuery, callback_data: WizardPick, i18n: I18nContext, state: FSMContext
) -> None:
    await _choose(query, i18n, state, RegisterDomain.renew, auto_renew=callback_data.value == "1")


@routes.callback_query(REGISTER.picks(ui.STEP_CLOUDFLARE), RegisterDomain.cloudflare)
async def pick_cloudflare(
    query: CallbackQuery, callback_data: WizardPick, i18n: I18nContext, state: FSMContext
) -> None:
    on = callback_data.value == "1"
    # The other branch's answers go: a Cloudflare domain has no own nameservers, and back.
    reg = {k: value for k, value in (await _reg(state)).items() if k not in BRANCH_KEYS}
    await state.update_data(reg=reg)
    await _choose(query, i18n, state, RegisterDomain.cloudflare, cloudflare=on)


@routes.callback_query(REGISTER.picks(ui.STEP_SSL), RegisterDomain.ssl)
async def pick_ssl(
    query: CallbackQuery, callback_data: WizardPick, i18n: I18nContext, state: FSMContext
) -> None:
    if callback_data.value not in svc.SSL_MODES:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await _choose(query, i18n, state, RegisterDomain.ssl, ssl_mode=callback_data.value)


@routes.callback_query(REGISTER.picks(ui.STEP_RECORDS), RegisterDomain.records)
async def records_action(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    reg = await _reg(state)
    records = list(reg.get("records") or [])
    if callback_data.value == ui.RECORDS_ADD and len(records) < svc.INITIAL_RECORDS_MAX:
        await query.answer()
        await start_draft(query, i18n, state, zone=str(reg["domain"]), **{"for": FOR_REGISTRATION})
    elif callback_data.value == ui.RECORDS_UNDO and records:
        await query.answer()
        await state.update_data(reg={**reg, "records": records[:-1]})
        await _render(RegisterDomain.records, query, i18n, state)
    elif callback_data.value == ui.RECORDS_DONE:
        await query.answer()
        await _offer_registration(query, i18n, state, pivday, offer)
    else:
        await query.answer(ui.stale_step(i18n), show_alert=True)


@routes.message(RegisterDomain.nameservers, F.text)
async def typed_nameservers(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    try:
        names = v.nameservers(message.text or "")
    except v.InvalidInput as exc:
        await _render(
            RegisterDomain.nameservers, message, i18n, state, ui.problem(i18n, exc.reason)
        )
        return
    await state.update_data(reg={**await _reg(state), "nameservers": names})
    await _offer_registration(message, i18n, state, pivday, offer)


async def _offer_registration(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    """Last step: the live price (searched again now) and balance become a confirmation card."""
    reg = await _reg(state)
    try:
        quote = await svc.quote_register(
            pivday,
            domain=str(reg["domain"]),
            period=int(reg["period"]),
            auto_renew=bool(reg["auto_renew"]),
            cloudflare=bool(reg["cloudflare"]),
            ssl_mode=reg.get("ssl_mode"),
            nameservers=reg.get("nameservers") or (),
            records=reg.get("records") or (),
        )
    except svc.DomainUnavailableError:
        await _end_wizard(state)
        await show(target, *ui.no_longer_available(i18n, str(reg["domain"])))
        return
    except svc.PriceUnknownError:
        await _end_wizard(state)
        await show(target, *ui.domains_menu(i18n, ui.price_unknown(i18n)))
        return
    await _end_wizard(state)
    await offer(target, quote)


async def _end_wizard(state: FSMContext) -> None:
    await state.set_state(None)
    await forget(state, "reg", "draft")


@routes.callback_query(REGISTER.nav(NavOp.BACK), flags=OPEN)
async def register_back(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    current = await state.get_state()
    if not REGISTER.owns(current):
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    previous = REGISTER.previous(current, skip=ui.register_skip(await _reg(state)))
    if previous is None:  # Back from the first step leaves the wizard
        await _end_wizard(state)
        await show(query, *ui.domains_menu(i18n))
        return
    await _render(previous, query, i18n, state)


@routes.callback_query(REGISTER.nav(NavOp.CANCEL), flags=OPEN)
async def register_cancel(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await _end_wizard(state)
    await query.answer()
    await show(query, *ui.domains_menu(i18n, ui.register_cancelled(i18n)))


@routes.callback_query(WizardPick.filter(F.flow == REGISTER.flow), flags=OPEN)
@routes.callback_query(WizardNav.filter(F.flow == REGISTER.flow), flags=OPEN)
async def register_stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button from a step the chat is no longer at (after /cancel, an old message…)."""
    await query.answer(ui.stale_step(i18n), show_alert=True)


# --- following the queue (bot.watching) ---------------------------------------------------------


async def poll_queue(run: WatchRun) -> float | None:
    """One look at the queue entry a registration/renewal started; None once it is over."""
    assert run.client is not None
    state = run.state
    outcome = await svc.queue_outcome(run.client, str(state["queue_id"]), str(state["domain_id"]))
    if outcome.status == svc.QUEUE_DONE and outcome.domain is not None:
        await run.show(*ui.queue_done(run.t, state, outcome.domain))
        return None
    if outcome.status == svc.QUEUE_FAILED:
        await run.show(*ui.queue_failed(run.t, state, outcome.error))
        return None
    await run.show(*ui.queue_waiting(run.t, state, outcome.status))
    state["polls"] = int(state.get("polls", 0)) + 1
    return svc.next_poll(state["polls"])


async def queue_ended(run: WatchRun, status: WatchStatus) -> None:
    """Past the deadline (EXPIRED) or the key was removed (CANCELLED): say so, offer the card."""
    await run.show(*ui.queue_ended(run.t, run.state, timed_out=status is WatchStatus.EXPIRED))


# --- renew --------------------------------------------------------------------------------------


@routes.callback_query(RenewCallback.filter(F.kind == Kind.DOMAIN))
async def renew_start(
    query: CallbackQuery,
    callback_data: RenewCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """The card's Renew, or domain.expires_soon's: how many years (with live prices)."""
    await leave_inputs(state)
    try:
        offer = await svc.renew_offer(pivday, callback_data.id)
    except svc.NotRenewableError as exc:
        await query.answer(ui.not_renewable(i18n, exc.status), show_alert=True)
        return
    except svc.PriceUnknownError:
        await query.answer(ui.price_unknown(i18n), show_alert=True)
        return
    await query.answer()
    await show(query, *ui.renew_screen(i18n, offer))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.RENEW_FOR))
async def renew_for(
    query: CallbackQuery,
    callback_data: DomainsCallback,
    i18n: I18nContext,
    pivday: PivDayClient,
    offer: Offer,
) -> None:
    years = int(callback_data.arg) if callback_data.arg.isdigit() else 0
    if years not in svc.PERIODS:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    try:
        quote = await svc.quote_renew(pivday, domain_id=callback_data.id, period=years)
    except svc.NotRenewableError as exc:
        await query.answer(ui.not_renewable(i18n, exc.status), show_alert=True)
        return
    except svc.PriceUnknownError:
        await query.answer(ui.price_unknown(i18n), show_alert=True)
        return
    await query.answer()
    await offer(query, quote)


# --- My domains ---------------------------------------------------------------------------------


async def _show_list(
    target: Target, i18n: I18nContext, state: FSMContext, pivday: PivDayClient, **changes: Any
) -> None:
    """My domains with the chat's filters; `changes` (filters=…, page=…) are kept for later."""
    kept = await stored(state, "dl")
    kept.update(changes)
    filters = kept["filters"] if "filters" in changes else svc.Filters.of(kept.get("filters"))
    found = await svc.list_page(pivday, filters, int(kept.get("page", 0)))
    await state.update_data(dl={"filters": filters.to_data(), "page": found.number})
    page = remote_page(found.items, found.number, svc.PER_PAGE, total=found.total)
    await show(target, *ui.domain_list(i18n, page, filters))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.LIST))
async def list_domains(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await leave_inputs(state)
    await query.answer()
    await _show_list(query, i18n, state, pivday)


@routes.callback_query(PageCallback.filter(F.list_id == ui.DOMAINS_LIST))
async def list_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    await _show_list(query, i18n, state, pivday, page=callback_data.page)


async def _filters(state: FSMContext) -> svc.Filters:
    return svc.Filters.of((await stored(state, "dl")).get("filters"))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.FILTER))
async def change_filter(
    query: CallbackQuery,
    callback_data: DomainsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    filters = await _filters(state)
    if callback_data.arg == ui.FILTER_SEARCH:
        await query.answer()
        await state.set_state(DomainInput.search)
        await show(query, *ui.search_prompt(i18n))
        return
    changed = {
        ui.FILTER_STATUS: filters.next_status,
        ui.FILTER_CLOUDFLARE: filters.next_cloudflare,
        ui.FILTER_AUTO_RENEW: filters.next_auto_renew,
        ui.FILTER_CLEAR: lambda: filters.searching(None),
    }.get(callback_data.arg)
    if changed is None:
        await query.answer(ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    await _show_list(query, i18n, state, pivday, filters=changed(), page=0)


@routes.message(DomainInput.search, F.text)
async def typed_search(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    await state.set_state(None)
    filters = (await _filters(state)).searching(message.text)
    await _show_list(message, i18n, state, pivday, filters=filters, page=0)


# --- the domain card ----------------------------------------------------------------------------


@routes.callback_query(OpenCallback.filter(F.kind == Kind.DOMAIN))
async def open_card(
    query: CallbackQuery,
    callback_data: OpenCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """A domain from the list, an event message's button, Back from a sub-screen."""
    await leave_inputs(state)
    await query.answer()
    domain = await svc.get(pivday, callback_data.id)
    await show(query, *ui.domain_card(i18n, domain))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.AUTO_RENEW))
async def toggle_auto_renew(
    query: CallbackQuery, callback_data: DomainsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    on = callback_data.arg == "1"
    domain = await svc.set_auto_renew(pivday, callback_data.id, on)
    done = ui.done_line(i18n, "auto_renew", on="on" if on else "off")
    await query.answer(done)
    await show(query, *ui.domain_card(i18n, domain, notice=done))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.CLOUDFLARE))
async def cloudflare_ask(
    query: CallbackQuery, callback_data: DomainsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    domain = await svc.get(pivday, callback_data.id)
    await query.answer()
    if domain.cloudflare_enabled:  # an old card: it is on already
        await show(query, *ui.domain_card(i18n, domain))
        return
    await show(query, *ui.cloudflare_question(i18n, domain))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.CLOUDFLARE_YES))
async def cloudflare_yes(
    query: CallbackQuery, callback_data: DomainsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    domain = await svc.enable_cloudflare(pivday, callback_data.id)
    done = ui.done_line(i18n, "cloudflare", mode=domain.ssl_mode or "-")
    await query.answer()
    await show(query, *ui.domain_card(i18n, domain, notice=done))


@routes.callback_query(DomainsCallback.filter(F.op == DomOp.NAMESERVERS))
async def nameservers_ask(
    query: CallbackQuery,
    callback_data: DomainsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    domain = await svc.get(pivday, callback_data.id)
    await query.answer()
    if domain.cloudflare_enabled:  # Cloudflare runs its DNS: no own nameservers
        await show(query, *ui.domain_card(i18n, domain))
        return
    await state.set_state(DomainInput.nameservers)
    await state.update_data(target={"domain_id": domain.id})
    await show(query, *ui.nameservers_prompt(i18n, domain))


@routes.message(DomainInput.nameservers, F.text)
async def typed_domain_nameservers(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    domain_id = str((await stored(state, "target")).get("domain_id") or "")
    if not domain_id:
        await state.set_state(None)
        return
    try:
        names = v.nameservers(message.text or "")
    except v.InvalidInput as exc:
        domain = await svc.get(pivday, domain_id)
        warning = ui.problem(i18n, exc.reason)
        await show(message, *ui.nameservers_prompt(i18n, domain, warning))
        return
    domain = await svc.set_nameservers(pivday, domain_id, names)
    await state.set_state(None)
    await forget(state, "target")
    await show(message, *ui.domain_card(i18n, domain, notice=ui.done_line(i18n, "nameservers")))


feature = Feature(
    "domains",
    combine(__name__, routes, dns.routes),
    section=Section.DOMAINS,
    actions=(
        PaidAction(svc.REGISTER_ACTION, svc.register, ui.REGISTER_VIEW, svc.follow_queue),
        PaidAction(svc.RENEW_ACTION, svc.renew, ui.RENEW_VIEW, svc.follow_queue),
    ),
    commands=(command("domain", "cmd-domain", rank=30),),
    watchers=(Watcher(DOMAIN_REGISTER, poll_queue, queue_ended),),
)
