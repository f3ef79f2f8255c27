"""The one error router: any exception a handler lets through becomes a localized answer.

aiogram propagates the "error" event from the dispatcher through every router, so this router's
handler sees failures from all features. piv.day errors and transport failures get their own
lines; anything else gets an apology with a short reference id that is logged with the
traceback (the traceback never goes to chat). Callback queries are answered so no spinner hangs.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext

from bot.features import Feature
from bot.routing import Blueprint
from bot.services.errors import error_code_of, is_expected, new_reference
from bot.ui.errors import error_text

routes = Blueprint(__name__)
log = logging.getLogger(__name__)


@routes.errors()
async def on_error(event: ErrorEvent, bot: Bot, i18n: I18nContext | None = None) -> bool:
    exc, update = event.exception, event.update
    user = getattr(update.callback_query or update.message, "from_user", None)
    user_id = user.id if user is not None else None
    reference = None
    if is_expected(exc):
        log.info(
            "piv.day failure code=%s update_id=%s user_id=%s",
            error_code_of(exc),
            update.update_id,
            user_id,
        )
    else:
        reference = new_reference()
        log.error(
            "unhandled error ref=%s update_id=%s user_id=%s",
            reference,
            update.update_id,
            user_id,
            exc_info=exc,
        )
    t = i18n if i18n is not None else I18nContext.get_current(no_error=True)
    if t is None:  # the failure happened before the i18n middleware ran: log only
        return True
    text = error_text(t, exc, reference=reference)
    try:
        if update.callback_query is not None:
            query = update.callback_query
            with suppress(TelegramAPIError):  # the handler may have answered before failing
                await query.answer()
            chat_id = query.message.chat.id if query.message is not None else query.from_user.id
            await bot.send_message(chat_id, text)
        elif update.message is not None:
            await update.message.answer(text)
    except TelegramAPIError:
        log.warning("could not deliver the error answer update_id=%s", update.update_id)
    return True


feature = Feature("errors", routes.build)
