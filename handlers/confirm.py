"""Confirm / Cancel on a confirmation card, for every paid action.

Order on Confirm: atomic claim (one DB UPDATE) → answer the callback query → card shows
"processing…" → the single API call → card shows the result → the action's follow-up, if it
declares one (e.g. a live job that follows the queue the call started, on the same message).
Everyone who didn't win the claim (other users, repeated taps, other instances) gets an alert
and nothing else happens.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, F
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.crypto import KeyRing
from bot.db.models import ApiKey
from bot.features import Catalog, Feature
from bot.pivday import ClientPool
from bot.routing import Blueprint
from bot.services.confirmations import (
    Card,
    ClaimStatus,
    ConfirmationService,
    Paid,
    Quote,
    RunStatus,
)
from bot.ui.confirm import (
    ConfirmCallback,
    ConfirmOp,
    after_keyboard,
    card_keyboard,
    card_text,
    closed_text,
    invalid_button,
    processing_text,
    refusal,
    result_text,
)
from bot.ui.format import sandbox_banner
from bot.ui.wizard import show

routes = Blueprint(__name__)
log = logging.getLogger(__name__)


def _money_banner(i18n: I18nContext, settings: Settings, text: str) -> str:
    """In sandbox mode every card that talks money says first that the money is not real."""
    return "\n".join([*sandbox_banner(i18n, settings.sandbox_mode), text])


def _service(session: AsyncSession, settings: Settings, catalog: Catalog) -> ConfirmationService:
    return ConfirmationService(
        session, registry=catalog.actions, ttl_seconds=settings.confirmation_ttl_seconds
    )


async def offer(
    target: CallbackQuery | Message,
    quote: Quote,
    *,
    api_key_id: int,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
) -> Card:
    """Store a confirmation for `quote` and show its card in the chat `target` came from; only
    the user who sent `target` may press it. What every paid flow calls at its last step."""
    assert target.from_user is not None  # updates without a user never reach a paid flow
    chat = target.chat if isinstance(target, Message) else target.message and target.message.chat
    service = _service(session, settings, catalog)
    card = await service.create(
        quote,
        owner_id=target.from_user.id,
        chat_id=chat.id if chat is not None else target.from_user.id,
        api_key_id=api_key_id,
    )
    view = catalog.views.view(card.action)
    text = _money_banner(i18n, settings, card_text(i18n, card, view))
    message_id = await show(target, text, card_keyboard(i18n, card, view))
    if message_id is not None:
        await service.attach_message(card.nonce, message_id)
    return card


@dataclass(frozen=True, slots=True)
class Offer:
    """`offer()` bound to this update (language, session, settings, features, active key): what
    a paid flow's last step receives as `offer` and calls with the target and the quote."""

    i18n: I18nContext
    session: AsyncSession
    settings: Settings
    catalog: Catalog
    active_key: ApiKey | None

    async def __call__(self, target: CallbackQuery | Message, quote: Quote) -> Card:
        assert self.active_key is not None  # paid flows run under NEEDS_KEY
        return await offer(
            target,
            quote,
            api_key_id=self.active_key.id,
            i18n=self.i18n,
            session=self.session,
            settings=self.settings,
            catalog=self.catalog,
        )


class OfferMiddleware(BaseMiddleware):
    """Puts `offer` in every update's data (after the account middleware: it needs the key)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["offer"] = Offer(
            data["i18n"], data["session"], data["settings"], data["catalog"], data["active_key"]
        )
        return await handler(event, data)


@routes.callback_query(ConfirmCallback.filter(F.action == ConfirmOp.OK))
async def on_confirm(
    query: CallbackQuery,
    callback_data: ConfirmCallback,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    key_ring: KeyRing,
    pivday_pool: ClientPool,
    catalog: Catalog,
) -> None:
    service = _service(session, settings, catalog)
    claim = await service.claim(callback_data.nonce, query.from_user.id)
    if claim.status is not ClaimStatus.CLAIMED or claim.card is None:
        await query.answer(refusal(i18n, claim.status), show_alert=True)
        if claim.status is ClaimStatus.EXPIRED and claim.card is not None:
            view = catalog.views.view(claim.card.action)
            await show(query, closed_text(i18n, claim.card, claim.status, view))
        return
    view = catalog.views.view(claim.card.action)
    await query.answer(i18n.get("confirm-alert-processing"))
    await show(query, _money_banner(i18n, settings, processing_text(i18n, claim.card, view)))
    run = await service.run(claim, lambda: service.client_for(claim, key_ring, pivday_pool))
    result = _money_banner(i18n, settings, result_text(i18n, run, view))
    message_id = await show(query, result, after_keyboard(i18n, view, run.result))
    follow_up = catalog.follow_ups.get(claim.card.action)
    if follow_up is not None and run.status is RunStatus.DONE and run.result is not None:
        chat = query.message.chat.id if query.message is not None else query.from_user.id
        paid = Paid(
            session, claim.card, run.result, claim.api_key_id, chat, message_id, i18n.locale
        )
        try:
            await follow_up(paid)
        except Exception:  # the purchase is done and shown: a failed follow-up is only logged
            log.exception("follow-up failed action=%s", claim.card.action)


@routes.callback_query(ConfirmCallback.filter(F.action == ConfirmOp.NO))
async def on_cancel(
    query: CallbackQuery,
    callback_data: ConfirmCallback,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    catalog: Catalog,
) -> None:
    service = _service(session, settings, catalog)
    outcome = await service.cancel(callback_data.nonce, query.from_user.id)
    if outcome.status is not ClaimStatus.CANCELLED or outcome.card is None:
        await query.answer(refusal(i18n, outcome.status), show_alert=True)
        return
    await query.answer()
    view = catalog.views.view(outcome.card.action)
    text = closed_text(i18n, outcome.card, outcome.status, view)
    await show(query, text, after_keyboard(i18n, view))


@routes.callback_query(F.data.startswith(f"{ConfirmCallback.__prefix__}:"))
async def on_garbled(query: CallbackQuery, i18n: I18nContext) -> None:
    """Callback data with our prefix that doesn't parse (forged or from an old bot version)."""
    await query.answer(invalid_button(i18n), show_alert=True)


feature = Feature("confirm", routes.build)
