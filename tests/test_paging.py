"""Paged lists and wizard keyboards: page math, navigation, Telegram's limits."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ui.paging import MAX_BUTTONS, PageCallback, checked, page_of, paged_keyboard
from bot.ui.wizard import NavOp, Wizard, WizardNav, WizardPick


class EchoT:
    """Shows the key and its arguments, so tests see which text was asked for."""

    def get(self, key: str, /, **kwargs: Any) -> str:
        args = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
        return f"{key}({args})" if args else key


T = EchoT()


def _button(n: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=f"item {n}", callback_data=f"item:{n}")


def _texts(markup: InlineKeyboardMarkup) -> list[list[str]]:
    return [[b.text for b in row] for row in markup.inline_keyboard]


@pytest.mark.parametrize(
    ("total", "page", "per_page", "items", "number", "count"),
    [
        (0, 0, 8, [], 0, 1),
        (8, 0, 8, list(range(8)), 0, 1),
        (9, 1, 8, [8], 1, 2),
        (20, 5, 8, [16, 17, 18, 19], 2, 3),  # past the end → last page
        (20, -3, 8, list(range(8)), 0, 3),  # forged negative → first page
    ],
)
def test_page_of_clamps_and_slices(
    total: int, page: int, per_page: int, items: list[int], number: int, count: int
) -> None:
    p = page_of(list(range(total)), page, per_page)
    assert list(p.items) == items
    assert (p.number, p.count, p.total) == (number, count, total)


def test_middle_page_has_prev_position_next_and_footer() -> None:
    page = page_of(list(range(20)), 1, 8)
    footer = [[InlineKeyboardButton(text="back", callback_data="b")]]
    markup = paged_keyboard(page, list_id="x", button=_button, t=T, columns=2, footer=footer)
    rows = _texts(markup)
    assert rows[0] == ["item 8", "item 9"]
    assert rows[-2] == ["paging-prev", "paging-position(page=2,pages=3)", "paging-next"]
    assert rows[-1] == ["back"]
    nav = markup.inline_keyboard[-2]
    pages = [PageCallback.unpack(b.callback_data or "").page for b in nav]
    assert pages == [0, 1, 2]


def test_first_and_last_pages_lack_the_dead_arrow_and_single_page_has_no_nav() -> None:
    first = _texts(paged_keyboard(page_of(list(range(9)), 0, 8), list_id="x", button=_button, t=T))
    last = _texts(paged_keyboard(page_of(list(range(9)), 1, 8), list_id="x", button=_button, t=T))
    single = _texts(paged_keyboard(page_of(list(range(3)), 0, 8), list_id="x", button=_button, t=T))
    assert first[-1] == ["paging-position(page=1,pages=2)", "paging-next"]
    assert last[-1] == ["paging-prev", "paging-position(page=2,pages=2)"]
    assert single == [["item 0"], ["item 1"], ["item 2"]]


def test_checked_refuses_too_many_buttons_and_long_callback_data() -> None:
    too_many = [[_button(n)] for n in range(MAX_BUTTONS + 1)]
    with pytest.raises(ValueError, match="buttons"):
        checked(InlineKeyboardMarkup(inline_keyboard=too_many))
    long = InlineKeyboardButton(text="x", callback_data="й" * 33)  # 66 bytes, 33 characters
    with pytest.raises(ValueError, match="64 bytes"):
        checked(InlineKeyboardMarkup(inline_keyboard=[[long]]))
    fine = InlineKeyboardButton(text="x", callback_data="a" * 64)
    assert checked(InlineKeyboardMarkup(inline_keyboard=[[fine]]))


def test_long_list_id_is_refused_by_the_limit_check() -> None:
    with pytest.raises(ValueError):
        paged_keyboard(page_of(list(range(20)), 0, 8), list_id="x" * 60, button=_button, t=T)


class Flow(StatesGroup):
    one = State()
    two = State()
    three = State()


WIZ = Wizard("fl", [Flow.one, Flow.two, Flow.three])


def test_wizard_back_order_and_outside_states() -> None:
    assert WIZ.previous(Flow.three.state) == Flow.two
    assert WIZ.previous(Flow.two.state) == Flow.one
    assert WIZ.previous(Flow.one.state) is None
    assert WIZ.previous(None) is None
    assert WIZ.previous("Other:state") is None
    assert WIZ.owns(Flow.two.state)
    assert not WIZ.owns(None)


def test_wizard_keyboard_has_choices_then_back_skip_cancel() -> None:
    rows = [[WIZ.pick("s", True, "yes"), WIZ.pick("s", 3, "three")]]
    markup = WIZ.keyboard(rows, T, skip=True)
    assert _texts(markup) == [["yes", "three"], ["wizard-back", "wizard-skip", "wizard-cancel"]]
    yes, three = (WizardPick.unpack(b.callback_data or "") for b in markup.inline_keyboard[0])
    assert (yes.flow, yes.step, yes.value) == ("fl", "s", "1")
    assert three.value == "3"
    ops = [WizardNav.unpack(b.callback_data or "").op for b in markup.inline_keyboard[1]]
    assert ops == [NavOp.BACK, NavOp.SKIP, NavOp.CANCEL]
    assert _texts(WIZ.keyboard([], T, back=False)) == [["wizard-cancel"]]
