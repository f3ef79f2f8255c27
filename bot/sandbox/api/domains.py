"""Domains: search, list/register (queued), queue status, card, renew (queued), auto-renew, DNS
CRUD, Cloudflare and nameservers.

Rules from the spec: with Cloudflare, no `nameservers` (ssl_mode and dns_records allowed);
without it, ≥ 2 `nameservers` and neither ssl_mode nor dns_records. Cloudflare cannot be turned
off; custom nameservers cannot be set while it is on. DNS records live only on Cloudflare domains.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from bot.sandbox import flows
from bot.sandbox.errors import ApiError, ok, validation
from bot.sandbox.models import DnsRecord, Domain, money
from bot.sandbox.routing import Ctx, EndpointTable
from bot.sandbox.validation import HOSTNAME, Fields, page, query_choice

table = EndpointTable()
READ, WRITE = "domains:read", "domains:write"
SSL_MODES = ("flexible", "full", "strict")
RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA")
BOOL_WORDS = {"true": True, "false": False}
LIST_STATUS = {"active": ("active",), "pending": ("purchasing",), "expired": ("expired",)}


def _own_domain(ctx: Ctx) -> Domain:
    domain = ctx.sb.domains_by_id.get(ctx.params["id"])
    if domain is None or domain.account is not ctx.account or domain.status == "failed":
        raise ApiError("NOT_FOUND", "Domain not found")
    return domain


def _domain_name(f: Fields, name: str) -> str:
    value = f.req_str(name, max_len=253).strip().lower()
    if not HOSTNAME.match(value):
        raise validation(name, "must be a domain name such as mysite.com")
    return value


def _nameservers(f: Fields) -> list[str] | None:
    servers = f.str_list("nameservers", required=False, max_items=13, item_max_len=253)
    if servers is None:
        return None
    if len(servers) < 2:
        raise validation("nameservers", "at least 2 nameservers are required")
    if not all(HOSTNAME.match(ns.lower()) for ns in servers):
        raise validation("nameservers", "each must be a host name such as ns1.example.com")
    return [ns.lower() for ns in servers]


def _record(ctx: Ctx, raw: Mapping[str, Any], *, field: str = "body") -> DnsRecord:
    f = Fields(raw)
    try:
        record_type = f.req_str("type", choices=RECORD_TYPES)
        name = f.req_str("name", min_len=1, max_len=253)
        content = f.req_str("content", min_len=1, max_len=2048)
        ttl = f.int_("ttl", required=False, lo=1, hi=86400, default=1)
        priority = f.int_("priority", required=False, lo=0, hi=65535)
        proxied = f.bool_("proxied", required=False, default=False)
    except ApiError as err:
        if field != "body":
            err.message = f"{field}.{err.message}"
        raise
    return DnsRecord(
        id=f"rec-{ctx.sb.new_uuid()}",
        type=record_type,
        name=name,
        content=content,
        ttl=ttl or 1,
        priority=priority,
        proxied=bool(proxied),
    )


@table.get("/domains/search", scope=READ)
async def search(ctx: Ctx) -> web.Response:
    q = (ctx.query.get("q") or "").strip().lower()
    if not q:
        raise validation("q", "is required")
    if not HOSTNAME.match(q):
        raise validation("q", "must be a domain name such as mysite.com")
    prices = flows.domain_prices(q)
    return ok(
        {
            "domain": q,
            "available": flows.domain_available(ctx.sb, q),
            "create_price": prices[0] if prices else None,
            "renew_price": prices[1] if prices else None,
            "currency": "USD",
        }
    )


@table.get("/domains", scope=READ)
async def list_domains(ctx: Ctx) -> web.Response:
    q = ctx.query
    status = query_choice(q, "status", LIST_STATUS)
    cloudflare = query_choice(q, "cloudflare", BOOL_WORDS)
    auto_renew = query_choice(q, "auto_renew", BOOL_WORDS)
    search_text = (q.get("search") or "").lower()
    found = [
        d
        for d in ctx.sb.domains_by_id.values()
        if d.account is ctx.account
        and d.status != "failed"
        and (status is None or d.status in LIST_STATUS[status])
        and (cloudflare is None or d.cloudflare_enabled is BOOL_WORDS[cloudflare])
        and (auto_renew is None or d.auto_renew is BOOL_WORDS[auto_renew])
        and search_text in d.domain_name
    ]
    items, pagination = page(q, found, default_limit=100, max_limit=500)
    return ok({"domains": [d.card() for d in items], "pagination": pagination})


@table.post("/domains", scope=WRITE)
async def register(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    name = _domain_name(f, "domain")
    period = f.req_int("period", lo=1, hi=10)
    cloudflare = f.req_bool("cloudflare")
    auto_renew = f.req_bool("auto_renew")
    ssl_mode = f.str_("ssl_mode", required=False, choices=SSL_MODES)
    nameservers = _nameservers(f)
    raw_records = f.obj_list("dns_records", max_items=100)
    if cloudflare:
        if nameservers is not None:
            raise validation("nameservers", "not allowed with cloudflare: true")
    else:
        if ssl_mode is not None:
            raise validation("ssl_mode", "only allowed with cloudflare: true")
        if raw_records is not None:
            raise validation("dns_records", "only allowed with cloudflare: true")
        if nameservers is None:
            raise validation(
                "nameservers", "at least 2 nameservers are required without Cloudflare"
            )
    records = [
        _record(ctx, raw, field=f"dns_records[{i}]") for i, raw in enumerate(raw_records or [])
    ]
    prices = flows.domain_prices(name)
    if prices is None or not flows.domain_available(ctx.sb, name):
        raise ApiError("DOMAIN_NOT_AVAILABLE", f"{name} isn't available for registration")
    cost = money(prices[0] * period)
    ctx.sb.charge(ctx.account, cost)
    now = ctx.sb.now()
    domain = Domain(
        id=f"dom-{ctx.sb.new_uuid()}",
        account=ctx.account,
        owner=ctx.key,
        domain_name=name,
        status="purchasing",
        period=period,
        auto_renew=auto_renew,
        cloudflare_enabled=cloudflare,
        ssl_mode=(ssl_mode or "flexible") if cloudflare else None,
        nameservers=nameservers or [],
        dns_records=records,
        created_at=now,
        updated_at=now,
    )
    ctx.sb.domains_by_id[domain.id] = domain
    entry = flows.enqueue_domain(ctx.sb, domain, "register", period, cost)
    card = {
        "id": domain.id,
        "domain_name": name,
        "status": domain.status,
        "period": period,
        "cloudflare_enabled": cloudflare,
        "auto_renew": auto_renew,
        "ssl_mode": domain.ssl_mode,
        "created_at": now,
    }
    return ok({"queue_id": entry.id, "domain": card}, status=202)


@table.get("/domains/queue/{id}", scope=READ)
async def queue_status(ctx: Ctx) -> web.Response:
    entry = ctx.sb.queue.get(ctx.params["id"])
    if entry is None or entry.domain.account is not ctx.account:
        raise ApiError("NOT_FOUND", "Queue entry not found")
    if entry.status == "completed":
        return ok(
            {"queue_id": entry.id, "status": "completed", "domain": entry.domain.card(records=True)}
        )
    data: dict[str, Any] = {
        "queue_id": entry.id,
        "domain": entry.domain.domain_name,
        "status": entry.status,
    }
    if entry.error is not None:
        data["error"] = entry.error
    return ok(data)


@table.get("/domains/{id}", scope=READ)
async def get_domain(ctx: Ctx) -> web.Response:
    return ok({"domain": _own_domain(ctx).card(records=True)})


def _active_domain(ctx: Ctx) -> Domain:
    domain = _own_domain(ctx)
    if domain.status not in ("active", "expired"):
        raise ApiError("DOMAIN_NOT_ACTIVE", f"Domain is {domain.status}")
    return domain


@table.post("/domains/{id}/renew", scope=WRITE)
async def renew(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    period = f.req_int("period", lo=1, hi=10)
    domain = _active_domain(ctx)
    prices = flows.domain_prices(domain.domain_name)
    assert prices is not None and domain.expires_at is not None
    cost = money(prices[1] * period)
    ctx.sb.charge(ctx.account, cost)
    entry = flows.enqueue_domain(ctx.sb, domain, "renew", period, cost)
    expires = flows.add_years(domain.expires_at, period)
    return ok({"queue_id": entry.id, "domain_id": domain.id, "expires_at": expires}, status=202)


@table.post("/domains/{id}/auto-renew", scope=WRITE)
async def auto_renew(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    flag = f.req_bool("auto_renew")
    domain = _own_domain(ctx)
    domain.auto_renew = flag
    domain.updated_at = ctx.sb.now()
    return ok({"id": domain.id, "auto_renew": flag})


def _cloudflare_domain(ctx: Ctx) -> Domain:
    domain = _active_domain(ctx)
    if not domain.cloudflare_enabled:
        raise ApiError("CLOUDFLARE_NOT_ENABLED", "DNS records are managed via Cloudflare only")
    return domain


@table.get("/domains/{id}/dns", scope=READ)
async def list_dns(ctx: Ctx) -> web.Response:
    domain = _cloudflare_domain(ctx)
    return ok({"records": [r.card() for r in domain.dns_records]})


@table.post("/domains/{id}/dns", scope=WRITE)
async def add_dns(ctx: Ctx) -> web.Response:
    record = _record(ctx, await _body(ctx))
    domain = _cloudflare_domain(ctx)
    domain.dns_records.append(record)
    domain.updated_at = ctx.sb.now()
    return ok({"record": record.card()}, status=201)


async def _body(ctx: Ctx) -> Mapping[str, Any]:
    return (await ctx.fields()).body


def _own_record(ctx: Ctx, domain: Domain) -> DnsRecord:
    for record in domain.dns_records:
        if record.id == ctx.params["record_id"]:
            return record
    raise ApiError("NOT_FOUND", "DNS record not found")


@table.put("/domains/{id}/dns/{record_id}", scope=WRITE)
async def update_dns(ctx: Ctx) -> web.Response:
    body = await _body(ctx)
    domain = _cloudflare_domain(ctx)
    record = _own_record(ctx, domain)
    merged = {**record.card(), **{k: v for k, v in body.items() if k != "id"}}
    updated = _record(ctx, merged)
    updated.id = record.id
    domain.dns_records[domain.dns_records.index(record)] = updated
    domain.updated_at = ctx.sb.now()
    return ok({"record": updated.card()})


@table.delete("/domains/{id}/dns/{record_id}", scope=WRITE)
async def delete_dns(ctx: Ctx) -> web.Response:
    domain = _cloudflare_domain(ctx)
    record = _own_record(ctx, domain)
    domain.dns_records.remove(record)
    domain.updated_at = ctx.sb.now()
    return ok({"id": record.id, "deleted": True})


@table.post("/domains/{id}/cloudflare", scope=WRITE)
async def enable_cloudflare(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    if f.bool_("enabled", required=False, default=True) is False:
        raise validation("enabled", "disabling Cloudflare via this endpoint isn't supported")
    domain = _active_domain(ctx)
    if not domain.cloudflare_enabled:
        domain.cloudflare_enabled = True
        domain.ssl_mode = domain.ssl_mode or "flexible"
        domain.nameservers = []
        domain.updated_at = ctx.sb.now()
    return ok({"domain_id": domain.id, "ssl_mode": domain.ssl_mode})


@table.post("/domains/{id}/ns-servers", scope=WRITE)
async def set_nameservers(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    servers = _nameservers(f)
    if servers is None:
        raise validation("nameservers", "is required")
    domain = _active_domain(ctx)
    if domain.cloudflare_enabled:
        raise validation("nameservers", "not allowed while Cloudflare is enabled")
    domain.nameservers = servers
    domain.updated_at = ctx.sb.now()
    listed = [{"nameserver": ns, "order_index": i} for i, ns in enumerate(servers, start=1)]
    return ok({"nameservers": listed})
