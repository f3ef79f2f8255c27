"""The shared shape of a multi-step flow: ordered FSM steps, picks, and Back / Skip / Cancel.

A flow declares `Wizard(flow_id, [State, ...])`; its step keyboards come from `wizard.keyboard()`
(choices + the navigation row), and its handlers filter `WizardPick.filter(...)` for choices and
`wizard.nav(op)` for navigation. `wizard.previous(state)` tells Back where to go; None means the
flow's first step, so Back leaves the flow. A flow with branches (steps that only apply after
some choices) gives `previous`/`next` a `skip` predicate.

Two shapes longer flows share:
- a typed-input step: `wizard.ask(t, question, problem=...)` shows the question, and after a
  refused answer the same question with the reason above the same buttons;
- a summary (or a screen of optional fields) with an Edit button per value:
  `field_lines(t, [(label, value), ...])` for the text, `wizard.edit_rows(step, [(id, label),
  ...], t)` for the buttons; the flow's handler filters `wizard.picks(step)` and reads the
  field id from `WizardPick.value`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from aiogram import F
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.ui.paging import Translator, checked, rows_of

log = logging.getLogger(__name__)


Skip = Callable[[State], bool]  # True for a step that doesn't apply to the choices so far


class NavOp(StrEnum):
    BACK = "back"
    SKIP = "skip"
    CANCEL = "cancel"


# Literal keys (not f-strings) so the locale check can see them in use.
_NAV_KEYS = {NavOp.BACK: "wizard-back", NavOp.SKIP: "wizard-skip", NavOp.CANCEL: "wizard-cancel"}


def field_lines(t: Translator, fields: Sequence[tuple[str, str | None]]) -> list[str]:
    """ "Label: value" per field, a dash for an unset one. Values arrive formatted and escaped."""
    return [
        t.get("wizard-field", field=label, value=t.get("wizard-unset") if value is None else value)
        for label, value in fields
    ]


class WizardNav(CallbackData, prefix="wz"):
    flow: str
    op: NavOp


class WizardPick(CallbackData, prefix="wp"):
    """A choice at one step: short flow id, step id and the chosen value (ids only)."""

    flow: str
    step: str
    value: str


class Wizard:
    def __init__(self, flow: str, steps: Sequence[State]) -> None:
        self.flow = flow
        self.steps = list(steps)
        self._names = [s.state for s in self.steps]

    def previous(self, current: str | None, *, skip: Skip | None = None) -> State | None:
        """The step before `current`; None at the first step or outside this flow. A flow with
        branches passes `skip`: the steps it says don't apply (to the choices so far) are
        passed over."""
        return self._walk(current, -1, skip)

    def next(self, current: str | None, *, skip: Skip | None = None) -> State | None:
        """The step after `current` (passing over skipped ones); None after the last step."""
        return self._walk(current, 1, skip)

    def _walk(self, current: str | None, direction: int, skip: Skip | None) -> State | None:
        if current not in self._names:
            return None
        index = self._names.index(current) + direction
        while 0 <= index < len(self.steps):
            if skip is None or not skip(self.steps[index]):
                return self.steps[index]
            index += direction
        return None

    def owns(self, current: str | None) -> bool:
        return current in self._names

    def pick(self, step: str, value: str | int | bool, text: str) -> InlineKeyboardButton:
        if isinstance(value, bool):
            value = "1" if value else "0"
        data = WizardPick(flow=self.flow, step=step, value=str(value)).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    def picks(self, step: str) -> CallbackQueryFilter:
        return WizardPick.filter((F.flow == self.flow) & (F.step == step))

    def nav(self, op: NavOp) -> CallbackQueryFilter:
        return WizardNav.filter((F.flow == self.flow) & (F.op == op))

    def nav_row(
        self, t: Translator, *, back: bool = True, skip: bool = False, cancel: bool = True
    ) -> list[InlineKeyboardButton]:
        ops = [(back, NavOp.BACK), (skip, NavOp.SKIP), (cancel, NavOp.CANCEL)]
        return [
            InlineKeyboardButton(
                text=t.get(_NAV_KEYS[op]),
                callback_data=WizardNav(flow=self.flow, op=op).pack(),
            )
            for enabled, op in ops
            if enabled
        ]

    def edit_rows(
        self,
        step: str,
        fields: Sequence[tuple[str, str]],
        t: Translator,
        *,
        columns: int = 2,
    ) -> list[list[InlineKeyboardButton]]:
        """An "✏️ label" button per (field id, label), `columns` to a row; a press is a pick
        at `step` whose value is the field id."""
        buttons = [
            self.pick(step, field, t.get("wizard-edit", field=label)) for field, label in fields
        ]
        return rows_of(buttons, columns)

    def ask(
        self,
        t: Translator,
        question: str,
        *,
        problem: str | None = None,
        rows: Sequence[Sequence[InlineKeyboardButton]] = (),
        back: bool = True,
        skip: bool = False,
        cancel: bool = True,
    ) -> tuple[str, InlineKeyboardMarkup]:
        """A step answered by typing (choices in `rows` may answer it too). After a refused
        answer, `problem` says why and the same question follows, so the user can just retry."""
        text = question if problem is None else f"{question}\n\n{problem}"
        return text, self.keyboard(rows, t, back=back, skip=skip, cancel=cancel)

    def keyboard(
        self,
        rows: Sequence[Sequence[InlineKeyboardButton]],
        t: Translator,
        *,
        back: bool = True,
        skip: bool = False,
        cancel: bool = True,
    ) -> InlineKeyboardMarkup:
        all_rows = [list(r) for r in rows]
        nav = self.nav_row(t, back=back, skip=skip, cancel=cancel)
        if nav:
            all_rows.append(nav)
        return checked(InlineKeyboardMarkup(inline_keyboard=all_rows))


def reason_text(t: Translator, keys: Mapping[str, str], reason: str, **values: Any) -> str:
    """Why typed input was refused, from `reason` → message id (the first one when unknown)."""
    return t.get(keys.get(reason) or next(iter(keys.values())), **values)


async def show(
    target: CallbackQuery | Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Put a step on screen; returns its message id.

    A button press edits its own message in place (one message per flow, no spam); typed input
    gets a new message below it. If the old message can't be edited (deleted, too old), a new one
    is sent, so a result is never lost.
    """
    if isinstance(target, Message):
        return (await target.answer(text, reply_markup=markup)).message_id
    message = target.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return message.message_id
        except TelegramBadRequest as exc:
            if "message is not modified" in str(exc):
                return message.message_id
            log.info("edit failed, sending instead: %s", exc.message)
    chat_id = message.chat.id if message is not None else target.from_user.id
    bot = target.bot
    assert bot is not None
    return (await bot.send_message(chat_id, text, reply_markup=markup)).message_id
