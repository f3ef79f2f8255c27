"""Keyboard builders for menus: main menu, Back, a yes/no(/back) piece, the language picker."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import SUPPORTED_LOCALES
from bot.ui.callbacks import KeyCallback, KeyOp, LangCallback, MenuCallback, Section
from bot.ui.paging import Translator, checked

# Literal message ids per section (dynamic keys are listed here so the locale test sees them).
SECTION_BUTTON_KEYS: dict[Section, str] = {
    Section.HOME: "menu-button-home",
    Section.NUMBERS: "menu-button-numbers",
    Section.PROXIES: "menu-button-proxies",
    Section.DOMAINS: "menu-button-domains",
    Section.SITES: "menu-button-sites",
    Section.NOTIFICATIONS: "menu-button-notifications",
    Section.KEYS: "menu-button-keys",
    Section.SETTINGS: "menu-button-settings",
    Section.ACCOUNT: "menu-button-account",
}
LANGUAGE_NAME_KEYS: dict[str, str] = {"en": "language-name-en", "ru": "language-name-ru"}

_MAIN_ROWS: tuple[tuple[Section, ...], ...] = (
    (Section.NUMBERS, Section.PROXIES),
    (Section.DOMAINS, Section.SITES),
    (Section.NOTIFICATIONS, Section.KEYS),
    (Section.ACCOUNT, Section.SETTINGS),
)


def section_button(t: Translator, section: Section) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get(SECTION_BUTTON_KEYS[section]),
        callback_data=MenuCallback(section=section.value).pack(),
    )


def connect_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("keys-button-connect"), callback_data=KeyCallback(op=KeyOp.CONNECT).pack()
    )


def back_button(t: Translator, to: Section = Section.HOME) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("menu-back"), callback_data=MenuCallback(section=to.value).pack()
    )


def back_keyboard(t: Translator, to: Section = Section.HOME) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[back_button(t, to)]])


def demo_key_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("keys-button-demo"), callback_data=KeyCallback(op=KeyOp.DEMO).pack()
    )


def main_menu(t: Translator, *, has_key: bool, demo: bool = False) -> InlineKeyboardMarkup:
    rows = [] if has_key else [[connect_button(t)]]
    if demo and not has_key:
        rows.append([demo_key_button(t)])
    rows.extend([section_button(t, s) for s in row] for row in _MAIN_ROWS)
    return checked(InlineKeyboardMarkup(inline_keyboard=rows))


def yes_no_row(
    t: Translator, yes_data: str, no_data: str, *, yes_key: str = "common-yes"
) -> list[InlineKeyboardButton]:
    """The generic confirm piece: [Yes] [No]; `yes_key` names a more specific Yes label."""
    return [
        InlineKeyboardButton(text=t.get(yes_key), callback_data=yes_data),
        InlineKeyboardButton(text=t.get("common-no"), callback_data=no_data),
    ]


def yes_no_back(
    t: Translator,
    yes_data: str,
    no_data: str,
    *,
    yes_key: str = "common-yes",
    back: Section | None = None,
) -> InlineKeyboardMarkup:
    rows = [yes_no_row(t, yes_data, no_data, yes_key=yes_key)]
    if back is not None:
        rows.append([back_button(t, back)])
    return checked(InlineKeyboardMarkup(inline_keyboard=rows))


def need_key_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[connect_button(t)], [back_button(t)]])


def language_row(t: Translator, current: str) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=("• " if locale == current else "") + t.get(LANGUAGE_NAME_KEYS[locale]),
            callback_data=LangCallback(locale=locale).pack(),
        )
        for locale in SUPPORTED_LOCALES
    ]


def language_keyboard(
    t: Translator, current: str, back: Section = Section.SETTINGS
) -> InlineKeyboardMarkup:
    rows = [language_row(t, current), [back_button(t, back)]]
    return checked(InlineKeyboardMarkup(inline_keyboard=rows))
