"""🔔 Notifications: the event URL screen, private-chat choices, and the group binding texts."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from html import escape
from urllib.parse import urlsplit

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import ApiKey, ChatBinding
from bot.services.notifications import CHOOSABLE, Filters, Mode, TestResult
from bot.ui.format import key_name
from bot.ui.keyboards import back_button
from bot.ui.paging import MAX_BUTTONS, Translator, checked

# Literal message ids per event type people choose from (bot.services.notifications.CHOOSABLE).
EVENT_TYPE_KEYS: dict[str, str] = {
    "sms.received": "notifications-type-sms",
    "verify.completed": "notifications-type-verify-done",
    "verify.failed": "notifications-type-verify-failed",
    "sms.status_updated": "notifications-type-sms-status",
    "number.restore_completed": "notifications-type-restore",
    "number.expires_soon": "notifications-type-number-expires",
    "proxy.expires_soon": "notifications-type-proxy-expires",
    "domain.expires_soon": "notifications-type-domain-expires",
    "domain.registered": "notifications-type-domain-registered",
    "domain.failed": "notifications-type-domain-failed",
    "white.completed": "notifications-type-white-done",
    "white.failed": "notifications-type-white-failed",
    "other": "notifications-type-other",
}
MODE_MARKS: dict[Mode, str] = {Mode.ON: "✅", Mode.OFF: "🚫", Mode.FAILURES: "⚠️"}
MODE_KEYS: dict[Mode, str] = {
    Mode.ON: "notifications-mode-on",
    Mode.OFF: "notifications-mode-off",
    Mode.FAILURES: "notifications-mode-failures",
}


class NotifyOp(StrEnum):
    HOME = "home"
    REGEN = "regen"  # asks first: the old URL stops working
    REGEN_YES = "regen_yes"
    TEST = "test"
    PREFS = "prefs"
    PREF = "pref"  # cycle one type (index into CHOOSABLE)


class NotifyCallback(CallbackData, prefix="nt"):
    op: NotifyOp
    index: int = 0


class BindCallback(CallbackData, prefix="bd"):
    """Cycle one event type (index into CHOOSABLE) of one group binding."""

    binding_id: int
    index: int


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _toggle_rows(
    t: Translator,
    filters: Filters,
    data: type[CallbackData],
    prefix: str = "",
    **fields: int | NotifyOp,
) -> list[list[InlineKeyboardButton]]:
    """Two per row: ✅ SMS codes · 🚫 Domain registered …; a press cycles that type."""
    buttons = [
        _button(
            f"{prefix}{MODE_MARKS[filters.mode(kind)]} {t.get(EVENT_TYPE_KEYS[kind])}",
            data(index=index, **fields),
        )
        for index, kind in enumerate(CHOOSABLE)
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def filters_summary(t: Translator, filters: Filters) -> str:
    off = [t.get(EVENT_TYPE_KEYS[k]) for k in CHOOSABLE if filters.mode(k) is Mode.OFF]
    status = t.get(MODE_KEYS[filters.mode("sms.status_updated")])
    text = t.get("notifications-summary-status", mode=status)
    if off:
        return text + "\n" + t.get("notifications-summary-off", types=", ".join(off))
    return text + "\n" + t.get("notifications-summary-all")


# --- private: the Notifications screen ----------------------------------------------------


def notifications_screen(
    t: Translator,
    *,
    key: ApiKey,
    url: str | None,
    sandbox: bool,
    filters: Filters,
    groups: Sequence[ChatBinding],
    note: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("notifications-title", key=key_name(key)), ""]
    if note:
        lines += [note, ""]
    if sandbox:
        lines.append(t.get("notifications-sandbox"))
    elif url is None:
        lines.append(t.get("notifications-no-public-url"))
    else:
        lines.append(t.get("notifications-url", url=escape(url), mask=escape(key.mask)))
    lines += ["", t.get("notifications-private-title"), filters_summary(t, filters), ""]
    if groups:
        names = ", ".join(_group_name(t, g) for g in groups)
        lines.append(t.get("notifications-groups", count=len(groups), groups=names))
    else:
        lines.append(t.get("notifications-no-groups"))
    rows: list[list[InlineKeyboardButton]] = []
    if url is not None:
        rows.append([_button(t.get("notifications-test-button"), NotifyCallback(op=NotifyOp.TEST))])
        if not sandbox:
            regen = NotifyCallback(op=NotifyOp.REGEN)
            rows.append([_button(t.get("notifications-regen-button"), regen)])
    rows.append([_button(t.get("notifications-prefs-button"), NotifyCallback(op=NotifyOp.PREFS))])
    rows.append([back_button(t)])
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def _group_name(t: Translator, binding: ChatBinding) -> str:
    name = escape(binding.chat_title) if binding.chat_title else t.get("notifications-a-group")
    return name + (t.get("notifications-topic") if binding.thread_id else "")


def regen_confirm(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [
            _button(t.get("notifications-regen-yes"), NotifyCallback(op=NotifyOp.REGEN_YES)),
            _button(t.get("common-no"), NotifyCallback(op=NotifyOp.HOME)),
        ]
    ]
    return t.get("notifications-regen-ask"), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def regenerated(t: Translator) -> str:
    return t.get("notifications-regen-done")


def test_result(t: Translator, url: str, result: TestResult) -> str:
    host = escape(urlsplit(url).netloc or url)
    if result.ok:
        return t.get("notifications-test-ok", host=host, status=result.status or 0, ms=result.ms)
    if result.status is not None:
        return t.get("notifications-test-refused", host=host, status=result.status)
    return t.get("notifications-test-unreachable", host=host, error=escape(result.error or "-"))


def prefs_screen(t: Translator, filters: Filters) -> tuple[str, InlineKeyboardMarkup]:
    rows = _toggle_rows(t, filters, NotifyCallback, op=NotifyOp.PREF)
    rows.append([_button(t.get("menu-back"), NotifyCallback(op=NotifyOp.HOME))])
    text = t.get("notifications-prefs-title")
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


# --- groups ---------------------------------------------------------------------------------

# Bindings one /binding message can show with all their toggles (≤ 100 buttons).
BINDINGS_PER_MESSAGE = MAX_BUTTONS // (len(CHOOSABLE) + 1)


def bound_text(t: Translator, key: ApiKey, *, topic: bool) -> str:
    where = t.get("bind-where-topic") if topic else t.get("bind-where-group")
    return t.get("bind-done", key=key_name(key), where=where)


def binding_screen(
    t: Translator, bound: Sequence[tuple[ChatBinding, ApiKey]]
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not bound:
        return t.get("binding-none"), None
    lines = [t.get("binding-title")]
    rows: list[list[InlineKeyboardButton]] = []
    shown = bound[:BINDINGS_PER_MESSAGE]
    for number, (binding, key) in enumerate(shown, start=1):
        # With several keys bound here, "2." marks the second key's line and its toggles.
        prefix = f"{number}. " if len(shown) > 1 else ""
        lines.append(prefix + t.get("binding-key", key=key_name(key)))
        filters = Filters(dict(binding.filters))
        rows += _toggle_rows(t, filters, BindCallback, prefix=prefix, binding_id=binding.id)
    lines.append(t.get("binding-hint"))
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def unbound_text(t: Translator, keys: Sequence[ApiKey]) -> str:
    if not keys:
        return t.get("unbind-nothing")
    return t.get("unbind-done", keys=", ".join(key_name(k) for k in keys))


def binding_disabled(t: Translator, binding: ChatBinding, key: ApiKey) -> str:
    """Told in private: the group blocked or removed the bot."""
    return t.get("binding-disabled", group=_group_name(t, binding), key=key_name(key))
