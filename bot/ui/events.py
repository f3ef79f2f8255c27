"""Event messages: one view per piv.day event type (and the bot's own reminder and self-check),
plus a generic one for types the bot does not know. Everything piv.day or a user supplied is
escaped and clipped, so a message stays under Telegram's 4096 characters whatever arrives.

Paid or private-chat buttons (Renew, Open, Download) appear only in private chats: in a group,
members read codes but never buy. A code always gets a copy button.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday import webhooks as wh
from bot.services.codes import extract_code
from bot.services.notifications import NUMBER_EXPIRES, TEST_EVENT, sms_failed
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback
from bot.ui.format import clip as format_clip
from bot.ui.format import money, place
from bot.ui.paging import MAX_CALLBACK_BYTES, Translator, checked

MAX_TEXT = 4096
SMS_TEXT_MAX = 2500
LONG_MAX = 600  # error messages, captured SMS
NAME_MAX = 120  # names, ids, numbers
LIST_MAX = 25  # numbers listed per restore outcome
GENERIC_LINES = 30


@dataclass(frozen=True, slots=True)
class NumberInfo:
    """What piv.day said about the number an event names (looked up; may be missing)."""

    phone_number: str | None = None
    custom_name: str | None = None


@dataclass(frozen=True, slots=True)
class EventContext:
    """Who reads it and what the router knows besides the payload."""

    in_group: bool = False
    number: NumberInfo | None = None
    key_label: str | None = None  # "personal · …a1b2" (already escaped)
    sandbox: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict)  # the body as received


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    code: str | None = None  # a one-time code is shown (groups may delete it later)


def clip(value: object, limit: int) -> str:
    """Any value (an id may come as a number, a name as None) escaped and cut to `limit`."""
    return format_clip("" if value is None else str(value), limit)


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def _button(text: str, data: CallbackData) -> InlineKeyboardButton | None:
    """None for an id the button cannot carry (over 64 bytes, or with the separator in it):
    the message goes without that button rather than not at all."""
    try:
        packed = data.pack()
    except ValueError:
        return None
    if len(packed.encode()) > MAX_CALLBACK_BYTES:
        return None
    return InlineKeyboardButton(text=text, callback_data=packed)


def _copy(t: Translator, code: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("events-copy-code", code=code), copy_text=CopyTextButton(text=code)
    )


def _markup(*buttons: InlineKeyboardButton | None) -> InlineKeyboardMarkup | None:
    row = [b for b in buttons if b is not None]
    return checked(InlineKeyboardMarkup(inline_keyboard=[row])) if row else None


def _private(
    ctx: EventContext, t: Translator, key: str, data: CallbackData
) -> InlineKeyboardButton | None:
    return None if ctx.in_group else _button(t.get(key), data)


def _number(t: Translator, ctx: EventContext, piv_num_id: str) -> str:
    """+46764794425 · Office line; the id when piv.day could not be asked."""
    info = ctx.number or NumberInfo()
    shown = f"<code>{clip(info.phone_number or piv_num_id, NAME_MAX)}</code>"
    if info.custom_name:
        shown += f" · {clip(info.custom_name, NAME_MAX)}"
    return shown


def _quote(text: str | None, limit: int) -> str:
    return f"<blockquote>{clip(text, limit)}</blockquote>" if text else ""


def _code_line(t: Translator, code: str | None) -> str:
    return t.get("events-code", code=escape(code)) if code else ""


def _sender(ctx: EventContext) -> str | None:
    """piv.day's payload names no sender today; show one if it ever does."""
    data = ctx.raw.get("data")
    data = data if isinstance(data, Mapping) else {}
    value = data.get("from") or data.get("from_number") or data.get("sender")
    return str(value) if value else None


# --- one view per type -------------------------------------------------------------------


def _sms_received(t: Translator, e: wh.SmsReceivedEvent, ctx: EventContext) -> Rendered:
    d = e.data
    code = extract_code(d.text) or d.code
    sender = _sender(ctx)
    lines = [t.get("events-sms-title", number=_number(t, ctx, d.piv_num_id))]
    if sender:
        lines.append(t.get("events-sms-from", sender=clip(sender, NAME_MAX)))
    lines += [_quote(d.text, SMS_TEXT_MAX), _code_line(t, code)]
    markup = _markup(
        _copy(t, code) if code else None,
        _private(ctx, t, "events-open-number", OpenCallback(kind=Kind.NUMBER, id=d.piv_num_id)),
    )
    return Rendered("\n".join(lines), markup, code)


def _verify_completed(t: Translator, e: wh.VerifyCompletedEvent, ctx: EventContext) -> Rendered:
    d = e.data
    code = extract_code(d.captured_message or "")
    lines = [
        t.get("events-verify-done-title", number=_number(t, ctx, d.piv_num_id)),
        _code_line(t, code),
        _quote(d.captured_message, LONG_MAX),
    ]
    if d.captured_phone:
        lines.append(t.get("events-verify-phone", phone=clip(d.captured_phone, NAME_MAX)))
    markup = _markup(
        _copy(t, code) if code else None,
        _private(ctx, t, "events-open-number", OpenCallback(kind=Kind.NUMBER, id=d.piv_num_id)),
    )
    return Rendered("\n".join(lines), markup, code)


