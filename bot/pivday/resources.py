"""The endpoint groups of PivDayClient: account, numbers, proxy, domains, whites.

Each method validates its arguments (see inputs.py), makes one call and returns a typed model.
List endpoints return a `Page`; `iter_*` walks every page.

A method that spends money or changes state (POST/PUT/PATCH/DELETE) takes keyword arguments only,
ids included, so swapped positions cannot send a different order; a read may take its one id
positionally, everything else by keyword. tests/test_pivday_signatures.py holds every group to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from pydantic import TypeAdapter

from bot.pivday import inputs as i
from bot.pivday import models as m
from bot.pivday._http import Answer, Requester
from bot.pivday.errors import LocalValidationError

T = TypeVar("T")
ITER_PAGE_SIZE = 100


async def walk(
    fetch: Callable[[int, int], Awaitable[m.Page[T]]], page_size: int
) -> AsyncIterator[T]:
    """Every item of a list endpoint, page by page, until `pagination.total` is reached."""
    offset = 0
    while True:
        page = await fetch(page_size, offset)
        for item in page.items:
            yield item
        offset += len(page.items)
        if not page.items or offset >= page.pagination.total:
            return


class _Group:
    def __init__(self, requester: Requester) -> None:
        self._r = requester


class Account(_Group):
    async def get(self) -> m.Account:
        return (await self._r.call("GET", "/account")).parse(m.Account, "account")


_COUNTRIES = TypeAdapter(list[m.Country])


class Numbers(_Group):
    async def countries(self) -> list[m.Country]:
        return (await self._r.call("GET", "/numbers/countries")).parse(_COUNTRIES, "countries")

    async def list(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        country: str | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> m.Page[m.Number]:
        params = {**i.page_params(limit, offset, 200), "country": country, "status": status}
        params["search"] = search
        answer = await self._r.call("GET", "/numbers", params=params)
        return answer.parse(m.Page[m.Number], "numbers list")

    def iter_all(
        self,
        *,
        country: str | None = None,
        status: str | None = None,
        search: str | None = None,
        page_size: int = ITER_PAGE_SIZE,
    ) -> AsyncIterator[m.Number]:
        return walk(
            lambda lim, off: self.list(
                limit=lim, offset=off, country=country, status=status, search=search
            ),
            page_size,
        )

    async def get(self, piv_num_id: str) -> m.Number:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}"
        return (await self._r.call("GET", path)).parse(m.Number, "number")

    async def purchase(
        self,
        *,
        country_code: str,
        duration_months: int,
        auto_renew: bool,
        custom_name: str | None = None,
    ) -> m.NumberPurchase:
        body = i.body(
            i.NumberPurchaseBody,
            country_code=country_code,
            duration_months=duration_months,
            auto_renew=auto_renew,
            custom_name=custom_name,
        )
        answer = await self._r.call("POST", "/numbers/purchase", json_body=body)
        return answer.parse(m.NumberPurchase, "number purchase")

    async def renew(self, *, piv_num_id: str, duration_months: int) -> m.NumberRenewal:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}/renew"
        body = i.body(i.NumberRenewBody, duration_months=duration_months)
        return (await self._r.call("POST", path, json_body=body)).parse(m.NumberRenewal, "renew")

    async def update(self, *, piv_num_id: str, custom_name: str) -> m.Number:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}"
        body = i.body(i.NumberUpdateBody, custom_name=custom_name)
        return (await self._r.call("PATCH", path, json_body=body)).parse(m.Number, "update")

    async def set_auto_renew(self, *, piv_num_id: str, auto_renew: bool) -> m.NumberAutoRenew:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}/auto-renewal"
        body = i.body(i.AutoRenewBody, auto_renew=auto_renew)
        answer = await self._r.call("PATCH", path, json_body=body)
        return answer.parse(m.NumberAutoRenew, "auto-renewal")

    async def restore(self, *, piv_num_ids: Sequence[str]) -> m.NumberRestore:
        body = i.body(i.NumberRestoreBody, piv_num_ids=_listed(piv_num_ids))
        answer = await self._r.call("POST", "/numbers/restore", json_body=body)
        return answer.parse(m.NumberRestore, "restore")

    async def sms(
        self, piv_num_id: str, *, limit: int | None = None, offset: int | None = None
    ) -> m.Page[m.SmsMessage]:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}/sms"
        answer = await self._r.call("GET", path, params=i.page_params(limit, offset, 200))
        return answer.parse(m.Page[m.SmsMessage], "sms history")

    def iter_sms(
        self, piv_num_id: str, *, page_size: int = ITER_PAGE_SIZE
    ) -> AsyncIterator[m.SmsMessage]:
        return walk(lambda lim, off: self.sms(piv_num_id, limit=lim, offset=off), page_size)

    async def send_sms(self, *, piv_num_id: str, to_number: str, message_body: str) -> m.SentSms:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}/sms/send"
        body = i.body(i.SendSmsBody, to_number=to_number, message_body=message_body)
        return (await self._r.call("POST", path, json_body=body)).parse(m.SentSms, "send sms")

    async def verify(self, *, piv_num_id: str, gv_url: str) -> m.Ack:
        path = f"/numbers/{i.require_id('piv_num_id', piv_num_id)}/verify"
        body = i.body(i.VerifyBody, gv_url=gv_url)
        return _ack(await self._r.call("POST", path, json_body=body))


def _listed(values: Sequence[T] | None) -> Any:
    """A list/tuple argument as the JSON list the body model expects; anything else (a bare string,
    None) is passed on for the model to accept or refuse."""
    return list(values) if isinstance(values, list | tuple) else values


def _ack(answer: Answer) -> m.Ack:
    """Endpoints without a documented body: any success envelope is accepted as-is."""
    body = answer.body if isinstance(answer.body, dict) else {}
    message = body.get("message")
    return m.Ack(message=message if isinstance(message, str) else None, data=body.get("data"))


_SERVERS = TypeAdapter(list[m.ProxyServer])


class Proxy(_Group):
    async def servers(self) -> list[m.ProxyServer]:
        answer = (await self._r.call("GET", "/proxy/servers")).pick("servers")
        return answer.parse(_SERVERS, "proxy servers")

    async def orders(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> m.Page[m.ProxyOrder]:
        params = {**i.page_params(limit, offset, 500), "status": status, "search": search}
        answer = await self._r.call("GET", "/proxy/orders", params=params)
        return answer.parse(m.Page[m.ProxyOrder], "proxy orders")

    def iter_all(
        self,
        *,
        status: str | None = None,
        search: str | None = None,
        page_size: int = ITER_PAGE_SIZE,
    ) -> AsyncIterator[m.ProxyOrder]:
        return walk(
            lambda lim, off: self.orders(limit=lim, offset=off, status=status, search=search),
            page_size,
        )

    iter_orders = iter_all

    async def order(self, order_id: str) -> m.ProxyOrder:
        path = f"/proxy/orders/{i.require_id('order_id', order_id)}"
        return (await self._r.call("GET", path)).pick("order").parse(m.ProxyOrder, "order")

    async def purchase(self, *, server_id: str, quantity: int, months: int) -> m.ProxyOrder:
        body = i.body(i.ProxyPurchaseBody, server_id=server_id, quantity=quantity, months=months)
        answer = await self._r.call("POST", "/proxy/purchase", json_body=body)
        return answer.pick("order").parse(m.ProxyOrder, "proxy purchase")

    async def renew(self, *, order_id: str, months: int) -> m.ProxyRenewal:
        path = f"/proxy/orders/{i.require_id('order_id', order_id)}/renew"
        body = i.body(i.ProxyRenewBody, months=months)
        return (await self._r.call("POST", path, json_body=body)).parse(m.ProxyRenewal, "renew")

    async def restore(self, *, order_id: str) -> m.ProxyRestore:
        path = f"/proxy/orders/{i.require_id('order_id', order_id)}/restore"
        return (await self._r.call("POST", path)).parse(m.ProxyRestore, "proxy restore")

    async def export(self, order_id: str, *, format: str = "socks5") -> m.ProxyExport:
        if format not in i.EXPORT_FORMATS:
            raise LocalValidationError("format", f"must be one of {', '.join(i.EXPORT_FORMATS)}")
        path = f"/proxy/orders/{i.require_id('order_id', order_id)}/export"
        answer = await self._r.call("GET", path, params={"format": format})
        return answer.parse(m.ProxyExport, "proxy export")


_DNS_RECORDS = TypeAdapter(list[m.DnsRecord])


class Domains(_Group):
    async def search(self, q: str) -> m.DomainAvailability:
        if not isinstance(q, str) or not q.strip():
            raise LocalValidationError("q", "must be a domain name")
        answer = await self._r.call("GET", "/domains/search", params={"q": q.strip()})
        return answer.parse(m.DomainAvailability, "domain search")

    async def list(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        status: str | None = None,
        cloudflare: bool | None = None,
        auto_renew: bool | None = None,
        search: str | None = None,
    ) -> m.Page[m.Domain]:
        params: dict[str, Any] = {**i.page_params(limit, offset, 500), "status": status}
        params |= {"cloudflare": i.bool_param(cloudflare), "auto_renew": i.bool_param(auto_renew)}
        params["search"] = search
        answer = await self._r.call("GET", "/domains", params=params)
        return answer.parse(m.Page[m.Domain], "domains list")

    def iter_all(
        self,
        *,
        status: str | None = None,
        cloudflare: bool | None = None,
        auto_renew: bool | None = None,
        search: str | None = None,
        page_size: int = ITER_PAGE_SIZE,
    ) -> AsyncIterator[m.Domain]:
        return walk(
            lambda lim, off: self.list(
                limit=lim,
                offset=off,
                status=status,
                cloudflare=cloudflare,
                auto_renew=auto_renew,
                search=search,
            ),
            page_size,
        )

    async def register(
        self,
        *,
        domain: str,
        period: int,
        cloudflare: bool,
        auto_renew: bool,
        ssl_mode: str | None = None,
        nameservers: Sequence[str] | None = None,
        dns_records: Sequence[dict[str, Any]] | None = None,
    ) -> m.DomainRegistration:
        body = i.body(
            i.DomainRegisterBody,
            domain=domain,
            period=period,
            cloudflare=cloudflare,
            auto_renew=auto_renew,
            ssl_mode=ssl_mode,
            nameservers=_listed(nameservers),
            dns_records=None if dns_records is None else [dict(r) for r in dns_records],
        )
        answer = await self._r.call("POST", "/domains", json_body=body)
        return answer.parse(m.DomainRegistration, "domain registration")

    async def queue(self, queue_id: str) -> m.DomainQueueStatus:
        path = f"/domains/queue/{i.require_id('queue_id', queue_id)}"
        return (await self._r.call("GET", path)).parse(m.DomainQueueStatus, "queue status")

    async def get(self, domain_id: str) -> m.Domain:
        path = f"/domains/{i.require_id('domain_id', domain_id)}"
        return (await self._r.call("GET", path)).pick("domain").parse(m.Domain, "domain")

    async def renew(self, *, domain_id: str, period: int) -> m.DomainRenewal:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/renew"
        body = i.body(i.DomainRenewBody, period=period)
        answer = await self._r.call("POST", path, json_body=body)
        return answer.parse(m.DomainRenewal, "domain renew")

    async def set_auto_renew(self, *, domain_id: str, auto_renew: bool) -> m.DomainAutoRenew:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/auto-renew"
        body = i.body(i.AutoRenewBody, auto_renew=auto_renew)
        answer = await self._r.call("POST", path, json_body=body)
        return answer.parse(m.DomainAutoRenew, "domain auto-renew")

    async def dns(self, domain_id: str) -> list[m.DnsRecord]:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/dns"
        return (await self._r.call("GET", path)).pick("records").parse(_DNS_RECORDS, "dns")

    async def add_dns(
        self,
        *,
        domain_id: str,
        type: str,
        name: str,
        content: str,
        ttl: int | None = None,
        proxied: bool | None = None,
        priority: int | None = None,
    ) -> m.DnsRecord:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/dns"
        body = i.body(
            i.DnsRecordBody,
            type=type,
            name=name,
            content=content,
            ttl=ttl,
            proxied=proxied,
            priority=priority,
        )
        answer = await self._r.call("POST", path, json_body=body)
        return answer.pick("record").parse(m.DnsRecord, "add dns")

    async def update_dns(
        self,
        *,
        domain_id: str,
        record_id: str,
        type: str | None = None,
        name: str | None = None,
        content: str | None = None,
        ttl: int | None = None,
        proxied: bool | None = None,
        priority: int | None = None,
    ) -> m.Ack:
        """Overwrites only the fields given (at least one)."""
        path = (
            f"/domains/{i.require_id('domain_id', domain_id)}"
            f"/dns/{i.require_id('record_id', record_id)}"
        )
        body = i.body(
            i.DnsUpdateBody,
            type=type,
            name=name,
            content=content,
            ttl=ttl,
            proxied=proxied,
            priority=priority,
        )
        return _ack(await self._r.call("PUT", path, json_body=body))

    async def delete_dns(self, *, domain_id: str, record_id: str) -> m.Ack:
        path = (
            f"/domains/{i.require_id('domain_id', domain_id)}"
            f"/dns/{i.require_id('record_id', record_id)}"
        )
        return _ack(await self._r.call("DELETE", path))

    async def enable_cloudflare(self, *, domain_id: str) -> m.CloudflareEnabled:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/cloudflare"
        body = i.body(i.CloudflareBody, enabled=True)
        answer = await self._r.call("POST", path, json_body=body)
        return answer.parse(m.CloudflareEnabled, "enable cloudflare")

    async def set_nameservers(
        self, *, domain_id: str, nameservers: Sequence[str]
    ) -> m.NameserverList:
        path = f"/domains/{i.require_id('domain_id', domain_id)}/ns-servers"
        body = i.body(i.NameserversBody, nameservers=_listed(nameservers))
        answer = await self._r.call("POST", path, json_body=body)
        return answer.parse(m.NameserverList, "nameservers")


_TIERS = TypeAdapter(list[m.WhiteTier])


class Whites(_Group):
    async def tiers(self) -> list[m.WhiteTier]:
        return (await self._r.call("GET", "/whites/tiers")).pick("tiers").parse(_TIERS, "tiers")

    async def list(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        status: str | int | None = None,
        tier_key: str | None = None,
    ) -> m.Page[m.White]:
        params: dict[str, Any] = {**i.page_params(limit, offset, 500), "status": _status(status)}
        params["tier_key"] = m.normalize_tier_key(tier_key)
        answer = await self._r.call("GET", "/whites", params=params)
        return answer.parse(m.Page[m.White], "whites list")

    def iter_all(
        self,
        *,
        status: str | int | None = None,
        tier_key: str | None = None,
        page_size: int = ITER_PAGE_SIZE,
    ) -> AsyncIterator[m.White]:
        return walk(
            lambda lim, off: self.list(limit=lim, offset=off, status=status, tier_key=tier_key),
            page_size,
        )

    async def create(
        self,
        *,
        name: str,
        tier_key: str,
        niche: str,
        country: str,
        language: str,
        quality: str | None = None,
        languages: Sequence[str] | None = None,
        domain: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        address: str | None = None,
        legal_name: str | None = None,
        style_hint: str | None = None,
        keywords: Sequence[str] | None = None,
        banned_words: Sequence[str] | None = None,
        blog_count: int | None = None,
        contacts_mode: str | None = None,
        contacts_template: str | None = None,
        facebook: str | None = None,
        instagram: str | None = None,
        linkedin: str | None = None,
        youtube: str | None = None,
        tiktok: str | None = None,
    ) -> m.WhiteCreated:
        body = i.body(
            i.WhiteCreateBody,
            name=name,
            tier_key=tier_key,
            niche=niche,
            country=country,
            language=language,
            quality=quality,
            languages=_listed(languages),
            domain=domain,
            email=email,
            phone=phone,
            address=address,
            legal_name=legal_name,
            style_hint=style_hint,
            keywords=_listed(keywords),
            banned_words=_listed(banned_words),
            blog_count=blog_count,
            contacts_mode=contacts_mode,
            contacts_template=contacts_template,
            facebook=facebook,
            instagram=instagram,
            linkedin=linkedin,
            youtube=youtube,
            tiktok=tiktok,
        )
        answer = await self._r.call("POST", "/whites", json_body=body)
        return answer.parse(m.WhiteCreated, "white create")

    async def get(self, white_id: str) -> m.White:
        path = f"/whites/{i.require_id('white_id', white_id)}"
        return (await self._r.call("GET", path)).pick("white").parse(m.White, "white")

    async def download(self, white_id: str, *, format: str = "php") -> m.WhiteDownload:
        if not isinstance(format, str) or not format.strip():
            raise LocalValidationError("format", "must be a non-empty format name")
        path = f"/whites/{i.require_id('white_id', white_id)}/download"
        answer = await self._r.call("GET", path, params={"format": format})
        return answer.parse(m.WhiteDownload, "white download")

    async def update_config(
        self,
        *,
        white_id: str,
        company: str | None = None,
        domain: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        address: str | None = None,
        legal: str | None = None,
    ) -> m.Ack:
        path = f"/whites/{i.require_id('white_id', white_id)}/config"
        body = i.body(
            i.WhiteConfigBody,
            company=company,
            domain=domain,
            email=email,
            phone=phone,
            address=address,
            legal=legal,
        )
        return _ack(await self._r.call("POST", path, json_body=body))


def _status(status: str | int | None) -> str | None:
    """The list filter takes words; an integer status from an answer is translated."""
    if status is None or isinstance(status, str):
        return status
    word = m.white_status_word(status)
    if word is None:
        raise LocalValidationError("status", f"unknown white status {status}")
    return word
