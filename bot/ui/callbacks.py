"""Typed callback data for menus and keys. Ids only, never secrets or prices; each ≤ 64 bytes."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class Section(StrEnum):
    HOME = "home"
    NUMBERS = "numbers"
    PROXIES = "proxies"
    DOMAINS = "domains"
    SITES = "sites"
    NOTIFICATIONS = "notifications"
    KEYS = "keys"
    SETTINGS = "settings"
    ACCOUNT = "account"


class MenuCallback(CallbackData, prefix="m"):
    """Open a section of the main menu (the message is edited in place)."""

    section: str


class KeyOp(StrEnum):
    CONNECT = "connect"
    SHOW = "show"  # one key's card
    USE = "use"  # make active
    RENAME = "rename"
    REMOVE = "remove"  # asks for confirmation
    REMOVE_YES = "rm_yes"
    DEMO = "demo"  # connect the sandbox's play-money key (sandbox mode only)


class KeyCallback(CallbackData, prefix="k"):
    op: KeyOp
    key_id: int = 0


class LangCallback(CallbackData, prefix="lang"):
    locale: str


ALL_CALLBACKS: tuple[type[CallbackData], ...] = (MenuCallback, KeyCallback, LangCallback)
