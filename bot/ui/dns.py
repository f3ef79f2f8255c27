"""DNS screens: a domain's records (paged), one record's card, changing one field, deleting after
Yes/No, and the steps that build a new record (type → name → content → [MX priority] → TTL →
[proxied]) — used to add a record to a domain and for a registration's initial records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday.models import DnsRecord
from bot.services import dns as svc
from bot.services import validators as v
from bot.ui.callbacks import Kind, OpenCallback, Section
from bot.ui.keyboards import section_button
from bot.ui.paging import Page, Translator, checked, paged_keyboard
from bot.ui.wizard import Wizard

Screen = tuple[str, InlineKeyboardMarkup]
RecordLike = DnsRecord | Mapping[str, Any]
BUTTON_MAX = 48  # characters of a record's summary on its button
LIST_CONTENT_MAX = 60  # characters of a record's content in a list line
NAME_SHOWN = 48  # characters of a record's name in a list line
# Characters of one value from piv.day or a user inside a sentence. Fluent refuses a placeable
# over 1000 characters, and escaping can make text six times longer ("'" → "&#x27;").
SHOWN_MAX = 150


class DnsOp(StrEnum):
    LIST = "ls"  # id (domain), arg: page
    ADD = "ad"  # id: build a new record (also what domain.registered's "Add DNS" opens)
    SHOW = "sh"  # id, rec
    EDIT = "ed"  # id, rec: which field?
    FIELD = "fd"  # id, rec, arg: a svc.TYPED_FIELDS name
    PROXY = "px"  # id, rec: proxied on ⇄ off
    DELETE = "dl"  # id, rec: ask Yes/No
    DELETE_YES = "dy"  # id, rec


class DnsCallback(CallbackData, prefix="dn"):
    """`id` is the domain's piv.day id, `rec` a record's svc.ref() (ids only, ≤ 64 bytes)."""

    op: DnsOp
    id: str
    rec: str = ""
    arg: str = ""


class RecordDraft(StatesGroup):
    type = State()
    name = State()
    content = State()
    priority = State()
    ttl = State()
    proxied = State()


class RecordEdit(StatesGroup):
    value = State()


DRAFT = Wizard(
    "dr",
    [
        RecordDraft.type,
        RecordDraft.name,
        RecordDraft.content,
        RecordDraft.priority,
        RecordDraft.ttl,
        RecordDraft.proxied,
    ],
)
STEP_TYPE, STEP_NAME, STEP_PRIORITY, STEP_TTL, STEP_PROXIED = "t", "n", "m", "l", "x"
NAME_PICKS = (v.APEX, "www", v.WILDCARD)
PRIORITY_PICKS = (10, 20)
TTL_PICKS = (v.TTL_AUTO, 60, 300, 3600, 86400)


def draft_skip(draft: Mapping[str, Any]) -> Any:
    """MX alone has a priority; only A/AAAA/CNAME can go through Cloudflare's proxy."""
    record_type = draft.get("type")

    def skip(step: State) -> bool:
        if step == RecordDraft.priority:
            return not svc.needs_priority(record_type)
        if step == RecordDraft.proxied:
            return not svc.can_proxy(record_type)
        return False

    return skip


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with "…" when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """A value from piv.day or a user, ready for a sentence: clipped, then HTML-escaped."""
    return escape(clip(text, limit))


def name_html(ascii_name: str) -> str:
    """ "<b>пример.рф</b> (xn--e1afmkfd.xn--p1ai)", or just the bold name when it is ASCII."""
    readable = v.display(ascii_name)
    if readable == ascii_name:
        return f"<b>{shown(ascii_name)}</b>"
    return f"<b>{shown(readable)}</b> (<code>{shown(ascii_name)}</code>)"


def hosts(names: Sequence[str]) -> str:
    """Nameservers as a reader sees them, for a line of its own (a list can outgrow a
    Fluent placeable, so it follows its label rather than going into a message)."""
    return escape(", ".join(clip(v.display(n), LIST_CONTENT_MAX) for n in names)) or "-"


def _get(record: RecordLike, field: str) -> Any:
    return record.get(field) if isinstance(record, Mapping) else getattr(record, field)


def ttl_text(t: Translator, ttl: int | None) -> str:
    if not ttl or ttl == v.TTL_AUTO:
        return t.get("dns-ttl-auto")
    return t.get("dns-ttl-seconds", seconds=ttl)


def record_summary(
    t: Translator, record: RecordLike, *, content_max: int = LIST_CONTENT_MAX
) -> str:
    """ "MX @ → mail.mysite.com (10) · TTL auto · ☁️" as plain text (escape it for a message)."""
    record_type = clip(str(_get(record, "type")), 10)
    content = clip(v.display(str(_get(record, "content"))), content_max)
    text = f"{record_type} {clip(v.display(str(_get(record, 'name'))), NAME_SHOWN)} → {content}"
    if _get(record, "priority") is not None and svc.needs_priority(record_type):
        text += f" ({_get(record, 'priority')})"
    text += f" · {ttl_text(t, _get(record, 'ttl'))}"
    if _get(record, "proxied"):
        text += " · ☁️"
    return text


