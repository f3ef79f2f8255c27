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


class Kind(StrEnum):
    """The piv.day objects other features (event messages, reminders) link to."""

    NUMBER = "n"
    PROXY = "p"  # a proxy order
    DOMAIN = "d"
    SITE = "s"  # a white (generated site) job


class OpenCallback(CallbackData, prefix="o"):
    """Open one object's card (its feature handles its own kind). `id` is piv.day's id."""

    kind: Kind
    id: str


class RenewCallback(CallbackData, prefix="rn"):
    """Start renewing one object: its feature asks what it needs, then shows the
    confirmation card. Used by expiry warnings and event messages."""

    kind: Kind
    id: str


ALL_CALLBACKS: tuple[type[CallbackData], ...] = (
    MenuCallback,
    KeyCallback,
    LangCallback,
    OpenCallback,
    RenewCallback,
)
