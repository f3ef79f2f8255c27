"""DNS records of a domain (part of the domains feature; handlers.domains includes this router):
the paged list, one record's card, changing one field, deleting after Yes/No, and the steps that
build a new record — for a domain on Cloudflare, or for a registration's initial records (the
registration wizard hands over here and gets the record back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.middlewares import NEEDS_KEY, PRIVATE
from bot.pivday import PivDayClient
from bot.pivday.models import DnsRecord
from bot.routing import Blueprint
from bot.services import dns as svc
from bot.services import domains as domains_svc
from bot.services import validators as v
from bot.ui import dns as ui
from bot.ui import domains as domains_ui
from bot.ui.dns import DRAFT, DnsCallback, DnsOp, RecordDraft, RecordEdit, draft_skip
from bot.ui.paging import page_of
from bot.ui.wizard import NavOp, WizardPick, show

routes = Blueprint(__name__, **{NEEDS_KEY: True, PRIVATE: True})
OPEN = {NEEDS_KEY: False}
Target = CallbackQuery | Message

# Where a record being built goes when it is finished (the draft's "for").
FOR_DOMAIN, FOR_REGISTRATION = "add", "reg"
# Every state of the domains feature: leaving them is one call (navigation abandons a step).
INPUT_GROUPS: tuple[type[StatesGroup], ...] = (
    domains_ui.CheckDomain,
    domains_ui.RegisterDomain,
    domains_ui.DomainInput,
    RecordDraft,
    RecordEdit,
)


async def leave_inputs(state: FSMContext) -> None:
    """Navigation elsewhere abandons a typed step or a wizard of this feature (the list's
    filters and the names checked stay in the chat's data)."""
    current = await state.get_state()
    if current is not None and any(current in group for group in INPUT_GROUPS):
        await state.set_state(None)


async def stored(state: FSMContext, key: str) -> dict[str, Any]:
    """A copy of one flow's answers in the chat's FSM data (e.g. "reg", "draft")."""
    return dict((await state.get_data()).get(key) or {})


async def forget(state: FSMContext, *keys: str) -> None:
    data = await state.get_data()
    await state.set_data({k: value for k, value in data.items() if k not in keys})


# --- the list and one record --------------------------------------------------------------------


async def show_records(
    target: Target,
    i18n: I18nContext,
    client: PivDayClient,
    domain_id: str,
    page: int = 0,
    notice: str | None = None,
) -> None:
    domain = await domains_svc.get(client, domain_id)
    records = await svc.records(client, domain_id)
    shown = page_of(records, page, svc.PER_PAGE)
    await show(target, *ui.records_view(i18n, domain.id, domain.domain_name, shown, notice))


async def _record(
    query: CallbackQuery, i18n: I18nContext, client: PivDayClient, data: DnsCallback
) -> DnsRecord | None:
    """The record a button names, or None after saying it is gone and showing the list."""
    record = await svc.find(client, data.id, data.rec)
    if record is None:
        await query.answer(ui.record_gone(i18n), show_alert=True)
        await show_records(query, i18n, client, data.id)
    return record


async def _show_record(
    target: Target,
    i18n: I18nContext,
    client: PivDayClient,
    domain_id: str,
    record: DnsRecord,
    notice: str | None = None,
) -> None:
    domain = await domains_svc.get(client, domain_id)
    await show(target, *ui.record_card(i18n, domain_id, domain.domain_name, record, notice))


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.LIST))
async def records_list(
    query: CallbackQuery,
    callback_data: DnsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await leave_inputs(state)
    await query.answer()
    page = int(callback_data.arg) if callback_data.arg.isdigit() else 0
    await show_records(query, i18n, pivday, callback_data.id, page)


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.SHOW))
async def record_show(
    query: CallbackQuery,
    callback_data: DnsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await leave_inputs(state)
    record = await _record(query, i18n, pivday, callback_data)
    if record is not None:
        await query.answer()
        await _show_record(query, i18n, pivday, callback_data.id, record)


# Screens about one record that only read it: which field to change, "delete it?".
_RECORD_SCREENS = {DnsOp.EDIT: ui.edit_menu, DnsOp.DELETE: ui.delete_question}


@routes.callback_query(DnsCallback.filter(F.op.in_(set(_RECORD_SCREENS))))
async def record_screen(
    query: CallbackQuery, callback_data: DnsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    record = await _record(query, i18n, pivday, callback_data)
    if record is not None:
        await query.answer()
        await show(query, *_RECORD_SCREENS[callback_data.op](i18n, callback_data.id, record))


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.FIELD))
async def record_field(
    query: CallbackQuery,
    callback_data: DnsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    if callback_data.arg not in svc.TYPED_FIELDS:
        await query.answer(domains_ui.stale_step(i18n), show_alert=True)
        return
    record = await _record(query, i18n, pivday, callback_data)
    if record is None:
        return
    await query.answer()
    domain = await domains_svc.get(pivday, callback_data.id)
    edit = {
        "domain_id": callback_data.id,
        "record": record.model_dump(mode="json"),
        "zone": domain.domain_name,
        "field": callback_data.arg,
    }
    await state.set_state(RecordEdit.value)
    await state.update_data(edit=edit)
    await show(query, *ui.edit_prompt(i18n, edit["domain_id"], edit["zone"], record, edit["field"]))


@routes.message(RecordEdit.value, F.text)
async def typed_value(
    message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    edit = await stored(state, "edit")
    if not edit:
        await state.set_state(None)
        return
    record = DnsRecord.model_validate(edit["record"])
    try:
        value = svc.parse_field(
            edit["field"], message.text or "", record_type=record.type, zone=edit["zone"]
        )
    except v.InvalidInput as exc:
        warning = domains_ui.problem(i18n, exc.reason)
        screen = ui.edit_prompt(
            i18n, edit["domain_id"], edit["zone"], record, edit["field"], warning
        )
        await show(message, *screen)
        return
    assert record.id is not None
    await svc.update(pivday, edit["domain_id"], record.id, field=edit["field"], value=value)
    await state.set_state(None)
    await forget(state, "edit")
    changed = await svc.find(pivday, edit["domain_id"], svc.ref(record.id))
    if changed is None:
        await show_records(message, i18n, pivday, edit["domain_id"])
        return
    notice = ui.done_line(i18n, "changed")
    await _show_record(message, i18n, pivday, edit["domain_id"], changed, notice)


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.PROXY))
async def record_proxy(
    query: CallbackQuery, callback_data: DnsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    record = await _record(query, i18n, pivday, callback_data)
    if record is None or record.id is None:
        return
    await svc.update(pivday, callback_data.id, record.id, field="proxied", value=not record.proxied)
    await query.answer(ui.done_line(i18n, "changed"))
    changed = await svc.find(pivday, callback_data.id, callback_data.rec)
    if changed is not None:
        await _show_record(query, i18n, pivday, callback_data.id, changed)


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.DELETE_YES))
async def record_delete_yes(
    query: CallbackQuery, callback_data: DnsCallback, i18n: I18nContext, pivday: PivDayClient
) -> None:
    record = await _record(query, i18n, pivday, callback_data)
    if record is None or record.id is None:
        return
    await svc.delete(pivday, callback_data.id, record.id)
    await query.answer(ui.done_line(i18n, "deleted"))
    notice = ui.done_line(i18n, "deleted")
    await show_records(query, i18n, pivday, callback_data.id, notice=notice)


