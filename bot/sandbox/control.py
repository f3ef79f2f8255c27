"""/_sandbox/ control API: drive the sandbox over HTTP (only mounted when the sandbox is running).

All bodies are JSON objects; keys travel in bodies, never in paths, so they stay out of access logs.
  POST /_sandbox/keys        {balance?, scopes?, email?, team_id?}        → {key, key_id}
  POST /_sandbox/webhook     {key, url|null}
  POST /_sandbox/balance     {key, amount}                                → {balance}
  POST /_sandbox/stock       {country_code, stock}
  POST /_sandbox/sms         {piv_num_id, from_number, text}              → {delivery}
  POST /_sandbox/advance     {seconds}                                    → {now}
  POST /_sandbox/fail-next   {key?, method, path, code?, kind?, status?, message?, after?, delay?}
  GET  /_sandbox/webhooks                                                 → {deliveries: [...]}
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from bot.sandbox.catalog import ALL_SCOPES
from bot.sandbox.errors import iso, ok, validation
from bot.sandbox.faults import KINDS
from bot.sandbox.routing import read_json_object
from bot.sandbox.validation import Fields

if TYPE_CHECKING:
    from bot.sandbox.state import Sandbox

PREFIX = "/_sandbox"
ControlHandler = Callable[["Sandbox", Fields], Awaitable[object]]


def _key(sb: Sandbox, f: Fields, *, required: bool = True) -> str | None:
    secret = f.str_("key", required=required, max_len=200)
    if secret is not None and secret not in sb.keys:
        raise validation("key", "unknown sandbox key")
    return secret


async def create_key(sb: Sandbox, f: Fields) -> object:
    balance = f.str_("balance", required=False, max_len=20, default="100.00")
    scopes = f.str_list("scopes", required=False, max_items=len(ALL_SCOPES))
    if scopes is not None and not set(scopes) <= ALL_SCOPES:
        raise validation("scopes", f"known scopes: {', '.join(sorted(ALL_SCOPES))}")
    try:
        secret = sb.create_key(
            balance=balance or "100.00",
            scopes=scopes,
            email=f.str_("email", required=False, default="demo@example.com") or "",
            team_id=f.str_("team_id", required=False, max_len=64),
        )
    except ArithmeticError:
        raise validation("balance", 'must be a decimal amount such as "100.00"') from None
    return {"key": secret, "key_id": sb.key(secret).key_id}


async def set_webhook(sb: Sandbox, f: Fields) -> object:
    secret = _key(sb, f)
    assert secret is not None
    sb.set_webhook(secret, f.str_("url", required=False, max_len=2000))
    return {"ok": True}


async def set_balance(sb: Sandbox, f: Fields) -> object:
    secret = _key(sb, f)
    assert secret is not None
    try:
        sb.set_balance(secret, f.req_str("amount", max_len=20))
    except ArithmeticError:
        raise validation("amount", "must be a decimal amount") from None
    return {"balance": sb.balance(secret)}


async def set_stock(sb: Sandbox, f: Fields) -> object:
    code = f.req_str("country_code", min_len=2, max_len=2).upper()
    if code not in sb.countries:
        raise validation("country_code", "unknown country")
    sb.set_stock(code, f.req_int("stock", lo=0, hi=10**6))
    return {"ok": True}


async def deliver_sms(sb: Sandbox, f: Fields) -> object:
    piv_num_id = f.req_str("piv_num_id", max_len=64)
    sender = f.req_str("from_number", max_len=32)
    text = f.req_str("text", max_len=2000)
    try:
        delivery = sb.deliver_sms(piv_num_id, sender, text)
    except ValueError as exc:
        raise validation("piv_num_id", str(exc)) from None
    await delivery
    return {"delivery": delivery.as_dict()}


async def advance(sb: Sandbox, f: Fields) -> object:
    seconds = f.req_int("seconds", lo=0, hi=10 * 365 * 86400)
    await sb.advance(seconds)
    return {"now": iso(sb.now())}


async def fail_next(sb: Sandbox, f: Fields) -> object:
    kind = f.str_("kind", required=False, choices=KINDS, default="error") or "error"
    try:
        sb.fail_next(
            _key(sb, f, required=False),
            f.req_str("method", choices=("GET", "POST", "PUT", "PATCH", "DELETE")),
            f.req_str("path", max_len=300),
            code=f.str_("code", required=False, default="INTERNAL_ERROR") or "INTERNAL_ERROR",
            kind=kind,
            status=f.int_("status", required=False, lo=100, hi=599),
            message=f.str_("message", required=False),
            after=bool(f.bool_("after", required=False, default=False)),
            delay=float(f.int_("delay", required=False, lo=0, hi=600, default=30) or 0),
            times=f.int_("times", required=False, lo=1, hi=1000, default=1) or 1,
        )
    except ValueError as exc:
        raise validation("code", str(exc)) from None
    return {"ok": True}


POSTS: dict[str, ControlHandler] = {
    "/keys": create_key,
    "/webhook": set_webhook,
    "/balance": set_balance,
    "/stock": set_stock,
    "/sms": deliver_sms,
    "/advance": advance,
    "/fail-next": fail_next,
}


def install(app: web.Application, sb: Sandbox) -> None:
    def post(handler: ControlHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            body = await read_json_object(request)
            return ok(await handler(sb, Fields(body)))

        return handle

    async def webhooks(request: web.Request) -> web.Response:
        return ok({"deliveries": [d.as_dict() for d in sb.webhook_log]})

    for path, handler in POSTS.items():
        app.router.add_post(PREFIX + path, post(handler))
    app.router.add_get(PREFIX + "/webhooks", webhooks)
