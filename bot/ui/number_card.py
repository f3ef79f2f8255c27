"""My numbers (paged, filtered, searched), one number's card and its free actions (rename,
auto-renew), renewing and restoring with their confirmation views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import utcnow
from bot.pivday.models import Country, Number, NumberStatus
from bot.services.numbers import (
    NAME_MAX,
    RESTORE_MAX,
    SEARCH_MAX,
    STATUSES,
    Filters,
    Listing,
    days_left,
)
from bot.ui.confirm import ActionView, estimate
from bot.ui.format import clip, flag, money, place, plain_clip
from bot.ui.numbers import (
    NAME_PROBLEMS,
    NumberOp,
    NumbersOp,
    after_purchase,
    back_to_numbers,
    by_name,
    duration_rows,
    number_button,
    number_link,
    section_button,
)
from bot.ui.paging import Translator, checked, page_of, paged_keyboard, remote_page
from bot.ui.wizard import Wizard, reason_text

Screen = tuple[str, InlineKeyboardMarkup]
FILTER_COUNTRIES_PER_PAGE = 12
RESTORE_PER_PAGE = 8
ROW_NAME_MAX = 32  # characters of a name in a list row (escaped output)
BUTTON_NAME_MAX = 20
CARD_NAME_MAX = 200
TAGS_MAX = 300


def day(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when is not None else "-"


def moment(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when is not None else "-"


_STATUS_KEYS = {
    NumberStatus.ACTIVE.value: "numbers-status-active",
    NumberStatus.EXPIRED.value: "numbers-status-expired",
    NumberStatus.PENDING_RESTORE.value: "numbers-status-pending-restore",
}


def status_text(t: Translator, status: str | None) -> str:
    key = _STATUS_KEYS.get(status or "")
    if key is None:  # a status newer than this bot: piv.day's own word
        return t.get("numbers-status-other", status=clip(status or "-", 32))
    return t.get(key)


def _phone(number: Number) -> str:
    return clip(number.phone_number, 32)


# --- My numbers -----------------------------------------------------------------------------


class ListCallback(CallbackData, prefix="nl"):
    """A screen of My numbers: page and filters; `q` = with the search text kept in the FSM."""

    page: int = 0
    st: str = ""  # status filter
    cc: str = ""  # country filter
    q: bool = False


class FilterWhat(StrEnum):
    STATUS = "st"
    COUNTRY = "cc"


class FilterCallback(CallbackData, prefix="nf"):
    """The status or country picker over the list with these filters."""

    what: FilterWhat
    page: int = 0  # of the country picker
    st: str = ""
    cc: str = ""
    q: bool = False


class Search(StatesGroup):
    text = State()


SEARCH = Wizard("nq", [Search.text])


def list_filters(cb: ListCallback | FilterCallback, search: str | None) -> Filters:
    status = cb.st if cb.st in STATUSES else None
    country = cb.cc.upper() if len(cb.cc) == 2 and cb.cc.isalpha() else None
    return Filters(status=status, country=country, search=search if cb.q else None)


def _list_cb(filters: Filters, page: int = 0, **changes: Any) -> ListCallback:
    values: dict[str, Any] = {
        "page": page,
        "st": filters.status or "",
        "cc": filters.country or "",
        "q": bool(filters.search),
    }
    values.update(changes)
    return ListCallback(**values)


def _left(t: Translator, number: Number, now: datetime) -> str:
    if number.status == NumberStatus.EXPIRED:
        return t.get("numbers-row-expired")
    if number.status == NumberStatus.PENDING_RESTORE:
        return t.get("numbers-row-restoring")
    days = days_left(number, now)
    return t.get("numbers-row-days", days=days) if days is not None else "-"


def _row(t: Translator, index: int, number: Number, now: datetime) -> str:
    parts = [f"{index}. {place(t, number.country_code or '')} <code>{_phone(number)}</code>"]
    if number.custom_name:
        parts.append(clip(number.custom_name, ROW_NAME_MAX))
    parts.append(_left(t, number, now))
    renew = "numbers-row-renew-on" if number.auto_renew else "numbers-row-renew-off"
    parts.append(t.get(renew))
    return " · ".join(parts)


def _row_button(number: Number) -> InlineKeyboardButton:
    label = f"{flag(number.country_code or '')} {number.phone_number}".strip()
    if number.custom_name:
        label += " · " + plain_clip(number.custom_name, BUTTON_NAME_MAX)
    label = label.strip() or number.piv_num_id  # Telegram refuses a button without text
    return number_button(plain_clip(label, 64), NumberOp.CARD, number.piv_num_id)


def _filters_line(t: Translator, filters: Filters) -> str:
    parts = []
    if filters.status:
        parts.append(status_text(t, filters.status))
    if filters.country:
        parts.append(place(t, filters.country))
    if filters.search:
        parts.append(t.get("numbers-filter-search", text=clip(filters.search, SEARCH_MAX + 8)))
    return t.get("numbers-list-filters", filters=" · ".join(parts))


def list_screen(
    t: Translator, listing: Listing[Number], filters: Filters, *, now: datetime | None = None
) -> Screen:
    now = now or utcnow()
    page = remote_page(listing.items, listing.page, listing.per_page, total=listing.total)
    lines = [t.get("numbers-list-title", total=listing.total)]
    if filters.any:
        lines.append(_filters_line(t, filters))
    lines.append("")
    if not listing.total:
        lines.append(t.get("numbers-list-none-match" if filters.any else "numbers-list-empty"))
    lines += [_row(t, page.offset + i + 1, n, now) for i, n in enumerate(page.items)]
    status_label = status_text(t, filters.status) if filters.status else t.get("numbers-all")
    country_label = place(t, filters.country) if filters.country else t.get("numbers-all")
    controls = [
        _button(
            t.get("numbers-filter-status", value=status_label),
            FilterCallback(what=FilterWhat.STATUS, **_carry(filters)),
        ),
        _button(
            t.get("numbers-filter-country", value=country_label),
            FilterCallback(what=FilterWhat.COUNTRY, **_carry(filters)),
        ),
    ]
    search_row = [section_button(t, "numbers-search-button", NumbersOp.SEARCH)]
    if filters.any:
        search_row.append(_button(t.get("numbers-filter-clear"), ListCallback()))
    footer = [
        controls,
        search_row,
        [section_button(t, "numbers-buy-button", NumbersOp.BUY), *back_to_numbers(t)],
    ]
    keyboard = paged_keyboard(
        page,
        button=_row_button,
        t=t,
        footer=footer,
        page_data=lambda n: _list_cb(filters, n).pack(),
    )
    return "\n".join(lines), keyboard


def _carry(filters: Filters) -> dict[str, Any]:
    return {"st": filters.status or "", "cc": filters.country or "", "q": bool(filters.search)}


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def status_picker(t: Translator, filters: Filters) -> Screen:
    choices = [("", t.get("numbers-all")), *((s, status_text(t, s)) for s in STATUSES)]
    rows = [
        [_button(("• " if (filters.status or "") == s else "") + label, _list_cb(filters, st=s))]
        for s, label in choices
    ]
    rows.append([_button(t.get("wizard-back"), _list_cb(filters))])
    return t.get("numbers-pick-status"), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def country_picker(
    t: Translator, countries: Sequence[Country], filters: Filters, page_number: int
) -> Screen:
    page = page_of(by_name(t, countries), page_number, FILTER_COUNTRIES_PER_PAGE)
    carry = _carry(filters)
    keyboard = paged_keyboard(
        page,
        button=lambda c: _button(place(t, c.country_code), _list_cb(filters, cc=c.country_code)),
        t=t,
        columns=2,
        footer=[
            [_button(t.get("numbers-all"), _list_cb(filters, cc=""))],
            [_button(t.get("wizard-back"), _list_cb(filters))],
        ],
        page_data=lambda n: FilterCallback(what=FilterWhat.COUNTRY, page=n, **carry).pack(),
    )
    return t.get("numbers-pick-country"), keyboard


def search_step(t: Translator, problem: str | None = None) -> Screen:
    return SEARCH.ask(t, t.get("numbers-search-title", max=SEARCH_MAX), problem=problem)


def search_problem(t: Translator, reason: str) -> str:
    keys = {"empty": "numbers-search-empty", "too_long": "numbers-search-too-long"}
    return reason_text(t, keys, reason, max=SEARCH_MAX)


# --- one number -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardExtras:
    """What the card needs beyond the number itself."""

    back: str = ListCallback().pack()  # where « Back goes (the list screen it came from)
    waiting: bool = False  # a code is being waited for on it
    sandbox: bool = False  # offer 🧪 Simulate an incoming SMS
    note: str | None = None  # a line on top ("✅ Renamed", "Cancelled"…), already localized


def _caps(t: Translator, number: Number) -> str:
    send, receive = number.can_send_sms is not False, number.can_receive_sms is not False
    if send and receive:
        return t.get("numbers-caps-both")
    if receive:
        return t.get("numbers-caps-receive")
    if send:
        return t.get("numbers-caps-send")
    return t.get("numbers-caps-none")


def card_text(t: Translator, number: Number, *, now: datetime | None = None) -> str:
    now = now or utcnow()
    title = f"📱 <b>{_phone(number)}</b>"
    if number.custom_name:
        title += " · " + clip(number.custom_name, CARD_NAME_MAX)
    lines = [title, f"{place(t, number.country_code or '')} · {status_text(t, number.status)}"]
    bought = number.purchased_at or number.created_at
    lines.append(t.get("numbers-card-dates", bought=day(bought), expires=moment(number.expires_at)))
    if number.status == NumberStatus.EXPIRED:
        lines.append(t.get("numbers-card-restore-hint"))
    else:
        days = days_left(number, now)
        if days is not None:
            lines.append(t.get("numbers-card-days-left", days=days))
    if number.auto_renew:
        renewal = number.next_renewal_date or number.expires_at
        lines.append(t.get("numbers-card-auto-on", date=day(renewal)))
    else:
        lines.append(t.get("numbers-card-auto-off"))
    if number.tags:
        tags = ", ".join(number.tags)
        lines.append(t.get("numbers-card-tags", tags=clip(tags, TAGS_MAX)))
    lines.append(_caps(t, number))
    return "\n".join(lines)


def card_keyboard(t: Translator, number: Number, extras: CardExtras) -> InlineKeyboardMarkup:
    nid = number.piv_num_id
    rows: list[list[InlineKeyboardButton]] = []
    history = number_button(t.get("numbers-history-button"), NumberOp.SMS, nid, "0")
    rename = number_button(t.get("numbers-rename-button"), NumberOp.RENAME, nid)
    if number.status == NumberStatus.ACTIVE:
        rows.append([number_button(t.get("numbers-renew-button"), NumberOp.RENEW, nid), rename])
        key, arg = (
            ("numbers-auto-turn-off", "0") if number.auto_renew else ("numbers-auto-turn-on", "1")
        )
        rows.append([number_button(t.get(key), NumberOp.AUTO, nid, arg)])
        sms_row = [history]
        if number.can_send_sms is not False:
            sms_row.append(number_button(t.get("numbers-send-button"), NumberOp.SEND, nid))
        rows.append(sms_row)
        if number.can_send_sms is not False:
            rows.append([number_button(t.get("numbers-verify-button"), NumberOp.VERIFY, nid)])
        if number.can_receive_sms is not False:
            if extras.waiting:
                rows.append([number_button(t.get("numbers-wait-stop"), NumberOp.STOP, nid)])
            else:
                rows.append([number_button(t.get("numbers-wait-button"), NumberOp.WAIT, nid)])
            if extras.sandbox:
                simulate = t.get("numbers-simulate-button")
                rows.append([number_button(simulate, NumberOp.SIMULATE, nid)])
    elif number.status == NumberStatus.EXPIRED:
        rows.append([number_button(t.get("numbers-restore-one"), NumberOp.RESTORE, nid)])
        rows.append([history, rename])
    else:
        rows.append([history, rename])
    rows.append(
        [
            InlineKeyboardButton(text=t.get("wizard-back"), callback_data=extras.back),
            *back_to_numbers(t),
        ]
    )
    return checked(InlineKeyboardMarkup(inline_keyboard=rows))


def card(
    t: Translator, number: Number, extras: CardExtras, *, now: datetime | None = None
) -> Screen:
    text = card_text(t, number, now=now)
    if extras.note:
        text = f"{extras.note}\n\n{text}"
    return text, card_keyboard(t, number, extras)


def to_card(t: Translator, piv_num_id: str) -> list[InlineKeyboardButton]:
    [row] = number_link(t, {"piv_num_id": piv_num_id})
    return row


# --- rename ---------------------------------------------------------------------------------


class Rename(StatesGroup):
    name = State()


RENAME = Wizard("nn", [Rename.name])


def rename_step(t: Translator, phone: str, name: str | None, problem: str | None = None) -> Screen:
    question = t.get("numbers-rename-title", phone=clip(phone, 32), max=NAME_MAX)
    if name:
        question += "\n" + t.get("numbers-card-name", name=clip(name, CARD_NAME_MAX))
    return RENAME.ask(t, question, problem=problem)


def rename_problem(t: Translator, reason: str) -> str:
    """As when buying, except that there is no Skip to suggest."""
    keys = {**NAME_PROBLEMS, "empty": "numbers-rename-empty"}
    return reason_text(t, keys, reason, max=NAME_MAX)


# --- renew ----------------------------------------------------------------------------------


def renew_step(t: Translator, number: Number, price: Decimal) -> Screen:
    rows = duration_rows(
        t,
        price,
        lambda months, text: number_button(
            text, NumberOp.RENEW_FOR, number.piv_num_id, str(months)
        ),
    )
    rows.append(to_card(t, number.piv_num_id))
    text = t.get(
        "numbers-renew-step",
        phone=_phone(number),
        place=place(t, number.country_code or ""),
        expires=moment(number.expires_at),
    )
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def _iso_day(value: object) -> str:
    return escape(str(value or "")[:10]) or "-"


def describe_renew(t: Translator, params: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get(
                "numbers-renew-what",
                phone=clip(str(params.get("phone_number") or params["piv_num_id"]), 32),
                place=place(t, str(params.get("country_code") or "")),
            ),
            t.get(
                "numbers-renew-for",
                months=int(params["duration_months"]),
                expires=_iso_day(params.get("expires_at")),
            ),
        ]
    )


def renew_result(t: Translator, result: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get("numbers-renewed-title", phone=clip(str(result.get("phone_number") or ""), 32)),
            t.get("numbers-renewed-until", expires=_iso_day(result.get("new_expires_at"))),
            t.get("numbers-bought-charged", cost=money(Decimal(str(result["cost"])))),
        ]
    )


RENEW_VIEW = ActionView(
    title_key="numbers-renew-card-title",
    describe=describe_renew,
    result=renew_result,
    after=after_purchase,
    links=number_link,
)


# --- restore --------------------------------------------------------------------------------


class Restore(StatesGroup):
    picking = State()


class RestoreOp(StrEnum):
    TOGGLE = "t"
    ALL = "a"
    NONE = "n"
    PAGE = "p"
    GO = "g"


class RestoreCallback(CallbackData, prefix="nr"):
    op: RestoreOp
    id: str = ""
    page: int = 0


def _restore_button(text: str, op: RestoreOp, **values: Any) -> InlineKeyboardButton:
    return _button(text, RestoreCallback(op=op, **values))


def restore_picker(
    t: Translator,
    candidates: Sequence[Number],
    selected: Sequence[str],
    estimate: Decimal,
    page_number: int,
) -> Screen:
    """Expired numbers with checkboxes; Restore (count · ≈ price) once something is chosen."""
    if not candidates:
        markup = checked(InlineKeyboardMarkup(inline_keyboard=[back_to_numbers(t)]))
        return t.get("numbers-restore-none"), markup
    chosen = set(selected)
    page = page_of(list(candidates), page_number, RESTORE_PER_PAGE)
    lines = [t.get("numbers-restore-title"), ""]
    lines.append(
        t.get(
            "numbers-restore-selected",
            count=len(chosen),
            total=len(candidates),
            cost=money(estimate),
        )
    )
    if len(candidates) > RESTORE_MAX:
        lines.append(t.get("numbers-restore-max", max=RESTORE_MAX))

    def tick(number: Number) -> InlineKeyboardButton:
        box = "☑️" if number.piv_num_id in chosen else "⬜"
        label = f"{box} {flag(number.country_code or '')} {number.phone_number}"
        if number.custom_name:
            label += " · " + plain_clip(number.custom_name, BUTTON_NAME_MAX)
        return _restore_button(
            plain_clip(label, 64), RestoreOp.TOGGLE, id=number.piv_num_id, page=page.number
        )

    footer = [
        [
            _restore_button(t.get("numbers-restore-all"), RestoreOp.ALL, page=page.number),
            _restore_button(t.get("numbers-restore-clear"), RestoreOp.NONE, page=page.number),
        ]
    ]
    if chosen:
        go = t.get("numbers-restore-go", count=len(chosen), cost=money(estimate))
        footer.append([_restore_button(go, RestoreOp.GO)])
    footer.append(back_to_numbers(t))
    keyboard = paged_keyboard(
        page,
        button=tick,
        t=t,
        footer=footer,
        page_data=lambda n: RestoreCallback(op=RestoreOp.PAGE, page=n).pack(),
    )
    return "\n".join(lines), keyboard


SHOWN_PHONES = 20  # on the card; the rest as "and N more"


def describe_restore(t: Translator, params: Mapping[str, Any]) -> str:
    phones = [str(p) for p in params.get("phones") or params["piv_num_ids"]]
    lines = [t.get("numbers-restore-what", count=len(phones))]
    lines += [f"<code>{clip(p, 32)}</code>" for p in phones[:SHOWN_PHONES]]
    if len(phones) > SHOWN_PHONES:
        lines.append(t.get("numbers-restore-more", count=len(phones) - SHOWN_PHONES))
    return "\n".join(lines)


def restore_result(t: Translator, result: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get(
                "numbers-restore-done",
                queued=int(result.get("queued") or 0),
                skipped=int(result.get("skipped") or 0),
            ),
            t.get("numbers-bought-charged", cost=money(Decimal(str(result["cost"])))),
            t.get("numbers-restore-later"),
        ]
    )


RESTORE_VIEW = ActionView(
    title_key="numbers-restore-card-title",
    describe=describe_restore,
    result=restore_result,
    after=after_purchase,
    pricing=estimate,
)
