"""The confirmation card every paid action shows, and its result/refusal texts.

Each paid action declares an ActionView (how to state its parameters and its result); the card
frame (cost, balance now → after, shortfall, TTL, Confirm / Cancel) is the same for all of them.
The buttons carry only the nonce: price, ids and parameters stay server-side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import utcnow
from bot.services.confirmations import Card, ClaimStatus, RunResult, RunStatus
from bot.ui.errors import error_text
from bot.ui.format import money
from bot.ui.paging import Translator, checked


class ConfirmOp(StrEnum):
    OK = "ok"
    NO = "no"


class ConfirmCallback(CallbackData, prefix="cf"):
    action: ConfirmOp
    nonce: str


Describe = Callable[[Translator, Mapping[str, Any]], str]
Buttons = Callable[[Translator], list[list[InlineKeyboardButton]]]
ResultButtons = Callable[[Translator, Mapping[str, Any]], list[list[InlineKeyboardButton]]]


class Pricing(StrEnum):
    """How sure the quoted cost is. piv.day publishes exact prices for most calls, but not the
    restore multiplier, nor a Google verification's price; the card must not pretend."""

    EXACT = "exact"  # what piv.day will charge
    ESTIMATE = "estimate"  # our best figure; piv.day charges the exact amount
    UNKNOWN = "unknown"  # piv.day doesn't say in advance (the quote's cost is 0)


PricingOf = Callable[[Mapping[str, Any]], Pricing]


def _no_buttons(_t: Translator) -> list[list[InlineKeyboardButton]]:
    return []


def exact(_params: Mapping[str, Any]) -> Pricing:
    return Pricing.EXACT


def estimate(_params: Mapping[str, Any]) -> Pricing:
    return Pricing.ESTIMATE


def unknown(_params: Mapping[str, Any]) -> Pricing:
    return Pricing.UNKNOWN


@dataclass(frozen=True, slots=True)
class ActionView:
    title_key: str  # e.g. "numbers-buy-title"
    describe: Describe  # the exact parameters, one per line, HTML-escaped
    result: Describe  # the success text from the executor's result
    after: Buttons = field(default=_no_buttons)  # rows under the result or failure (Back…)
    # rows above `after` on success that need the result (open what was just bought…)
    links: ResultButtons | None = None
    pricing: PricingOf = field(default=exact)  # from the stored params


class ViewCatalog:
    """Action name → its view (declared with the action in its feature). An action without
    one still gets a readable card (its parameters as `key: value` lines): a declaration test
    keeps that from happening to a registered action."""

    def __init__(self, views: Mapping[str, ActionView] | None = None) -> None:
        self._views = dict(views or {})

    def __contains__(self, action: object) -> bool:
        return action in self._views

    def view(self, action: str) -> ActionView:
        return self._views.get(action, GENERIC_VIEW)


def _generic(_t: Translator, data: Mapping[str, Any]) -> str:
    return "\n".join(f"{escape(str(k))}: <code>{escape(str(v))}</code>" for k, v in data.items())


GENERIC_VIEW = ActionView("confirm-generic-title", _generic, _generic)


def _minutes_left(expires_at: datetime, now: datetime) -> int:
    return max(1, math.ceil((expires_at - now).total_seconds() / 60))


def _header(t: Translator, card: Card, view: ActionView) -> str:
    return f"<b>{t.get(view.title_key)}</b>\n{view.describe(t, card.params)}"


_COST_KEYS = {
    Pricing.EXACT: "confirm-cost",
    Pricing.ESTIMATE: "confirm-cost-estimate",
    Pricing.UNKNOWN: "confirm-cost-unknown",
}
_OK_KEYS = {
    Pricing.EXACT: "confirm-ok",
    Pricing.ESTIMATE: "confirm-ok-estimate",
    Pricing.UNKNOWN: "confirm-ok-unknown",
}