def _verify_failed(t: Translator, e: wh.VerifyFailedEvent, ctx: EventContext) -> Rendered:
    d = e.data
    lines = [
        t.get("events-verify-failed-title", number=_number(t, ctx, d.piv_num_id)),
        _reason(t, d.error_message, d.error_code),
        t.get("events-refunded"),
    ]
    return Rendered("\n".join(lines))


def _reason(t: Translator, message: str | None, code: str | None = None) -> str:
    text = clip(message or code or "-", LONG_MAX)
    if code and message:
        text += f" (<code>{clip(code, NAME_MAX)}</code>)"
    return t.get("events-reason", reason=text)


def _sms_status(t: Translator, e: wh.SmsStatusUpdatedEvent, ctx: EventContext) -> Rendered:
    d = e.data
    failed = sms_failed(d.new_status, d.error_code)
    key = "events-sms-failed-title" if failed else "events-sms-status-title"
    lines = [
        t.get(key, number=_number(t, ctx, d.piv_num_id), message=clip(d.message_id, NAME_MAX)),
        t.get(
            "events-sms-status-change",
            old=clip(d.old_status or "-", NAME_MAX),
            new=clip(d.new_status, NAME_MAX),
        ),
    ]
    if failed:
        lines.append(_reason(t, d.error_message, d.error_code))
    return Rendered("\n".join(lines))


def _listed(t: Translator, items: list[wh.RestoredNumber], refunds: bool) -> list[str]:
    lines = []
    for item in items[:LIST_MAX]:
        line = f"• <code>{clip(item.phone_number or item.piv_num_id, NAME_MAX)}</code>"
        if item.country:
            line += f" {place(t, item.country[:2])}"
        refunded = getattr(item, "refunded", None)
        if refunds and isinstance(refunded, Decimal):
            line += f" — {money(refunded)}"
        lines.append(line)
    if len(items) > LIST_MAX:
        lines.append(t.get("events-more", count=len(items) - LIST_MAX))
    return lines


def _restore(t: Translator, e: wh.NumberRestoreCompletedEvent, _ctx: EventContext) -> Rendered:
    d = e.data
    restored = d.total_restored or len(d.restored)
    failed = d.total_failed or len(d.failed)
    lines = [t.get("events-restore-title", restored=restored, failed=failed)]
    if d.restored:
        lines += [t.get("events-restore-restored"), *_listed(t, list(d.restored), False)]
    if d.failed:
        lines += [t.get("events-restore-failed"), *_listed(t, list(d.failed), True)]
    if d.total_refunded:
        lines.append(t.get("events-restore-refunded", amount=money(d.total_refunded)))
    return Rendered("\n".join(lines))


def _number_expires(t: Translator, e: wh.Event, ctx: EventContext) -> Rendered:
    data = e.data if isinstance(e.data, Mapping) else {}
    piv_num_id = str(data.get("piv_num_id", ""))
    ctx = replace(ctx, number=NumberInfo(data.get("phone_number"), data.get("custom_name")))
    expires = _parse_time(data.get("expires_at"))
    lines = [
        t.get(
            "events-number-expires-title",
            days=int(data.get("threshold_days", 0) or 0),
            number=_number(t, ctx, piv_num_id),
        ),
        t.get("events-expires-at", when=when(expires)),
        t.get("events-number-expires-renew"),
    ]
    markup = _markup(
        _private(ctx, t, "events-renew", RenewCallback(kind=Kind.NUMBER, id=piv_num_id))
    )
    return Rendered("\n".join(lines), markup)


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _proxy_expires(t: Translator, e: wh.ProxyExpiresSoonEvent, ctx: EventContext) -> Rendered:
    d = e.data
    lines = [
        t.get("events-proxy-expires-title", order=clip(d.order_id, NAME_MAX)),
        t.get(
            "events-proxy-what",
            place=place(t, d.country[:2]) if d.country else "-",
            quantity=d.quantity or 0,
        ),
        t.get("events-expires-at", when=when(d.expires_at)),
    ]
    markup = _markup(
        _private(ctx, t, "events-renew", RenewCallback(kind=Kind.PROXY, id=d.order_id))
    )
    return Rendered("\n".join(lines), markup)


def _domain_expires(t: Translator, e: wh.DomainExpiresSoonEvent, ctx: EventContext) -> Rendered:
    d = e.data
    lines = [
        t.get("events-domain-expires-title", domain=clip(d.domain_name, NAME_MAX)),
        t.get("events-expires-at", when=when(d.expires_at)),
        t.get("events-domain-auto-renew-on" if d.auto_renew else "events-domain-auto-renew-off"),
    ]
    renew = None
    if not d.auto_renew:
        renew = _private(ctx, t, "events-renew", RenewCallback(kind=Kind.DOMAIN, id=d.domain_id))
    return Rendered("\n".join(lines), _markup(renew))


