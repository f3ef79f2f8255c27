"""In-memory state objects and their API renderings (shapes follow the spec's examples)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


def money(value: Decimal | str | int) -> Decimal:
    """Exact to the cent; never built from a float."""
    if isinstance(value, float):
        raise TypeError("money is never a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


@dataclass(eq=False)
class Account:
    user_id: str
    email: str
    balance: Decimal
    team_id: str | None = None

    def card(self, *, is_team_member: bool) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "balance": self.balance,
            "email": mask_email(self.email),
            "team_id": self.team_id,
            "is_team_member": is_team_member,
        }


@dataclass(eq=False)
class ApiKey:
    secret: str = field(repr=False)
    key_id: str
    account: Account
    scopes: frozenset[str]
    is_team_member: bool = False
    webhook_url: str | None = None
    revoked: bool = False

    def __repr__(self) -> str:  # never print the secret
        return f"ApiKey(key_id={self.key_id!r}, scopes={sorted(self.scopes)!r})"


@dataclass
class Country:
    country_code: str
    price_per_month: Decimal
    base_price: Decimal
    can_send_sms: bool
    can_receive_sms: bool
    sms_send_price: Decimal | None
    stock: int
    dial_prefix: str  # numbers handed out start with it…
    phone_digits: int = 11  # …and have this many digits after the + (a valid E.164 number)

    def card(self) -> dict[str, Any]:
        return {
            "country_code": self.country_code,
            "price_per_month": self.price_per_month,
            "base_price": self.base_price,
            "can_send_sms": self.can_send_sms,
            "can_receive_sms": self.can_receive_sms,
            "sms_send_price": self.sms_send_price,
        }


@dataclass(eq=False)
class Sms:
    id: int
    from_number: str
    to_number: str
    message_body: str
    direction: str  # inbound | outbound
    status: str  # received | queued | sent | delivered | failed
    at: datetime

    def card(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "from_number": self.from_number,
            "to_number": self.to_number,
            "message_body": self.message_body,
            "direction": self.direction,
            "status": self.status,
            "received_at": self.at,
        }


@dataclass(eq=False)
class Number:
    piv_num_id: str
    account: Account
    owner: ApiKey
    phone_number: str
    country_code: str
    status: str  # active | expired | pending_restore | gone
    created_at: datetime
    expires_at: datetime
    auto_renew: bool
    custom_name: str | None
    can_send_sms: bool
    can_receive_sms: bool
    tags: list[str] = field(default_factory=list)
    expired_at: datetime | None = None
    messages: list[Sms] = field(default_factory=list)

    def card(self) -> dict[str, Any]:
        return {
            "piv_num_id": self.piv_num_id,
            "phone_number": self.phone_number,
            "country_code": self.country_code,
            "status": self.status,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "auto_renew": self.auto_renew,
            "custom_name": self.custom_name,
            "purchased_at": self.created_at,
            "next_renewal_date": self.expires_at,
            "tags": list(self.tags),
            "can_send_sms": self.can_send_sms,
            "can_receive_sms": self.can_receive_sms,
        }


@dataclass(eq=False)
class ProxyServer:
    id: str
    name: str
    country: str
    host: str
    ipv6_prefix: str
    socks5_port: int
    http_port: int
    price_per_proxy: Decimal
    active: bool = True

    def card(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "socks5_port": self.socks5_port,
            "http_port": self.http_port,
            "price_per_proxy": self.price_per_proxy,
        }


@dataclass
class ProxyItem:
    login: str
    password: str = field(repr=False)
    host: str
    socks5_port: int
    http_port: int
    ipv6: str

    def card(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "password": self.password,
            "host": self.host,
            "socks5_port": self.socks5_port,
            "http_port": self.http_port,
            "ipv6": self.ipv6,
        }


@dataclass(eq=False)
class ProxyOrder:
    id: str
    account: Account
    owner: ApiKey
    server: ProxyServer
    quantity: int
    price_per_proxy: Decimal
    price_total: Decimal
    status: str  # active | expired
    created_at: datetime
    expires_at: datetime
    items: list[ProxyItem]
    warned_for: datetime | None = None

    def card(self, *, items: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "country": self.server.country,
            "quantity": self.quantity,
            "price_per_proxy": self.price_per_proxy,
            "price_total": self.price_total,
            "status": self.status,
            "purchased_at": self.created_at,
            "expires_at": self.expires_at,
        }
        if items:
            out["created_at"] = self.created_at
            out["items"] = [item.card() for item in self.items]
        return out


@dataclass(eq=False)
class DnsRecord:
    id: str
    type: str
    name: str
    content: str
    ttl: int = 1
    priority: int | None = None
    proxied: bool = False

    def card(self, *, with_id: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id} if with_id else {}
        out.update(
            type=self.type,
            name=self.name,
            content=self.content,
            ttl=self.ttl,
            priority=self.priority,
            proxied=self.proxied,
        )
        return out


@dataclass(eq=False)
class Domain:
    id: str
    account: Account
    owner: ApiKey
    domain_name: str
    status: str  # purchasing | active | expired | failed
    period: int
    auto_renew: bool
    cloudflare_enabled: bool
    ssl_mode: str | None
    nameservers: list[str]
    dns_records: list[DnsRecord]
    created_at: datetime
    updated_at: datetime
    registered_at: datetime | None = None
    expires_at: datetime | None = None
    warned_for: datetime | None = None

    def card(self, *, records: bool = False) -> dict[str, Any]:
        cf_on = self.cloudflare_enabled and self.status == "active"
        out: dict[str, Any] = {
            "id": self.id,
            "domain_name": self.domain_name,
            "status": self.status,
            "registered_at": self.registered_at,
            "expires_at": self.expires_at,
            "auto_renew": self.auto_renew,
            "cloudflare_enabled": self.cloudflare_enabled,
            "cloudflare_status": "active"
            if cf_on
            else ("pending" if self.cloudflare_enabled else None),
            "ssl_type": "lets_encrypt" if cf_on else None,
            "ssl_status": "active" if cf_on else None,
            "ssl_mode": self.ssl_mode,
            "ssl_expires_at": self.ssl_expires_at if cf_on else None,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
        if records:
            out["dns_records"] = [r.card(with_id=False) for r in self.dns_records]
            if not self.cloudflare_enabled:
                out["nameservers"] = list(self.nameservers)
        return out

    @property
    def ssl_expires_at(self) -> datetime | None:
        # Let's Encrypt certificates live 90 days from registration.
        return self.registered_at + timedelta(days=90) if self.registered_at else None


@dataclass(eq=False)
class QueueEntry:
    id: str
    domain: Domain
    kind: str  # register | renew
    period: int
    cost: Decimal
    status: str = "pending"  # pending | processing | completed | failed
    error: str | None = None


WHITE_STATUS = {"queued": 0, "processing": 1, "done": 10, "failed": -1}
WHITE_STATUS_WORD = {code: word for word, code in WHITE_STATUS.items()}


@dataclass(eq=False)
class White:
    id: str
    account: Account
    owner: ApiKey
    name: str
    tier_key: str
    quality: str
    niche: str
    country: str
    language: str
    domain: str | None
    cost: Decimal
    created_at: datetime
    options: dict[str, Any] = field(default_factory=dict)
    status: int = WHITE_STATUS["queued"]

    def card(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "tier_key": self.tier_key,
            "quality": self.quality,
            "niche": self.niche,
            "country": self.country,
            "language": self.language,
            "domain": self.domain,
            "result_url": None,
            "created_at": self.created_at,
        }


@dataclass(eq=False)
class DownloadLink:
    token: str
    white: White
    format: str
    filename: str
    expires_at: datetime


@dataclass
class Tier:
    tier_key: str
    name: str
    min_articles: int
    max_articles: int
    price: Decimal
    extra_article_price: Decimal | None

    def card(self) -> dict[str, Any]:
        return {
            "tier_key": self.tier_key,
            "name": self.name,
            "generator_version": "v2",
            "min_articles": self.min_articles,
            "max_articles": self.max_articles,
            "price": self.price,
            "extra_article_price": self.extra_article_price,
        }
