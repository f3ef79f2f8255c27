"""Proxy: servers, orders (list/get/purchase/renew/restore) and credential export."""

from __future__ import annotations

from aiohttp import web

from bot.sandbox import flows
from bot.sandbox.errors import ApiError, ok
from bot.sandbox.models import ProxyItem, ProxyOrder, money
from bot.sandbox.routing import Ctx, EndpointTable
from bot.sandbox.validation import page, query_choice

table = EndpointTable()
READ, WRITE = "proxy:read", "proxy:write"
EXPORT_FORMATS = ("socks5", "http", "both")


def _own_order(ctx: Ctx) -> ProxyOrder:
    order = ctx.sb.orders.get(ctx.params["id"])
    if order is None or order.account is not ctx.account:
        raise ApiError("NOT_FOUND", "Proxy order not found")
    return order


@table.get("/proxy/servers", scope=READ)
async def servers(ctx: Ctx) -> web.Response:
    active = [s.card() for s in ctx.sb.proxy_servers.values() if s.active]
    return ok({"servers": active})


@table.get("/proxy/orders", scope=READ)
async def list_orders(ctx: Ctx) -> web.Response:
    status = query_choice(ctx.query, "status", ("active", "expired"))
    search = (ctx.query.get("search") or "").lower()
    found = [
        o
        for o in ctx.sb.orders.values()
        if o.account is ctx.account
        and (status is None or o.status == status)
        and (
            not search
            or search in o.id
            or search in o.server.country.lower()
            or search in o.server.name.lower()
        )
    ]
    items, pagination = page(ctx.query, found, default_limit=100, max_limit=500)
    return ok({"orders": [o.card() for o in items], "pagination": pagination})


@table.post("/proxy/purchase", scope=WRITE)
async def purchase(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    server_id = f.req_str("server_id", max_len=100)
    quantity = f.req_int("quantity", lo=1, hi=500)
    months = f.req_int("months", lo=1, hi=12)
    server = ctx.sb.proxy_servers.get(server_id)
    if server is None or not server.active:
        raise ApiError("NOT_FOUND", "Proxy server not found or inactive")
    total = money(server.price_per_proxy * quantity * months)
    ctx.sb.charge(ctx.account, total)
    order = flows.create_order(ctx.sb, ctx.key, server, quantity, months, total)
    card = order.card(items=True)
    keys = ("id", "country", "quantity", "price_total", "status", "expires_at", "created_at")
    return ok({"order": {**{k: card[k] for k in keys}, "items": card["items"]}})


@table.get("/proxy/orders/{id}", scope=READ)
async def get_order(ctx: Ctx) -> web.Response:
    return ok({"order": _own_order(ctx).card(items=True)})


@table.post("/proxy/orders/{id}/renew", scope=WRITE)
async def renew(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    months = f.req_int("months", lo=1, hi=12)
    order = _own_order(ctx)
    if order.status != "active":
        raise ApiError("ORDER_EXPIRED", "Order has expired; use restore")
    cost = money(order.price_per_proxy * order.quantity * months)
    ctx.sb.charge(ctx.account, cost)
    order.expires_at = flows.add_months(order.expires_at, months)
    flows.schedule_order_checks(ctx.sb, order)
    return ok({"order_id": order.id, "cost": cost, "new_expires_at": order.expires_at})


@table.post("/proxy/orders/{id}/restore", scope=WRITE)
async def restore(ctx: Ctx) -> web.Response:
    order = _own_order(ctx)
    if order.status != "expired":
        raise ApiError("ORDER_NOT_EXPIRED", "Only an expired order can be restored")
    cost = money(order.price_per_proxy * order.quantity)
    ctx.sb.charge(ctx.account, cost)
    order.status = "active"
    order.expires_at = flows.add_months(ctx.sb.now(), 1)
    flows.schedule_order_checks(ctx.sb, order)
    return ok(
        {
            "order_id": order.id,
            "quantity": order.quantity,
            "total_cost": cost,
            "expires_at": order.expires_at,
        }
    )


def _lines(item: ProxyItem, fmt: str) -> list[str]:
    ports = {"socks5": [item.socks5_port], "http": [item.http_port]}
    chosen = ports.get(fmt, [item.socks5_port, item.http_port])
    return [f"{item.login}:{item.password}@{item.host}:{port}" for port in chosen]


@table.get("/proxy/orders/{id}/export", scope=READ)
async def export(ctx: Ctx) -> web.Response:
    order = _own_order(ctx)
    fmt = query_choice(ctx.query, "format", EXPORT_FORMATS) or "socks5"
    lines = [line for item in order.items for line in _lines(item, fmt)]
    return ok(
        {
            "content": "\n".join(lines),
            "filename": f"piv-day-proxy-{order.id}-{fmt}.txt",
            "format": fmt,
            "count": len(lines),
        }
    )
