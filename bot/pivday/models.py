"""Typed answers of the piv.day API (pydantic v2).

Rules every model follows: money is Decimal, times are timezone-aware, ids are strings whatever the
JSON type, enum-like fields are plain `str` (a status the docs don't list is kept, never a crash;
the `*Status` classes below only name the documented values), unknown fields are ignored.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import Field, field_validator, model_validator

from bot.pivday._types import ApiModel, Id, Money, Timestamp
from bot.pivday.webhooks import (
    DomainExpiresSoonEvent,
    DomainFailedEvent,
    DomainRegisteredEvent,
    Event,
    NumberRestoreCompletedEvent,
    ProxyExpiresSoonEvent,
    SmsReceivedEvent,
    SmsStatusUpdatedEvent,
    UnknownEvent,
    VerifyCompletedEvent,
    VerifyFailedEvent,
    WhiteCompletedEvent,
    WhiteFailedEvent,
    normalize_tier_key,
    parse_event,
)

__all__ = [
    "Account",
    "Ack",
    "CloudflareEnabled",
    "Country",
    "DnsRecord",
    "Domain",
    "DomainAutoRenew",
    "DomainAvailability",
    "DomainExpiresSoonEvent",
    "DomainFailedEvent",
    "DomainQueueStatus",
    "DomainRegisteredEvent",
    "DomainRegistration",
    "DomainRenewal",
    "Event",
    "Nameserver",
    "NameserverList",
    "Number",
    "NumberAutoRenew",
    "NumberPurchase",
    "NumberRenewal",
    "NumberRestore",
    "NumberRestoreCompletedEvent",
    "NumberStatus",
    "Page",
    "Pagination",
    "ProxyCredential",
    "ProxyExpiresSoonEvent",
    "ProxyExport",
    "ProxyOrder",
    "ProxyRenewal",
    "ProxyRestore",
    "ProxyServer",
    "PurchasedNumber",
    "RestoredNumberStatus",
    "SentSms",
    "SmsMessage",
    "SmsReceivedEvent",
    "SmsStatusUpdatedEvent",
    "UnknownEvent",
    "VerifyCompletedEvent",
    "VerifyFailedEvent",
    "White",
    "WhiteCompletedEvent",
    "WhiteCreated",
    "WhiteDownload",
    "WhiteFailedEvent",
    "WhiteStatus",
    "WhiteTier",
    "normalize_tier_key",
    "parse_event",
    "white_status_code",
    "white_status_word",
]

T = TypeVar("T")


# --- pages -----------------------------------------------------------------------------------


class Pagination(ApiModel):
    total: int
    limit: int | None = None
    offset: int = 0


class Page(ApiModel, Generic[T]):
    """One page of a list endpoint. The API names the list per endpoint ("numbers", "orders"...);
    whatever its name, it lands in `.items`."""

    items: list[T]
    pagination: Pagination

    @model_validator(mode="before")
    @classmethod
    def _find_items(cls, value: Any) -> Any:
        if not isinstance(value, dict) or "items" in value:
            return value
        lists = [k for k, v in value.items() if k != "pagination" and isinstance(v, list)]
        if len(lists) != 1:
            return value  # let validation report the missing `items`
        items = value[lists[0]]
        pagination = value.get("pagination") or {"total": len(items), "limit": len(items)}
        return {"items": items, "pagination": pagination}

    @property
    def has_more(self) -> bool:
        return self.pagination.offset + len(self.items) < self.pagination.total


class Ack(ApiModel):
    """A success envelope without a documented body (verify, DNS update/delete, white config)."""

    message: str | None = None
    data: Any = None


# --- account & numbers -------------------------------------------------------------------------


class Account(ApiModel):
    user_id: Id
    balance: Money
    email: str | None = None
    team_id: Id | None = None
    is_team_member: bool = False


class Country(ApiModel):
    country_code: str
    price_per_month: Money
    base_price: Money
    can_send_sms: bool = False
    can_receive_sms: bool = False
    sms_send_price: Money | None = None


class NumberStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    PENDING_RESTORE = "pending_restore"


class Number(ApiModel):
    piv_num_id: Id
    phone_number: str
    country_code: str | None = None
    status: str | None = None
    created_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    auto_renew: bool | None = None
    custom_name: str | None = None
    purchased_at: Timestamp | None = None
    next_renewal_date: Timestamp | None = None
    tags: list[str] = Field(default_factory=list)
    can_send_sms: bool | None = None
    can_receive_sms: bool | None = None


class PurchasedNumber(ApiModel):
    piv_num_id: Id
    country_code: str
    phone_number: str
    created_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    auto_renew: bool = False
    custom_name: str | None = None


class NumberPurchase(ApiModel):
    cost: Money
    numbers: list[PurchasedNumber]


class NumberRenewal(ApiModel):
    piv_num_id: Id
    phone_number: str | None = None
    old_expires_at: Timestamp | None = None
    new_expires_at: Timestamp | None = None
    cost: Money


class NumberAutoRenew(ApiModel):
    piv_num_id: Id
    phone_number: str | None = None
    auto_renew: bool


class RestoredNumberStatus(ApiModel):
    piv_num_id: Id
    phone_number: str | None = None
    status: str | None = None


class NumberRestore(ApiModel):
    queued: int = 0
    skipped: int = 0
    total_charged: Money = Decimal("0")
    numbers: list[RestoredNumberStatus] = Field(default_factory=list)


class SmsMessage(ApiModel):
    id: Id
    from_number: str | None = None
    to_number: str | None = None
    message_body: str = ""
    direction: str | None = None
    status: str | None = None
    received_at: Timestamp | None = None


class SentSms(ApiModel):
    message_id: Id
    from_number: str | None = None
    to_number: str
    message_body: str = ""
    status: str | None = None
    created_at: Timestamp | None = None


# --- proxy -------------------------------------------------------------------------------------


class ProxyServer(ApiModel):
    id: Id
    name: str | None = None
    country: str | None = None
    socks5_port: int | None = None
    http_port: int | None = None
    price_per_proxy: Money


class ProxyCredential(ApiModel):
    login: str
    password: str = Field(repr=False)
    host: str
    socks5_port: int | None = None
    http_port: int | None = None
    ipv6: str | None = None


class ProxyOrder(ApiModel):
    id: Id
    country: str | None = None
    quantity: int
    price_per_proxy: Money | None = None
    price_total: Money | None = None
    status: str | None = None
    purchased_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    created_at: Timestamp | None = None
    auto_renew: bool | None = None  # not in the documented examples; shown when piv.day sends it
    items: list[ProxyCredential] = Field(default_factory=list)


class ProxyRenewal(ApiModel):
    order_id: Id
    cost: Money
    new_expires_at: Timestamp | None = None


class ProxyRestore(ApiModel):
    order_id: Id
    quantity: int | None = None
    total_cost: Money
    expires_at: Timestamp | None = None


class ProxyExport(ApiModel):
    content: str = Field(repr=False)
    filename: str | None = None
    format: str | None = None
    count: int | None = None


# --- domains -----------------------------------------------------------------------------------


class DomainAvailability(ApiModel):
    domain: str
    available: bool
    create_price: Money | None = None
    renew_price: Money | None = None
    currency: str | None = None


class DnsRecord(ApiModel):
    id: Id | None = None
    type: str
    name: str
    content: str
    ttl: int | None = None
    priority: int | None = None
    proxied: bool | None = None


class Domain(ApiModel):
    id: Id
    domain_name: str
    status: str | None = None
    period: int | None = None
    registered_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    auto_renew: bool | None = None
    cloudflare_enabled: bool | None = None
    cloudflare_status: str | None = None
    ssl_type: str | None = None
    ssl_status: str | None = None
    ssl_mode: str | None = None
    ssl_expires_at: Timestamp | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    dns_records: list[DnsRecord] = Field(default_factory=list)
    # Only present without Cloudflare; the docs don't show its shape, so accept names or objects.
    nameservers: list[str] | None = None

    @field_validator("nameservers", mode="before")
    @classmethod
    def _ns_names(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v.get("nameserver") if isinstance(v, dict) else v for v in value]
        return value


class DomainRegistration(ApiModel):
    queue_id: Id
    domain: Domain


class DomainQueueStatus(ApiModel):
    """While pending, `domain` is just the name; once completed it is the full card."""

    queue_id: Id
    status: str
    domain: Domain | str | None = None
    error: str | None = None  # why a failed entry failed (the domain.failed event says it too)

    @property
    def domain_name(self) -> str | None:
        return self.domain.domain_name if isinstance(self.domain, Domain) else self.domain


class DomainRenewal(ApiModel):
    queue_id: Id
    domain_id: Id | None = None
    expires_at: Timestamp | None = None


class DomainAutoRenew(ApiModel):
    id: Id
    auto_renew: bool


class CloudflareEnabled(ApiModel):
    domain_id: Id
    ssl_mode: str | None = None


class Nameserver(ApiModel):
    nameserver: str
    order_index: int | None = None


class NameserverList(ApiModel):
    nameservers: list[Nameserver]


# --- whites ------------------------------------------------------------------------------------


class WhiteStatus(StrEnum):
    """The words the list filter takes; answers carry integers (see `white_status_word`)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