# --- building a record --------------------------------------------------------------------------


async def start_draft(
    target: Target, i18n: I18nContext, state: FSMContext, *, zone: str, **origin: Any
) -> None:
    """Begin a new record for `zone`; `origin` says where it goes (for=…, domain_id=…)."""
    draft = {"zone": zone, **origin}
    await state.update_data(draft=draft)
    await _render(RecordDraft.type, target, i18n, state)


async def _draft(state: FSMContext) -> dict[str, Any]:
    return await stored(state, "draft")


async def _render(
    step: State, target: Target, i18n: I18nContext, state: FSMContext, warning: str | None = None
) -> None:
    draft = await _draft(state)
    await state.set_state(step)
    if step == RecordDraft.type:
        await show(target, *ui.type_step(i18n, draft))
    elif step == RecordDraft.name:
        await show(target, *ui.name_step(i18n, draft, warning))
    elif step == RecordDraft.content:
        await show(target, *ui.content_step(i18n, draft, warning))
    elif step == RecordDraft.priority:
        await show(target, *ui.priority_step(i18n, draft, warning))
    elif step == RecordDraft.ttl:
        await show(target, *ui.ttl_step(i18n, draft, warning))
    else:
        await show(target, *ui.proxied_step(i18n, draft))


async def _set(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    step: State,
    **values: Any,
) -> None:
    """Store this step's answer and go on to the next step that applies (or finish)."""
    draft = {**await _draft(state), **values}
    await state.update_data(draft=draft)
    following = DRAFT.next(step.state, skip=draft_skip(draft))
    if following is None:
        await _finish(target, i18n, state, pivday, draft)
    else:
        await _render(following, target, i18n, state)


async def _finish(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    draft: Mapping[str, Any],
) -> None:
    record = svc.record_body(draft)
    if draft.get("for") == FOR_REGISTRATION:
        reg = await stored(state, "reg")
        reg["records"] = [*reg.get("records", []), record]
        await state.update_data(reg=reg)
        await forget(state, "draft")
        await state.set_state(domains_ui.RegisterDomain.records)
        await show(target, *domains_ui.records_step(i18n, reg))
        return
    await svc.add(pivday, str(draft["domain_id"]), record)
    await state.set_state(None)
    await forget(state, "draft")
    notice = ui.done_line(i18n, "added")
    await show_records(target, i18n, pivday, str(draft["domain_id"]), notice=notice)


