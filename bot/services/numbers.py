"""Numbers: live prices, the list and one number, renaming, auto-renew, and the paid calls
(buy, renew, restore) with the quotes their confirmations are built from. SMS, verification and
waiting for a code are in bot.services.sms."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from bot.pivday.models import NumberStatus
from bot.services.confirmations import Quote

if TYPE_CHECKING:
    from bot.pivday import PivDayClient
    from bot.pivday.models import Country, Number, Page

T = TypeVar("T")

PURCHASE_ACTION = "numbers.purchase"
RENEW_ACTION = "numbers.renew"
RESTORE_ACTION = "numbers.restore"
DURATIONS: tuple[int, ...] = (1, 3, 6, 12)
NAME_MAX = 64
CENT = Decimal("0.01")
STATUSES: tuple[str, ...] = tuple(s.value for s in NumberStatus)
LIST_PER_PAGE = 8  # rows per screen of "My numbers" (one API page each, limit ≤ 200)
SEARCH_MAX = 64
# piv.day doesn't publish its restore multiplier ("exact figures show up in the dashboard");
# 1.5× the monthly price matches its own example (2 GB numbers → 9.00). The card says "about".
RESTORE_MULTIPLIER = Decimal("1.5")
RESTORE_MAX = 100  # numbers per restore call


class InputRefused(ValueError):
    """Typed input refused before anything is sent; `reason` says why (the screens pick their
    words by it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidNameError(InputRefused):
    """A typed number name was rejected; `reason` is "empty" or "too_long" or "control"."""


class CountryGoneError(LookupError):
    """The chosen country is no longer in the live list (between the pick and the quote)."""

    def __init__(self, country_code: str) -> None:
        super().__init__(country_code)
        self.country_code = country_code


def one_line(text: str, max_len: int, error: type[InputRefused]) -> str:
    """`text` with its whitespace squeezed to single spaces: "empty" or "too_long" refused."""
    line = " ".join(text.split())
    if not line:
        raise error("empty")
    if len(line) > max_len:
        raise error("too_long")
    return line


def validate_name(text: str) -> str:
    name = one_line(text, NAME_MAX, InvalidNameError)
    if any(not ch.isprintable() for ch in name):
        raise InvalidNameError("control")
    return name


def saving(country: Country) -> Decimal:
    """What the plan saves per month against the Free-plan base price (never negative)."""
    return max(Decimal(0), country.base_price - country.price_per_month)


def saving_percent(country: Country) -> int:
    if country.base_price <= 0:
        return 0
    pct = saving(country) * 100 / country.base_price
    return int(pct.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cost_of(country: Country, months: int) -> Decimal:
    return (country.price_per_month * months).quantize(CENT, rounding=ROUND_HALF_UP)


async def list_countries(client: PivDayClient) -> list[Country]:
    """Countries on sale, in a stable order (paging must not reshuffle between pages); the
    screens sort them by name in the reader's language."""
    countries = await client.numbers.countries()
    return sorted(countries, key=lambda c: c.country_code)


async def country_of(client: PivDayClient, country_code: str | None) -> Country | None:
    """The live price card of one country; None when it is not on sale (any more)."""
    countries = await client.numbers.countries()
    return next((c for c in countries if c.country_code == country_code), None)


async def quote_purchase(
    client: PivDayClient,
    *,
    country_code: str,
    months: int,
    auto_renew: bool,
    custom_name: str | None,
) -> Quote:
    """Price from the live countries list, balance from GET /account, both read now."""
    if months not in DURATIONS:
        raise ValueError(f"unsupported duration {months}")
    country = await country_of(client, country_code)
    if country is None:
        raise CountryGoneError(country_code)
    account = await client.account.get()
    params: dict[str, Any] = {
        "country_code": country_code,
        "duration_months": months,
        "auto_renew": auto_renew,
    }
    if custom_name:
        params["custom_name"] = custom_name
    return Quote(PURCHASE_ACTION, params, cost_of(country, months), account.balance)


async def purchase(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid call (run after Confirm, declared in handlers.numbers). Returns what the result
    card and the audit need, JSON-ready."""
    bought = await client.numbers.purchase(
        country_code=params["country_code"],
        duration_months=int(params["duration_months"]),
        auto_renew=bool(params["auto_renew"]),
        custom_name=params.get("custom_name"),
    )
    return {
        "cost": str(bought.cost.quantize(CENT)),
        "numbers": [
            {
                "piv_num_id": n.piv_num_id,
                "phone_number": n.phone_number,
                "country_code": n.country_code,
                "expires_at": n.expires_at.isoformat() if n.expires_at else None,
                "auto_renew": n.auto_renew,
                "custom_name": n.custom_name,
            }
            for n in bought.numbers
        ],
    }


# --- the list and one number ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """One screen of a list read from piv.day page by page: its items and where it stands."""

    items: list[T]
    page: int  # 0-based, clamped to the list as it is now
    per_page: int
    total: int


Fetch = Callable[[int, int], Awaitable["Page[T]"]]  # (limit, offset) → one API page


async def fetch_page(fetch: Fetch[T], page: int, per_page: int) -> Listing[T]:
    """Screen `page` of an API list: one call with limit=per_page (≤ 200), a second only when
    the list shrank under the button (the last screen is shown instead)."""
    page = max(page, 0)
    answer = await fetch(per_page, page * per_page)
    last = max(0, math.ceil(answer.pagination.total / per_page) - 1)
    if page > last:
        page = last
        answer = await fetch(per_page, page * per_page)
    return Listing(list(answer.items), page, per_page, answer.pagination.total)


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None  # one of STATUSES
    country: str | None = None  # ISO code
    search: str | None = None  # substring of the number or its name

    @property
    def any(self) -> bool:
        return bool(self.status or self.country or self.search)


class InvalidSearchError(InputRefused):
    """Search text refused before asking piv.day; `reason` is "empty" or "too_long"."""


def validate_search(text: str) -> str:
    return one_line(text, SEARCH_MAX, InvalidSearchError)


async def list_numbers(client: PivDayClient, filters: Filters, page: int) -> Listing[Number]:
    status = filters.status if filters.status in STATUSES else None

    def fetch(limit: int, offset: int) -> Awaitable[Page[Number]]:
        return client.numbers.list(
            limit=limit,
            offset=offset,
            status=status,
            country=filters.country,
            search=filters.search,
        )

    return await fetch_page(fetch, page, LIST_PER_PAGE)


def days_left(number: Number, now: datetime) -> int | None:
    """Whole days until expiry, rounded up (0 once it has expired); None without a date."""
    if number.expires_at is None:
        return None
    return max(0, math.ceil((number.expires_at - now).total_seconds() / 86400))


async def rename(client: PivDayClient, *, piv_num_id: str, name: str) -> Number:
    """PATCH the custom name (free); the name is checked here first (InvalidNameError)."""
    return await client.numbers.update(piv_num_id=piv_num_id, custom_name=validate_name(name))


async def set_auto_renew(client: PivDayClient, *, piv_num_id: str, on: bool) -> bool:
    """Turn auto-renew on or off (free now; piv.day debits each renewal 24 h before expiry)."""
    answer = await client.numbers.set_auto_renew(piv_num_id=piv_num_id, auto_renew=on)
    return answer.auto_renew


# --- renew --------------------------------------------------------------------------------------


class NotRenewableError(ValueError):
    """Only an active number can be renewed; an expired one is restored instead."""

    def __init__(self, status: str | None) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True, slots=True)
class RenewOffer:
    """What the duration step shows: the number and its country's live monthly price."""

    number: Number
    price: Decimal


async def renew_offer(client: PivDayClient, piv_num_id: str) -> RenewOffer:
    number = await client.numbers.get(piv_num_id)
    if number.status != NumberStatus.ACTIVE:
        raise NotRenewableError(number.status)
    country = await country_of(client, number.country_code)
    if country is None:
        raise CountryGoneError(number.country_code or "")
    return RenewOffer(number, country.price_per_month)


async def quote_renew(client: PivDayClient, *, piv_num_id: str, months: int) -> Quote:
    """Price from the number's country in the live list, balance from GET /account, now."""
    if months not in DURATIONS:
        raise ValueError(f"unsupported duration {months}")
    offer = await renew_offer(client, piv_num_id)
    account = await client.account.get()
    number = offer.number
    params = {
        "piv_num_id": number.piv_num_id,
        "duration_months": months,
        # shown on the card, not sent:
        "phone_number": number.phone_number,
        "country_code": number.country_code,
        "expires_at": number.expires_at.isoformat() if number.expires_at else None,
    }
    cost = (offer.price * months).quantize(CENT, rounding=ROUND_HALF_UP)
    return Quote(RENEW_ACTION, params, cost, account.balance)


async def renew(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid renewal (after Confirm)."""
    done = await client.numbers.renew(
        piv_num_id=str(params["piv_num_id"]), duration_months=int(params["duration_months"])
    )
    return {
        "cost": str(done.cost.quantize(CENT)),
        "piv_num_id": done.piv_num_id,
        "phone_number": done.phone_number or params.get("phone_number"),
        "old_expires_at": done.old_expires_at.isoformat() if done.old_expires_at else None,
        "new_expires_at": done.new_expires_at.isoformat() if done.new_expires_at else None,
    }


# --- restore ------------------------------------------------------------------------------------


class NothingToRestoreError(LookupError):
    """None of the chosen numbers is expired (any more) on this account."""


async def restorable(client: PivDayClient) -> list[Number]:
    """Every expired number (still within piv.day's 7-day window), all API pages."""
    found = [n async for n in client.numbers.iter_all(status=NumberStatus.EXPIRED, page_size=200)]
    return found


def restore_cost(numbers: Iterable[Number], countries: Iterable[Country]) -> Decimal:
    """About what restoring `numbers` costs: the monthly price × the restore multiplier each
    (a country no longer priced adds nothing: piv.day's answer will say)."""
    prices = {c.country_code: c.price_per_month for c in countries}
    each = (prices.get(n.country_code or "", Decimal(0)) * RESTORE_MULTIPLIER for n in numbers)
    return sum((p.quantize(CENT, rounding=ROUND_HALF_UP) for p in each), Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class RestoreChoice:
    candidates: list[Number]  # every expired number, in piv.day's order
    selected: list[str]  # the chosen ids still among them (at most RESTORE_MAX)
    estimate: Decimal


async def restore_choice(
    client: PivDayClient, selected: Collection[str], *, everything: bool = False
) -> RestoreChoice:
    """The expired numbers and the chosen ones among them (`everything`: the first RESTORE_MAX);
    ids no longer expired drop out of the choice."""
    candidates = await restorable(client)
    wanted = set(selected)
    chosen = [n for n in candidates if everything or n.piv_num_id in wanted][:RESTORE_MAX]
    estimate = Decimal("0.00")
    if chosen:
        estimate = restore_cost(chosen, await client.numbers.countries())
    return RestoreChoice(candidates, [n.piv_num_id for n in chosen], estimate)


async def quote_restore(client: PivDayClient, piv_num_ids: Collection[str]) -> Quote:
    """Restore the chosen numbers that are still expired: an estimate from live prices (the
    multiplier is not published), balance from GET /account."""
    wanted = set(piv_num_ids)
    chosen = [n for n in await restorable(client) if n.piv_num_id in wanted][:RESTORE_MAX]
    if not chosen:
        raise NothingToRestoreError()
    cost = restore_cost(chosen, await client.numbers.countries())
    account = await client.account.get()
    params = {
        "piv_num_ids": [n.piv_num_id for n in chosen],
        "phones": [n.phone_number for n in chosen],  # shown on the card, not sent
    }
    return Quote(RESTORE_ACTION, params, cost, account.balance)


async def restore(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid restore (after Confirm); per-number outcomes come later as
    number.restore_completed."""
    done = await client.numbers.restore(piv_num_ids=[str(i) for i in params["piv_num_ids"]])
    return {
        "cost": str(done.total_charged.quantize(CENT)),
        "queued": done.queued,
        "skipped": done.skipped,
        "numbers": [
            {"piv_num_id": n.piv_num_id, "phone_number": n.phone_number, "status": n.status}
            for n in done.numbers
        ],
    }