# Answers use integers, the filter uses words. 0 (a fresh job) and 10 (listed under status=done)
# are shown by the docs; 1 and -1 are this client's reading, the one table to fix if wrong.
_WHITE_STATUS_WORDS: dict[int, str] = {
    0: WhiteStatus.QUEUED,
    1: WhiteStatus.PROCESSING,
    10: WhiteStatus.DONE,
    -1: WhiteStatus.FAILED,
}
_WHITE_STATUS_CODES = {word: code for code, word in _WHITE_STATUS_WORDS.items()}


def white_status_word(status: int | str) -> str | None:
    """The filter word for a status from an answer; None for an integer the docs don't know."""
    if isinstance(status, str):
        return status
    return _WHITE_STATUS_WORDS.get(status)


def white_status_code(word: str) -> int | None:
    return _WHITE_STATUS_CODES.get(word)


class WhiteTier(ApiModel):
    tier_key: str
    name: str | None = None
    generator_version: str | None = None
    min_articles: int = 0
    max_articles: int = 0
    price: Money
    extra_article_price: Money | None = None


class White(ApiModel):
    id: Id
    name: str
    status: int | str
    tier_key: str | None = None
    quality: str | None = None
    niche: str | None = None
    country: str | None = None
    language: str | None = None
    domain: str | None = None
    result_url: str | None = None
    created_at: Timestamp | None = None

    @property
    def status_word(self) -> str | None:
        return white_status_word(self.status)


class WhiteCreated(ApiModel):
    status: str | None = None
    white: White


class WhiteDownload(ApiModel):
    url: str
    filename: str | None = None
    format: str | None = None
    expires_at: Timestamp | None = None