def record_line(t: Translator, record: RecordLike) -> str:
    return escape(record_summary(t, record))


def back_to_records(t: Translator, domain_id: str) -> InlineKeyboardButton:
    return button(t.get("dns-back-to-records"), DnsCallback(op=DnsOp.LIST, id=domain_id))


# --- the list and one record --------------------------------------------------------------------


def records_view(
    t: Translator,
    domain_id: str,
    zone: str,
    page: Page[DnsRecord],
    notice: str | None = None,
) -> Screen:
    lines = [notice, ""] if notice else []
    lines.append(t.get("dns-list-title", domain=name_html(zone), total=page.total))
    if page.total:
        lines.append("")
        lines += [
            f"{page.offset + i}. {record_line(t, r)}" for i, r in enumerate(page.items, start=1)
        ]
    else:
        lines.append(t.get("dns-list-empty"))
    keyboard = paged_keyboard(
        page,
        list_id="dns",
        button=lambda r: button(
            clip(record_summary(t, r, content_max=BUTTON_MAX), BUTTON_MAX),
            DnsCallback(op=DnsOp.SHOW, id=domain_id, rec=svc.ref(str(r.id))),
        ),
        t=t,
        header=[[button(t.get("dns-add-button"), DnsCallback(op=DnsOp.ADD, id=domain_id))]],
        footer=[
            [
                button(t.get("dns-back-to-domain"), OpenCallback(kind=Kind.DOMAIN, id=domain_id)),
                section_button(t, Section.HOME),
            ]
        ],
        page_data=lambda number: DnsCallback(op=DnsOp.LIST, id=domain_id, arg=str(number)).pack(),
    )
    return "\n".join(lines), keyboard


def record_card(
    t: Translator, domain_id: str, zone: str, record: DnsRecord, notice: str | None = None
) -> Screen:
    ref = svc.ref(str(record.id))
    lines = [notice, ""] if notice else []
    lines.append(t.get("dns-record-title", domain=name_html(zone)))
    lines.append(t.get("dns-record-type", type=shown(record.type)))
    lines.append(t.get("dns-record-name", name=shown(v.display(record.name))))
    # The whole content (a TXT value runs to 2048 characters): after its label, not in it.
    lines.append(f"{t.get('dns-record-content')} <code>{escape(record.content)}</code>")
    if svc.needs_priority(record.type):
        lines.append(t.get("dns-record-priority", priority=shown(str(record.priority))))
    lines.append(t.get("dns-record-ttl", ttl=ttl_text(t, record.ttl)))
    if svc.can_proxy(record.type):
        lines.append(t.get("dns-record-proxied", on="on" if record.proxied else "off"))
    rows = [
        [
            button(t.get("dns-edit-button"), DnsCallback(op=DnsOp.EDIT, id=domain_id, rec=ref)),
            button(t.get("dns-delete-button"), DnsCallback(op=DnsOp.DELETE, id=domain_id, rec=ref)),
        ],
        [back_to_records(t, domain_id)],
    ]
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


_FIELD_KEYS = {
    "name": "dns-field-name",
    "content": "dns-field-content",
    "ttl": "dns-field-ttl",
    "priority": "dns-field-priority",
}


def edit_menu(t: Translator, domain_id: str, record: DnsRecord) -> Screen:
    ref = svc.ref(str(record.id))
    fields = [f for f in svc.TYPED_FIELDS if f != "priority" or svc.needs_priority(record.type)]
    rows = [
        [button(t.get(_FIELD_KEYS[f]), DnsCallback(op=DnsOp.FIELD, id=domain_id, rec=ref, arg=f))]
        for f in fields
    ]
    if svc.can_proxy(record.type):
        key = "dns-proxy-turn-off" if record.proxied else "dns-proxy-turn-on"
        rows.append([button(t.get(key), DnsCallback(op=DnsOp.PROXY, id=domain_id, rec=ref))])
    show = DnsCallback(op=DnsOp.SHOW, id=domain_id, rec=ref)
    rows.append([button(t.get("wizard-back"), show)])
    text = t.get("dns-edit-title", record=record_line(t, record))
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def field_hint(t: Translator, field: str, record_type: str, zone: str) -> str:
    """What a typed value for `field` looks like (numbers as text: "86400" can be typed back)."""
    if field == "content":
        return content_hint(t, record_type)
    if field == "name":
        return t.get("dns-name-hint", domain=shown(v.display(zone)))
    if field == "ttl":
        return t.get("dns-ttl-hint", min=str(v.TTL_MIN), max=str(v.TTL_MAX))
    return t.get("dns-priority-hint", max=str(v.PRIORITY_MAX))


