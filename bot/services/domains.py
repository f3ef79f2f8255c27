"""Domains: availability, the registration and renewal quotes and their paid calls, following the
queue either one starts, the filtered list and the card, and the free changes (auto-renew,
Cloudflare, nameservers). DNS records are in bot.services.dns."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from bot.pivday import errors as pe
from bot.pivday.models import Domain
from bot.services.confirmations import Paid, Quote
from bot.services.dns import record_body
from bot.services.watches import DOMAIN_REGISTER, WatchService

if TYPE_CHECKING:
    from bot.pivday import PivDayClient
    from bot.pivday.models import DomainAvailability

log = logging.getLogger(__name__)

REGISTER_ACTION = "domains.register"
RENEW_ACTION = "domains.renew"
PERIODS: tuple[int, ...] = tuple(range(1, 11))  # years, as piv.day allows
SSL_MODES: tuple[str, ...] = ("flexible", "full", "strict")
LIST_STATUSES: tuple[str, ...] = ("active", "pending", "expired")  # the list filter's words
RENEWABLE = frozenset({"active", "expired"})
INITIAL_RECORDS_MAX = 20
PER_PAGE = 8
SEARCH_MAX = 64  # characters of a list search kept
CENT = Decimal("0.01")

# The queue: first look after POLL_FIRST s, then 1.5× longer each time up to POLL_MAX (a
# status message is edited only when what it says changes); give up after FOLLOW_FOR s.
POLL_FIRST, POLL_GROWTH, POLL_MAX = 5.0, 1.5, 60.0
FOLLOW_FOR = 3600.0
QUEUE_DONE, QUEUE_FAILED = "completed", "failed"
REGISTER, RENEW = "register", "renew"  # what a followed queue entry does


class DomainUnavailableError(LookupError):
    """The name can't be registered (taken, or a zone piv.day doesn't sell)."""


class PriceUnknownError(LookupError):
    """piv.day gave no price for this name, so no honest quote can be made."""


class NotRenewableError(ValueError):
    """The domain is in a state that can't be renewed (still registering, failed…)."""

    def __init__(self, status: str | None) -> None:
        super().__init__(status)
        self.status = status


def cost_of(price: Decimal, period: int) -> Decimal:
    return (price * period).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_period(period: int) -> None:
    if period not in PERIODS:
        raise ValueError(f"unsupported period {period}")


async def check(client: PivDayClient, name: str) -> DomainAvailability:
    """Availability and prices of an ASCII (punycode) name."""
    return await client.domains.search(name)


async def quote_register(
    client: PivDayClient,
    *,
    domain: str,
    period: int,
    auto_renew: bool,
    cloudflare: bool,
    ssl_mode: str | None = None,
    nameservers: Sequence[str] = (),
    records: Sequence[Mapping[str, Any]] = (),
) -> Quote:
    """The live create price × years, and the balance now. Cloudflare ON carries the SSL mode
    and initial records; OFF carries the nameservers (piv.day's rule)."""
    _check_period(period)
    found = await client.domains.search(domain)
    if not found.available:
        raise DomainUnavailableError(domain)
    if found.create_price is None:
        raise PriceUnknownError(domain)
    account = await client.account.get()
    params: dict[str, Any] = {
        "domain": domain,
        "period": period,
        "auto_renew": auto_renew,
        "cloudflare": cloudflare,
    }
    if cloudflare:
        params["ssl_mode"] = ssl_mode or SSL_MODES[0]
        if records:
            params["dns_records"] = [record_body(r) for r in records]
    else:
        params["nameservers"] = list(nameservers)
    return Quote(REGISTER_ACTION, params, cost_of(found.create_price, period), account.balance)


