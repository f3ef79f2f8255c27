"""Paged inline lists for any sequence: items → buttons, ‹ n/m ›, Telegram's limits enforced.

A list is named by a short `list_id`; its handler filters `PageCallback.filter(F.list_id == ...)`
and re-renders the requested page (pages are clamped, so a stale or forged page number is safe).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

T = TypeVar("T")

MAX_BUTTONS = 100  # Telegram: inline keyboard buttons per message
MAX_CALLBACK_BYTES = 64  # Telegram: callback_data length
DEFAULT_PER_PAGE = 8


class Translator(Protocol):
    """What the UI needs from aiogram-i18n's I18nContext (and test doubles)."""

    locale: str

    def get(self, key: str, /, **kwargs: Any) -> str: ...


class PageCallback(CallbackData, prefix="pg"):
    list_id: str
    page: int  # 0-based


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 0-based, already clamped
    count: int  # number of pages, at least 1
    total: int  # number of items in the whole list
    offset: int  # index of items[0] in the whole list

    @property
    def has_prev(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number < self.count - 1


def page_of(items: Sequence[T], page: int, per_page: int = DEFAULT_PER_PAGE) -> Page[T]:
    if per_page < 1:
        raise ValueError("per_page must be positive")
    count = max(1, -(-len(items) // per_page))
    number = min(max(page, 0), count - 1)
    offset = number * per_page
    return Page(
        items=items[offset : offset + per_page],
        number=number,
        count=count,
        total=len(items),
        offset=offset,
    )


def nav_row(page: Page[Any], list_id: str, t: Translator) -> list[InlineKeyboardButton]:
    """‹ n/m › — empty for a single page. The middle button just re-shows the same page."""
    if page.count <= 1:
        return []
    row: list[InlineKeyboardButton] = []
    if page.has_prev:
        row.append(_page_button(t.get("paging-prev"), list_id, page.number - 1))
    row.append(
        _page_button(
            t.get("paging-position", page=page.number + 1, pages=page.count),
            list_id,
            page.number,
        )
    )
    if page.has_next:
        row.append(_page_button(t.get("paging-next"), list_id, page.number + 1))
    return row


def paged_keyboard(
    page: Page[T],
    *,
    list_id: str,
    button: Callable[[T], InlineKeyboardButton],
    t: Translator,
    columns: int = 1,
    footer: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """Item buttons in `columns`, then the nav row, then `footer` rows (Back/Cancel…)."""
    rows = rows_of([button(item) for item in page.items], columns)
    nav = nav_row(page, list_id, t)
    if nav:
        rows.append(nav)
    rows.extend(list(r) for r in footer)
    return checked(InlineKeyboardMarkup(inline_keyboard=rows))


def rows_of(
    buttons: Sequence[InlineKeyboardButton], columns: int
) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `columns` to a row (the last row may be shorter)."""
    if columns < 1:
        raise ValueError("columns must be positive")
    return [list(buttons[i : i + columns]) for i in range(0, len(buttons), columns)]


def checked(markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """Refuse a keyboard Telegram would reject: better a loud bug in tests than in production."""
    buttons = [b for row in markup.inline_keyboard for b in row]
    if len(buttons) > MAX_BUTTONS:
        raise ValueError(f"{len(buttons)} buttons; Telegram allows {MAX_BUTTONS}")
    for b in buttons:
        if b.callback_data is not None and len(b.callback_data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {b.callback_data!r}")
    return markup


def _page_button(text: str, list_id: str, page: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=PageCallback(list_id=list_id, page=page).pack()
    )