async def _leave_draft(
    target: Target, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    """Back from the first step, or Cancel: the record is dropped, its origin comes back."""
    draft = await _draft(state)
    await forget(state, "draft")
    if draft.get("for") == FOR_REGISTRATION:
        reg = await stored(state, "reg")
        await state.set_state(domains_ui.RegisterDomain.records)
        await show(target, *domains_ui.records_step(i18n, reg))
        return
    await state.set_state(None)
    if draft.get("domain_id"):
        await show_records(target, i18n, pivday, str(draft["domain_id"]))


@routes.callback_query(DnsCallback.filter(F.op == DnsOp.ADD))
async def add_start(
    query: CallbackQuery,
    callback_data: DnsCallback,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    """➕ Add record (the list), or "Add DNS" under a domain.registered message."""
    await leave_inputs(state)
    domain = await domains_svc.get(pivday, callback_data.id)
    if not domain.cloudflare_enabled or domain.status not in domains_svc.RENEWABLE:
        await query.answer(ui.dns_unavailable(i18n), show_alert=True)
        await show(query, *domains_ui.domain_card(i18n, domain))
        return
    await query.answer()
    await start_draft(
        query, i18n, state, zone=domain.domain_name, domain_id=domain.id, **{"for": FOR_DOMAIN}
    )


@routes.callback_query(DRAFT.picks(ui.STEP_TYPE), RecordDraft.type)
async def pick_type(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    if callback_data.value not in svc.RECORD_TYPES:
        await query.answer(domains_ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    # A new type makes the previous answers meaningless (an IPv4 is no CNAME target).
    draft = await _draft(state)
    kept = {k: draft[k] for k in ("zone", "for", "domain_id") if k in draft}
    await state.update_data(draft=kept)
    await _set(query, i18n, state, pivday, RecordDraft.type, type=callback_data.value)


async def _answer(
    target: Target,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
    step: State,
    field: str,
    text: str,
) -> None:
    """A typed or picked answer for a step that checks it: stored, or the step again with why."""
    draft = await _draft(state)
    try:
        value = svc.parse_field(
            field, text, record_type=str(draft.get("type")), zone=str(draft.get("zone"))
        )
    except v.InvalidInput as exc:
        if isinstance(target, CallbackQuery):
            await target.answer()
        await _render(step, target, i18n, state, domains_ui.problem(i18n, exc.reason))
        return
    if isinstance(target, CallbackQuery):
        await target.answer()
    await _set(target, i18n, state, pivday, step, **{field: value})


# (step, the record field it fills, the pick step id) for steps answered by typing or a pick.
_TYPED_STEPS: tuple[tuple[State, str, str | None], ...] = (
    (RecordDraft.name, "name", ui.STEP_NAME),
    (RecordDraft.content, "content", None),
    (RecordDraft.priority, "priority", ui.STEP_PRIORITY),
    (RecordDraft.ttl, "ttl", ui.STEP_TTL),
)


def _typed_handler(step: State, field: str) -> Any:
    async def typed(
        message: Message, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
    ) -> None:
        await _answer(message, i18n, state, pivday, step, field, message.text or "")

    return typed


def _picked_handler(step: State, field: str) -> Any:
    async def picked(
        query: CallbackQuery,
        callback_data: WizardPick,
        i18n: I18nContext,
        state: FSMContext,
        pivday: PivDayClient,
    ) -> None:
        await _answer(query, i18n, state, pivday, step, field, callback_data.value)

    return picked


for _step, _field, _pick in _TYPED_STEPS:
    routes.message.register(_typed_handler(_step, _field), _step, F.text)
    if _pick is not None:
        routes.callback_query.register(_picked_handler(_step, _field), DRAFT.picks(_pick), _step)


@routes.callback_query(DRAFT.picks(ui.STEP_PROXIED), RecordDraft.proxied)
async def pick_proxied(
    query: CallbackQuery,
    callback_data: WizardPick,
    i18n: I18nContext,
    state: FSMContext,
    pivday: PivDayClient,
) -> None:
    await query.answer()
    proxied = callback_data.value == "1"
    await _set(query, i18n, state, pivday, RecordDraft.proxied, proxied=proxied)


@routes.callback_query(DRAFT.nav(NavOp.BACK))
async def draft_back(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient
) -> None:
    current = await state.get_state()
    if not DRAFT.owns(current):
        await query.answer(domains_ui.stale_step(i18n), show_alert=True)
        return
    await query.answer()
    previous = DRAFT.previous(current, skip=draft_skip(await _draft(state)))
    if previous is None:
        await _leave_draft(query, i18n, state, pivday)
    else:
        await _render(previous, query, i18n, state)


@routes.callback_query(DRAFT.nav(NavOp.CANCEL), flags=OPEN)
async def draft_cancel(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, pivday: PivDayClient | None
) -> None:
    if not DRAFT.owns(await state.get_state()) or pivday is None:
        await state.set_state(None)
        await query.answer(domains_ui.stale_step(i18n), show_alert=True)
        return
    await query.answer(ui.draft_dropped(i18n))
    await _leave_draft(query, i18n, state, pivday)


@routes.callback_query(WizardPick.filter(F.flow == DRAFT.flow), flags=OPEN)
async def draft_stale(query: CallbackQuery, i18n: I18nContext) -> None:
    """A pick from a step the chat is no longer at (an old message, after /cancel…)."""
    await query.answer(domains_ui.stale_step(i18n), show_alert=True)