async def register(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid call (after Confirm). piv.day answers at once with a queue entry; the domain is
    registered when the queue gets to it (followed by follow_queue)."""
    queued = await client.domains.register(
        domain=params["domain"],
        period=int(params["period"]),
        cloudflare=bool(params["cloudflare"]),
        auto_renew=bool(params["auto_renew"]),
        ssl_mode=params.get("ssl_mode"),
        nameservers=params.get("nameservers"),
        dns_records=params.get("dns_records"),
    )
    return {
        "op": REGISTER,
        "queue_id": queued.queue_id,
        "domain_id": queued.domain.id,
        "domain": queued.domain.domain_name,
        "period": int(params["period"]),
        "status": queued.domain.status,
    }


@dataclass(frozen=True, slots=True)
class RenewOffer:
    """What the renew screen shows before a period is picked."""

    domain: Domain
    price: Decimal  # per year, live


async def renew_offer(client: PivDayClient, domain_id: str) -> RenewOffer:
    domain = await client.domains.get(domain_id)
    if domain.status not in RENEWABLE:
        raise NotRenewableError(domain.status)
    found = await client.domains.search(domain.domain_name)
    if found.renew_price is None:
        raise PriceUnknownError(domain.domain_name)
    return RenewOffer(domain, found.renew_price)


async def quote_renew(client: PivDayClient, *, domain_id: str, period: int) -> Quote:
    """The live renew price × years, and the balance now."""
    _check_period(period)
    offer = await renew_offer(client, domain_id)
    account = await client.account.get()
    params = {
        "domain_id": offer.domain.id,
        "domain": offer.domain.domain_name,
        "period": period,
        "expires_at": offer.domain.expires_at.isoformat() if offer.domain.expires_at else None,
    }
    return Quote(RENEW_ACTION, params, cost_of(offer.price, period), account.balance)


async def renew(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid call (after Confirm); queued like a registration."""
    queued = await client.domains.renew(domain_id=params["domain_id"], period=int(params["period"]))
    return {
        "op": RENEW,
        "queue_id": queued.queue_id,
        "domain_id": queued.domain_id or params["domain_id"],
        "domain": params["domain"],
        "period": int(params["period"]),
        "expires_at": queued.expires_at.isoformat() if queued.expires_at else None,
    }


# --- following the queue ------------------------------------------------------------------------


async def follow_queue(paid: Paid) -> None:
    """After a registration or renewal went through: the card's message follows the queue entry
    (bot.watching polls it; the events hub pokes it when domain.registered/failed arrive)."""
    result = paid.result
    watch = await WatchService(paid.session).start(
        kind=DOMAIN_REGISTER,
        target=str(result["domain_id"]),
        owner_id=paid.card.owner_id,
        api_key_id=paid.api_key_id,
        chat_id=paid.chat_id,
        locale=paid.locale,
        every=POLL_FIRST,
        lasts=FOLLOW_FOR,
        state={k: result[k] for k in ("op", "queue_id", "domain_id", "domain", "period")},
        message_id=paid.message_id,
        first_in=POLL_FIRST,
    )
    if watch is None:  # already followed (a renewal right after another): that one goes on
        log.info("queue already followed domain_id=%s", result["domain_id"])


def next_poll(polls: int) -> float:
    """Seconds until the next look at the queue after `polls` looks."""
    return min(POLL_MAX, POLL_FIRST * POLL_GROWTH ** max(0, polls))


@dataclass(frozen=True, slots=True)
class QueueOutcome:
    """Where a followed queue entry is: still waiting (`status` as piv.day says it), completed
    (with the domain card) or failed (with piv.day's reason, when it gave one)."""

    status: str
    domain: Domain | None = None
    error: str | None = None


async def queue_outcome(client: PivDayClient, queue_id: str, domain_id: str) -> QueueOutcome:
    try:
        entry = await client.domains.queue(queue_id)
    except pe.NotFoundError:
        return await _outcome_from_domain(client, domain_id)
    if entry.status != QUEUE_DONE:
        return QueueOutcome(entry.status, error=entry.error)
    domain = entry.domain
    if not isinstance(domain, Domain):  # a bare name: read the card itself
        domain = await client.domains.get(domain_id)
    return QueueOutcome(QUEUE_DONE, domain)


async def _outcome_from_domain(client: PivDayClient, domain_id: str) -> QueueOutcome:
    """The queue entry is gone (piv.day need not keep finished ones): the domain tells."""
    try:
        domain = await client.domains.get(domain_id)
    except pe.NotFoundError:  # a failed registration leaves no domain behind
        return QueueOutcome(QUEUE_FAILED)
    if domain.status in RENEWABLE:
        return QueueOutcome(QUEUE_DONE, domain)
    return QueueOutcome(domain.status or "pending")


# --- the list and the card ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """The list's filters (None = any), kept in the chat's FSM data between pages."""

    status: str | None = None
    cloudflare: bool | None = None
    auto_renew: bool | None = None
    search: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "cloudflare": self.cloudflare,
            "auto_renew": self.auto_renew,
            "search": self.search,
        }

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> Filters:
        data = data or {}
        status = data.get("status")
        return cls(
            status=status if status in LIST_STATUSES else None,
            cloudflare=_flag(data.get("cloudflare")),
            auto_renew=_flag(data.get("auto_renew")),
            search=data.get("search") or None,
        )

    def next_status(self) -> Filters:
        """any → active → pending → expired → any."""
        cycle = (None, *LIST_STATUSES)
        return replace(self, status=cycle[(cycle.index(self.status) + 1) % len(cycle)])

    def next_cloudflare(self) -> Filters:
        return replace(self, cloudflare=_next_flag(self.cloudflare))

    def next_auto_renew(self) -> Filters:
        return replace(self, auto_renew=_next_flag(self.auto_renew))

    def searching(self, text: str | None) -> Filters:
        return replace(self, search=(text or "").strip()[:SEARCH_MAX] or None)

    @property
    def any_set(self) -> bool:
        return self != Filters()


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _next_flag(value: bool | None) -> bool | None:
    """any → on → off → any."""
    return {None: True, True: False, False: None}[value]


@dataclass(frozen=True, slots=True)
class DomainPage:
    items: list[Domain]
    number: int  # clamped to the pages there are
    total: int


async def list_page(client: PivDayClient, filters: Filters, page: int) -> DomainPage:
    """One page of the account's domains under `filters`; a page past the end (domains went
    away since) becomes the last one."""
    number = max(0, page)
    for _ in range(2):
        found = await client.domains.list(
            limit=PER_PAGE,
            offset=number * PER_PAGE,
            status=filters.status,
            cloudflare=filters.cloudflare,
            auto_renew=filters.auto_renew,
            search=filters.search,
        )
        total = found.pagination.total
        if found.items or total == 0 or number * PER_PAGE < total:
            return DomainPage(list(found.items), number, total)
        number = (total - 1) // PER_PAGE
    return DomainPage([], number, total)


async def get(client: PivDayClient, domain_id: str) -> Domain:
    return await client.domains.get(domain_id)


async def set_auto_renew(client: PivDayClient, domain_id: str, on: bool) -> Domain:
    await client.domains.set_auto_renew(domain_id=domain_id, auto_renew=on)
    return await client.domains.get(domain_id)


async def enable_cloudflare(client: PivDayClient, domain_id: str) -> Domain:
    await client.domains.enable_cloudflare(domain_id=domain_id)
    return await client.domains.get(domain_id)


async def set_nameservers(client: PivDayClient, domain_id: str, names: Sequence[str]) -> Domain:
    await client.domains.set_nameservers(domain_id=domain_id, nameservers=list(names))
    return await client.domains.get(domain_id)