def _domain_registered(t: Translator, e: wh.DomainRegisteredEvent, ctx: EventContext) -> Rendered:
    d = e.data
    cloudflare = "on" if d.cloudflare_enabled else "off"
    lines = [
        t.get("events-domain-registered-title", domain=clip(d.domain_name, NAME_MAX)),
        t.get("events-domain-until", when=when(d.expires_at), cloudflare=cloudflare),
        t.get("events-domain-registered-next"),
    ]
    markup = _markup(
        _private(ctx, t, "events-open-domain", OpenCallback(kind=Kind.DOMAIN, id=d.domain_id))
    )
    return Rendered("\n".join(lines), markup)


def _domain_failed(t: Translator, e: wh.DomainFailedEvent, _ctx: EventContext) -> Rendered:
    d = e.data
    lines = [
        t.get("events-domain-failed-title", domain=clip(d.domain_name, NAME_MAX)),
        _reason(t, d.error),
        t.get("events-domain-failed-next"),
    ]
    return Rendered("\n".join(lines))


def _white_completed(t: Translator, e: wh.WhiteCompletedEvent, ctx: EventContext) -> Rendered:
    d = e.data
    details = [clip(d.name or d.job_id, NAME_MAX)]
    if d.tier:
        details.append(clip(d.tier, NAME_MAX))
    if d.country:
        details.append(place(t, d.country[:2]))
    lines = [
        t.get("events-white-completed-title", white=" · ".join(details)),
        t.get("events-white-completed-next"),
    ]
    markup = _markup(_private(ctx, t, "events-download", OpenCallback(kind=Kind.SITE, id=d.job_id)))
    return Rendered("\n".join(lines), markup)


def _white_failed(t: Translator, e: wh.WhiteFailedEvent, _ctx: EventContext) -> Rendered:
    d = e.data
    lines = [
        t.get("events-white-failed-title", white=clip(d.name or d.job_id, NAME_MAX)),
        _reason(t, d.error),
        t.get("events-white-failed-next"),
    ]
    return Rendered("\n".join(lines))


def _test(t: Translator, _e: wh.Event, _ctx: EventContext) -> Rendered:
    return Rendered(t.get("events-test"))


def _flatten(value: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _flatten(inner, f"{prefix}[{index}]")
    else:
        yield prefix or "data", value


def generic(t: Translator, event_type: str, data: Any) -> Rendered:
    """Any event, readable: its type and its data as `key: value` lines."""
    lines = [t.get("events-generic-title", type=clip(event_type or "?", NAME_MAX))]
    pairs = list(_flatten(data))
    for key, value in pairs[:GENERIC_LINES]:
        lines.append(f"{clip(key, 60)}: <code>{clip(value, 90)}</code>")
    if len(pairs) > GENERIC_LINES:
        lines.append(t.get("events-more", count=len(pairs) - GENERIC_LINES))
    return Rendered("\n".join(lines))


View = Callable[[Translator, Any, EventContext], Rendered]

VIEWS: dict[str, View] = {
    "sms.received": _sms_received,
    "sms.status_updated": _sms_status,
    "number.restore_completed": _restore,
    "verify.completed": _verify_completed,
    "verify.failed": _verify_failed,
    "proxy.expires_soon": _proxy_expires,
    "domain.registered": _domain_registered,
    "domain.failed": _domain_failed,
    "domain.expires_soon": _domain_expires,
    "white.completed": _white_completed,
    "white.failed": _white_failed,
    NUMBER_EXPIRES: _number_expires,
    TEST_EVENT: _test,
}


def render_event(t: Translator, event: wh.Event, ctx: EventContext) -> Rendered:
    """The message for `event` in `t`'s language; an unknown type in the generic form."""
    view = VIEWS.get(event.event_type)
    rendered = view(t, event, ctx) if view is not None else generic(t, event.event_type, event.data)
    return _finish(t, rendered, ctx)


def render_raw(t: Translator, event_type: str, data: Any, ctx: EventContext) -> Rendered:
    """The generic form whatever the type (a body that does not match its type)."""
    return _finish(t, generic(t, event_type, data), ctx)


def _finish(t: Translator, rendered: Rendered, ctx: EventContext) -> Rendered:
    lines = [line for line in rendered.text.split("\n") if line]
    footer = []
    if ctx.key_label:
        footer.append(t.get("events-key", key=ctx.key_label))
    if ctx.sandbox:
        footer.append(t.get("events-sandbox"))
    if footer:
        lines.append(" · ".join(footer))
    text = "\n".join(lines)
    if len(text) > MAX_TEXT:  # cannot happen with the clips above; a last line of defence
        text = clip(text, MAX_TEXT)
    return Rendered(text, rendered.markup, rendered.code)
