"""Pieces several feature routers share: the home screen and the balance behind it."""

from __future__ import annotations

import logging

from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.db.models import ApiKey
from bot.pivday import PivDayClient
from bot.pivday import errors as pe
from bot.pivday.models import Account
from bot.ui.format import balance_line, sandbox_banner
from bot.ui.keyboards import main_menu

log = logging.getLogger(__name__)


async def fetch_account(client: PivDayClient | None) -> Account | None:
    """The account behind the active key, or None when there is none or piv.day fails
    (a menu still renders without its balance line)."""
    if client is None:
        return None
    try:
        return await client.account.get()
    except pe.PivDayBaseError as exc:
        log.info("balance unavailable: %s", type(exc).__name__)
        return None


async def home_view(
    i18n: I18nContext,
    settings: Settings,
    active_key: ApiKey | None,
    pivday: PivDayClient | None,
    *,
    intro: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """Main menu: [sandbox banner], balance (or how to connect a key), [intro], the sections."""
    lines = sandbox_banner(i18n, settings.sandbox_mode)
    if active_key is not None:
        lines.append(balance_line(i18n, active_key, await fetch_account(pivday)))
    else:
        lines.append(i18n.get("menu-no-key"))
    lines.append("")
    lines.append(i18n.get("start-intro") if intro else i18n.get("menu-title"))
    return "\n".join(lines), main_menu(
        i18n, has_key=active_key is not None, demo=settings.sandbox_demo_key is not None
    )
