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
    """Page `page` of a whole list held in memory."""
    number = _clamp(page, len(items), per_page)
    offset = number * per_page
    return remote_page(items[offset : offset + per_page], page, per_page, total=len(items))


def remote_page(items: Sequence[T], page: int, per_page: int, *, total: int) -> Page[T]:
    """A page the server already cut (offset/limit paging): `items` are that page's items,
    `total` the server's count of the whole list."""
    number = _clamp(page, total, per_page)
    count = max(1, -(-total // per_page))
    return Page(items=items, number=number, count=count, total=total, offset=number * per_page)


def _clamp(page: int, total: int, per_page: int) -> int:
    if per_page < 1:
        raise ValueError("per_page must be positive")
    return min(max(page, 0), max(1, -(-total // per_page)) - 1)


PageData = Callable[[int], str]  # page number → callback data, for lists that carry an id


def nav_row(
    page: Page[Any], list_id: str, t: Translator, page_data: PageData | None = None
) -> list[InlineKeyboardButton]:
    """‹ n/m › — empty for a single page. The middle button just re-shows the same page.
    The buttons carry `PageCallback(list_id, page)`, or `page_data(page)` when given (a list
    of one object's children names that object in its own callback data)."""
    if page.count <= 1:
        return []
    pack = page_data or (lambda number: PageCallback(list_id=list_id, page=number).pack())
    row: list[InlineKeyboardButton] = []
    if page.has_prev:
        row.append(_page_button(t.get("paging-prev"), pack(page.number - 1)))
    position = t.get("paging-position", page=page.number + 1, pages=page.count)
    row.append(_page_button(position, pack(page.number)))
    if page.has_next:
        row.append(_page_button(t.get("paging-next"), pack(page.number + 1)))
    return row


def paged_keyboard(
    page: Page[T],
    *,
    list_id: str = "",
    button: Callable[[T], InlineKeyboardButton | None],
    t: Translator,
    columns: int = 1,
    header: Sequence[Sequence[InlineKeyboardButton]] = (),
    footer: Sequence[Sequence[InlineKeyboardButton]] = (),
    page_data: PageData | None = None,
) -> InlineKeyboardMarkup:
    """`header` rows (filters…), item buttons in `columns` (an item whose `button` is None gets
    none), the nav row, then `footer` rows (Back/Cancel…)."""
    rows = [list(r) for r in header]
    buttons = [b for b in (button(item) for item in page.items) if b is not None]
    rows += rows_of(buttons, columns)
    nav = nav_row(page, list_id, t, page_data)
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


def _page_button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)
