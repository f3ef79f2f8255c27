"""What the bot tells people about notifications outside any update (no handler involved)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events.outbox import Outbox, Outgoing
from bot.i18n import LocaleTranslator, user_locale
from bot.services.notifications import BindingService, locales_of
from bot.ui.notifications import binding_disabled

log = logging.getLogger(__name__)


async def chat_gone(session: AsyncSession, chat_id: int, core: BaseCore[Any], reason: str) -> int:
    """The bot can no longer post in `chat_id` (blocked, removed, 403): what was queued there is
    dropped and, for a group, its bindings are switched off and each key's owner is told in
    private, in one transaction. Returns how many bindings were switched off."""
    service = BindingService(session)
    found = await service.in_chat(chat_id)
    owners = await locales_of(session, [bound.key.owner_id for bound in found])
    notices = []
    for bound in found:
        owner = bound.key.owner_id
        t = LocaleTranslator(core, user_locale(owners.get(owner), core.default_locale))
        notices.append(Outgoing(chat_id=owner, text=binding_disabled(t, bound.binding, bound.key)))
    outbox = Outbox(session)
    outbox.add(notices)
    await outbox.fail_chat(chat_id, reason)  # commits the notices too
    await service.disable(found)
    if found:
        log.info("bindings switched off chat_id=%s count=%s", chat_id, len(found))
    return len(found)
