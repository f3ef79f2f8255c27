"""Texts and keyboards of the Keys section. Labels are user-typed: escaped in HTML text, raw on
buttons (button text is not parsed)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import ApiKey
from bot.pivday.models import Account
from bot.services.keys import KeyRejection
from bot.ui.callbacks import KeyCallback, KeyOp, Section
from bot.ui.format import key_name, money, sandbox_banner
from bot.ui.keyboards import back_button, connect_button, section_button, yes_no_back
from bot.ui.paging import Translator, checked

View = tuple[str, InlineKeyboardMarkup]

REJECTION_KEYS: dict[KeyRejection, str] = {
    KeyRejection.MALFORMED: "keys-rejected-malformed",
    KeyRejection.UNAUTHORIZED: "keys-rejected-unauthorized",
    KeyRejection.MISSING_SCOPE: "keys-rejected-missing-scope",
    KeyRejection.UNREACHABLE: "keys-rejected-unreachable",
    KeyRejection.DUPLICATE: "keys-rejected-duplicate",
    KeyRejection.LIMIT: "keys-rejected-limit",
}
# After these the person may simply paste again; the others end the connect step.
RETRYABLE = frozenset(
    {KeyRejection.MALFORMED, KeyRejection.UNAUTHORIZED, KeyRejection.MISSING_SCOPE}
)


def _key_button(t: Translator, text_key: str, op: KeyOp, key_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get(text_key), callback_data=KeyCallback(op=op, key_id=key_id).pack()
    )


def ask_paste(t: Translator) -> View:
    return t.get("keys-ask-paste"), InlineKeyboardMarkup(
        inline_keyboard=[[back_button(t, Section.KEYS)]]
    )


def _after(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[section_button(t, Section.HOME), section_button(t, Section.KEYS)]]
    )


def rejected(t: Translator, reason: KeyRejection) -> View:
    markup = ask_paste(t)[1] if reason in RETRYABLE else _after(t)
    return t.get(REJECTION_KEYS[reason]), markup


def connected(t: Translator, key: ApiKey, account: Account, *, sandbox_mode: bool) -> View:
    text = t.get(
        "keys-connected",
        key=key_name(key),
        balance=money(account.balance),
        email=account.email or "-",
    )
    return "\n".join([*sandbox_banner(t, sandbox_mode), text]), _after(t)


def _row(t: Translator, key: ApiKey, active_id: int | None, *, html: bool) -> str:
    name = key_name(key) if html else f"{key.label} · {key.mask}"
    return t.get("keys-row-active" if key.id == active_id else "keys-row", key=name)


def key_list(
    t: Translator, keys: Sequence[ApiKey], active_id: int | None, notice: str | None = None
) -> View:
    lines = [notice, ""] if notice else []
    if keys:
        lines.append(t.get("keys-list-title"))
        lines.extend(_row(t, k, active_id, html=True) for k in keys)
    else:
        lines.append(t.get("keys-list-empty"))
    rows = [
        [
            InlineKeyboardButton(
                text=_row(t, k, active_id, html=False),
                callback_data=KeyCallback(op=KeyOp.SHOW, key_id=k.id).pack(),
            )
        ]
        for k in keys
    ]
    rows += [[connect_button(t)], [back_button(t)]]
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def key_card(t: Translator, key: ApiKey, *, active: bool) -> View:
    added = f"{key.created_at:%Y-%m-%d}" if key.created_at else "-"
    lines = [t.get("keys-card", key=key_name(key), email=key.email or "-", added=added)]
    rows = []
    if active:
        lines.append(t.get("keys-card-active"))
    else:
        rows.append([_key_button(t, "keys-button-use", KeyOp.USE, key.id)])
    rows.append([_key_button(t, "keys-button-rename", KeyOp.RENAME, key.id)])
    rows.append([_key_button(t, "keys-button-remove", KeyOp.REMOVE, key.id)])
    rows.append([back_button(t, Section.KEYS)])
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def rename_ask(t: Translator, key: ApiKey) -> View:
    back = _key_button(t, "menu-back", KeyOp.SHOW, key.id)
    return t.get("keys-rename-ask", key=key_name(key)), InlineKeyboardMarkup(
        inline_keyboard=[[back]]
    )


def remove_ask(t: Translator, key: ApiKey) -> View:
    markup = yes_no_back(
        t,
        KeyCallback(op=KeyOp.REMOVE_YES, key_id=key.id).pack(),
        KeyCallback(op=KeyOp.SHOW, key_id=key.id).pack(),
        yes_key="keys-button-remove-yes",
    )
    return t.get("keys-remove-confirm", key=key_name(key)), markup