def edit_prompt(
    t: Translator,
    domain_id: str,
    zone: str,
    record: DnsRecord,
    field: str,
    warning: str | None = None,
) -> Screen:
    text = "\n".join(
        [
            t.get(
                "dns-edit-prompt", field=t.get(_FIELD_KEYS[field]), record=record_line(t, record)
            ),
            field_hint(t, field, record.type, zone),
        ]
    )
    if warning:
        text += "\n\n" + warning
    cancel = DnsCallback(op=DnsOp.SHOW, id=domain_id, rec=svc.ref(str(record.id)))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[button(t.get("wizard-cancel"), cancel)]])
    return text, keyboard


def delete_question(t: Translator, domain_id: str, record: DnsRecord) -> Screen:
    ref = svc.ref(str(record.id))
    rows = [
        [
            button(
                t.get("dns-delete-yes"), DnsCallback(op=DnsOp.DELETE_YES, id=domain_id, rec=ref)
            ),
            button(t.get("dns-delete-no"), DnsCallback(op=DnsOp.SHOW, id=domain_id, rec=ref)),
        ]
    ]
    text = t.get("dns-delete-question", record=record_line(t, record))
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def record_gone(t: Translator) -> str:
    return t.get("dns-record-gone")


def dns_unavailable(t: Translator) -> str:
    """DNS records are kept by Cloudflare: a domain without it (or not registered yet) has none."""
    return t.get("dns-unavailable")


def draft_dropped(t: Translator) -> str:
    return t.get("dns-draft-dropped")


def done_line(t: Translator, what: str) -> str:
    keys = {
        "added": "dns-done-added",
        "changed": "dns-done-changed",
        "deleted": "dns-done-deleted",
    }
    return t.get(keys[what])


# --- building a record --------------------------------------------------------------------------

_CONTENT_HINT_KEYS = {
    "A": "dns-content-hint-a",
    "AAAA": "dns-content-hint-aaaa",
    "CNAME": "dns-content-hint-cname",
    "MX": "dns-content-hint-mx",
    "TXT": "dns-content-hint-txt",
    "NS": "dns-content-hint-ns",
}


def content_hint(t: Translator, record_type: str) -> str:
    return t.get(_CONTENT_HINT_KEYS.get(record_type, "dns-content-hint-txt"), max=str(v.TXT_MAX))


def _draft_text(t: Translator, draft: Mapping[str, Any], title: str, warning: str | None) -> str:
    lines = [t.get("dns-draft-title", domain=name_html(str(draft["zone"])))]
    so_far = [escape(str(draft[k])) for k in ("type", "name") if draft.get(k)]
    if draft.get("content"):
        so_far.append("→ " + escape(clip(str(draft["content"]), LIST_CONTENT_MAX)))
    if so_far:
        lines.append(" ".join(so_far))
    lines += ["", title]
    if warning:
        lines += ["", warning]
    return "\n".join(lines)


def type_step(t: Translator, draft: Mapping[str, Any]) -> Screen:
    buttons = [DRAFT.pick(STEP_TYPE, rt, rt) for rt in svc.RECORD_TYPES]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return _draft_text(t, draft, t.get("dns-type-title"), None), DRAFT.keyboard(rows, t)


def _typed_step(
    t: Translator,
    draft: Mapping[str, Any],
    field: str,
    title_key: str,
    rows: list[list[InlineKeyboardButton]],
    warning: str | None,
) -> Screen:
    """A step answered by typing (or one of the picks in `rows`), with the field's hint."""
    hint = field_hint(t, field, str(draft.get("type")), str(draft["zone"]))
    title = f"{t.get(title_key)}\n{hint}"
    return _draft_text(t, draft, title, warning), DRAFT.keyboard(rows, t)


def name_step(t: Translator, draft: Mapping[str, Any], warning: str | None = None) -> Screen:
    rows = [[DRAFT.pick(STEP_NAME, name, name) for name in NAME_PICKS]]
    return _typed_step(t, draft, "name", "dns-name-title", rows, warning)


def content_step(t: Translator, draft: Mapping[str, Any], warning: str | None = None) -> Screen:
    return _typed_step(t, draft, "content", "dns-content-title", [], warning)


def priority_step(t: Translator, draft: Mapping[str, Any], warning: str | None = None) -> Screen:
    rows = [[DRAFT.pick(STEP_PRIORITY, p, str(p)) for p in PRIORITY_PICKS]]
    return _typed_step(t, draft, "priority", "dns-priority-title", rows, warning)


def ttl_step(t: Translator, draft: Mapping[str, Any], warning: str | None = None) -> Screen:
    buttons = [DRAFT.pick(STEP_TTL, ttl, ttl_text(t, ttl)) for ttl in TTL_PICKS]
    return _typed_step(t, draft, "ttl", "dns-ttl-title", [buttons[:3], buttons[3:]], warning)


def proxied_step(t: Translator, draft: Mapping[str, Any]) -> Screen:
    rows = [
        [DRAFT.pick(STEP_PROXIED, True, t.get("dns-proxied-on"))],
        [DRAFT.pick(STEP_PROXIED, False, t.get("dns-proxied-off"))],
    ]
    return _draft_text(t, draft, t.get("dns-proxied-title"), None), DRAFT.keyboard(rows, t)