def _quoted(t: Translator, card: Card, view: ActionView) -> list[str]:
    """The action, its parameters, the cost and the balance now → after."""
    pricing = view.pricing(card.params)
    lines = [_header(t, card, view), "", t.get(_COST_KEYS[pricing], cost=money(card.cost))]
    if card.balance_before is None or card.balance_after is None:
        return lines
    if pricing is Pricing.UNKNOWN:
        lines.append(t.get("confirm-balance-now", balance=money(card.balance_before)))
    else:
        lines.append(
            t.get(
                "confirm-balance",
                before=money(card.balance_before),
                after=money(card.balance_after),
            )
        )
    return lines


def card_text(t: Translator, card: Card, view: ActionView, *, now: datetime | None = None) -> str:
    lines = _quoted(t, card, view)
    if card.shortfall is not None and view.pricing(card.params) is not Pricing.UNKNOWN:
        lines.append(t.get("confirm-short", missing=money(card.shortfall)))
    lines += ["", t.get("confirm-ttl", minutes=_minutes_left(card.expires_at, now or utcnow()))]
    return "\n".join(lines)


def expired_text(t: Translator, card: Card, view: ActionView) -> str:
    """What the sweep leaves on a card nobody confirmed in time (shown without buttons): the
    quote as it was, then "expired, nothing was charged". No TTL line and no top-up advice:
    neither applies any more."""
    return "\n".join([*_quoted(t, card, view), "", t.get("confirm-expired")])


def card_keyboard(
    t: Translator, card: Card, view: ActionView | None = None
) -> InlineKeyboardMarkup:
    # Confirm stays even when the quoted balance is short: piv.day has the final word (the
    # balance may have been topped up since), and its refusal moves no money.
    pricing = view.pricing(card.params) if view is not None else Pricing.EXACT
    return checked(
        InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=t.get(_OK_KEYS[pricing], cost=money(card.cost)),
                        callback_data=ConfirmCallback(action=ConfirmOp.OK, nonce=card.nonce).pack(),
                    ),
                    InlineKeyboardButton(
                        text=t.get("confirm-no"),
                        callback_data=ConfirmCallback(action=ConfirmOp.NO, nonce=card.nonce).pack(),
                    ),
                ]
            ]
        )
    )


def processing_text(t: Translator, card: Card, view: ActionView) -> str:
    return f"{_header(t, card, view)}\n\n{t.get('confirm-processing')}"


def result_text(t: Translator, run: RunResult, view: ActionView) -> str:
    if run.status is RunStatus.DONE and run.result is not None:
        return view.result(t, run.result)
    if run.status is RunStatus.UNRECORDED and run.result is not None:
        warning = t.get("confirm-unrecorded", ref=run.reference or "-")
        return f"{view.result(t, run.result)}\n\n{warning}"
    assert run.error is not None
    failure = error_text(t, run.error, reference=run.reference)
    return f"{_header(t, run.card, view)}\n\n{t.get('confirm-failed')}\n{failure}"


def after_keyboard(
    t: Translator, view: ActionView, result: Mapping[str, Any] | None = None
) -> InlineKeyboardMarkup | None:
    """`after`'s rows; on success (`result` given) the view's `links` first."""
    rows = view.after(t)
    if result is not None and view.links is not None:
        rows = [*view.links(t, result), *rows]
    return checked(InlineKeyboardMarkup(inline_keyboard=rows)) if rows else None


def closed_text(t: Translator, card: Card, status: ClaimStatus, view: ActionView) -> str:
    """The card's final words when it can no longer be confirmed (expired / cancelled)."""
    if status is not ClaimStatus.CANCELLED:  # the same screen as the sweep leaves
        return expired_text(t, card, view)
    return f"{_header(t, card, view)}\n\n{t.get('confirm-cancelled')}"


# Short answers to a press that does nothing (callback query alerts, ≤ 200 characters).
_REFUSALS: dict[ClaimStatus, str] = {
    ClaimStatus.NOT_FOUND: "confirm-alert-invalid",
    ClaimStatus.NOT_OWNER: "confirm-alert-not-yours",
    ClaimStatus.EXPIRED: "confirm-alert-expired",
    ClaimStatus.USED: "confirm-alert-used",
    ClaimStatus.CANCELLED: "confirm-alert-cancelled",
}


def refusal(t: Translator, status: ClaimStatus) -> str:
    return t.get(_REFUSALS[status])


def invalid_button(t: Translator) -> str:
    return t.get("confirm-alert-invalid")
