"""Buying a number: live prices, the quote a confirmation is built from, and the paid call."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from bot.services.confirmations import Quote

if TYPE_CHECKING:
    from bot.pivday import PivDayClient
    from bot.pivday.models import Country

PURCHASE_ACTION = "numbers.purchase"
DURATIONS: tuple[int, ...] = (1, 3, 6, 12)
NAME_MAX = 64
CENT = Decimal("0.01")


class InvalidNameError(ValueError):
    """A typed number name was rejected; `reason` is "empty" or "too_long" or "control"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CountryGoneError(LookupError):
    """The chosen country is no longer in the live list (between the pick and the quote)."""

    def __init__(self, country_code: str) -> None:
        super().__init__(country_code)
        self.country_code = country_code


def validate_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidNameError("empty")
    if len(name) > NAME_MAX:
        raise InvalidNameError("too_long")
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
    """Countries on sale, in a stable order (paging must not reshuffle between pages)."""
    countries = await client.numbers.countries()
    return sorted(countries, key=lambda c: c.country_code)


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
    countries = await client.numbers.countries()
    country = next((c for c in countries if c.country_code == country_code), None)
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
