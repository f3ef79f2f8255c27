"""Numbers: countries, list/get/purchase/renew/update/auto-renew/restore, SMS, verify."""

from __future__ import annotations

from decimal import Decimal

from aiohttp import web

from bot.sandbox import catalog as cat
from bot.sandbox import flows
from bot.sandbox.errors import ApiError, ok, top_level, validation
from bot.sandbox.models import Number, money
from bot.sandbox.routing import Ctx, EndpointTable
from bot.sandbox.validation import E164, page, query_choice

table = EndpointTable()
READ, WRITE = "numbers:read", "numbers:write"


def _own_number(ctx: Ctx) -> Number:
    number = ctx.sb.numbers_by_id.get(ctx.params["piv_num_id"])
    if number is None or number.account is not ctx.account or number.status == "gone":
        raise ApiError("NUMBER_NOT_FOUND", "Number not found")
    return number


def _active_number(ctx: Ctx) -> Number:
    number = _own_number(ctx)
    if number.status == "expired":
        raise ApiError("NUMBER_EXPIRED", "Number has expired; restore it within 7 days")
    if number.status != "active":
        raise ApiError("NUMBER_NOT_ACTIVE", f"Number is {number.status}")
    return number


@table.get("/numbers/countries", scope=READ)
async def countries(ctx: Ctx) -> web.Response:
    return ok([c.card() for c in ctx.sb.countries.values()])


@table.get("/numbers", scope=READ)
async def list_numbers(ctx: Ctx) -> web.Response:
    q = ctx.query
    status = query_choice(q, "status", ("active", "expired", "pending_restore"))
    country = (q.get("country") or "").upper()
    search = (q.get("search") or "").lower()
    found = [
        n
        for n in ctx.sb.numbers_by_id.values()
        if n.account is ctx.account
        and n.status != "gone"
        and (status is None or n.status == status)
        and (not country or n.country_code == country)
        and (
            not search
            or search in n.phone_number.lower()
            or search in (n.custom_name or "").lower()
        )
    ]
    items, pagination = page(q, found, default_limit=50, max_limit=200)
    return ok({"numbers": [n.card() for n in items], "pagination": pagination})


@table.post("/numbers/purchase", scope=WRITE)
async def purchase(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    code = f.req_str("country_code", min_len=2, max_len=2).upper()
    months = f.req_int("duration_months", lo=1, hi=36)
    auto_renew = f.req_bool("auto_renew")
    custom_name = f.str_("custom_name", required=False, max_len=100)
    country = ctx.sb.countries.get(code)
    if country is None:
        raise ApiError("COUNTRY_NOT_AVAILABLE", f"Country {code} is not available")
    if country.stock <= 0:
        raise ApiError("NO_NUMBERS_AVAILABLE", f"No free numbers in {code} right now")
    cost = money(country.price_per_month * months)
    ctx.sb.charge(ctx.account, cost)
    n = flows.create_number(ctx.sb, ctx.key, country, months, auto_renew, custom_name)
    card = {
        "piv_num_id": n.piv_num_id,
        "country_code": n.country_code,
        "phone_number": n.phone_number,
        "created_at": n.created_at,
        "expires_at": n.expires_at,
        "auto_renew": n.auto_renew,
        "custom_name": n.custom_name,
    }
    return top_level(cost=cost, numbers=[card])


@table.post("/numbers/restore", scope=WRITE)
async def restore(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    ids = f.str_list("piv_num_ids", min_items=1, max_items=100, item_max_len=64)
    assert ids is not None
    batch: list[tuple[Number, Decimal]] = []
    for piv_num_id in dict.fromkeys(ids):  # dedupe, keep order
        number = ctx.sb.numbers_by_id.get(piv_num_id)
        if (
            number is not None
            and number.account is ctx.account
            and flows.restorable(ctx.sb, number)
        ):
            batch.append((number, flows.restore_price(ctx.sb, number)))
    if not batch:
        raise ApiError("NO_RESTORABLE_NUMBERS", "None of the supplied numbers can be restored")
    total = money(sum((price for _, price in batch), Decimal("0")))
    ctx.sb.charge(ctx.account, total)
    flows.start_restore(ctx.sb, ctx.key, batch)
    numbers = [
        {"piv_num_id": n.piv_num_id, "phone_number": n.phone_number, "status": "pending"}
        for n, _ in batch
    ]
    return top_level(
        queued=len(batch), skipped=len(ids) - len(batch), total_charged=total, numbers=numbers
    )


@table.get("/numbers/{piv_num_id}", scope=READ)
async def get_number(ctx: Ctx) -> web.Response:
    return ok(_own_number(ctx).card())


@table.patch("/numbers/{piv_num_id}", scope=WRITE)
async def update_number(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    number = _own_number(ctx)
    number.custom_name = f.req_str("custom_name", max_len=100)
    card = number.card()
    keys = ("piv_num_id", "phone_number", "country_code", "status", "custom_name", "auto_renew")
    return ok({**{k: card[k] for k in keys}, "expires_at": number.expires_at, "tags": card["tags"]})


@table.patch("/numbers/{piv_num_id}/auto-renewal", scope=WRITE)
async def auto_renewal(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    number = _own_number(ctx)
    number.auto_renew = f.req_bool("auto_renew")
    return ok(
        {
            "piv_num_id": number.piv_num_id,
            "phone_number": number.phone_number,
            "auto_renew": number.auto_renew,
        }
    )


@table.post("/numbers/{piv_num_id}/renew", scope=WRITE)
async def renew(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    months = f.req_int("duration_months", lo=1, hi=36)
    number = _active_number(ctx)
    country = ctx.sb.countries.get(number.country_code)
    if country is None:
        raise ApiError("COUNTRY_NOT_AVAILABLE", "No pricing for this number's country")
    cost = money(country.price_per_month * months)
    ctx.sb.charge(ctx.account, cost)
    old = number.expires_at
    number.expires_at = old + cat.NUMBER_MONTH * months
    flows.schedule_number_checks(ctx.sb, number)
    return ok(
        {
            "piv_num_id": number.piv_num_id,
            "phone_number": number.phone_number,
            "old_expires_at": old,
            "new_expires_at": number.expires_at,
            "cost": cost,
        }
    )


@table.get("/numbers/{piv_num_id}/sms", scope=READ)
async def sms_history(ctx: Ctx) -> web.Response:
    number = _own_number(ctx)
    newest_first = sorted(number.messages, key=lambda m: (m.at, m.id), reverse=True)
    items, pagination = page(ctx.query, newest_first, default_limit=50, max_limit=200)
    return ok({"messages": [m.card() for m in items], "pagination": pagination})


def _check_message(body: str) -> None:
    if not body.strip() or len(body) > cat.SMS_MAX_LEN:
        raise ApiError(
            "INVALID_MESSAGE_FORMAT", f"message_body must be 1–{cat.SMS_MAX_LEN} characters"
        )
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in body):
        raise ApiError("INVALID_MESSAGE_FORMAT", "message_body contains control characters")


@table.post("/numbers/{piv_num_id}/sms/send", scope="sms:send")
async def send_sms(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    to_number = f.req_str("to_number", max_len=16)
    if not E164.match(to_number):
        raise validation("to_number", "must be in E.164 format, e.g. +14155551234")
    body = f.req_str("message_body", max_len=100_000)
    number = _active_number(ctx)
    country = ctx.sb.countries[number.country_code]
    if not number.can_send_sms or country.sms_send_price is None:
        raise ApiError("SMS_DISABLED", "Outbound SMS is not supported from this number")
    _check_message(body)
    ctx.sb.charge(ctx.account, country.sms_send_price)
    sms = flows.send_sms(ctx.sb, number, to_number, body)
    return ok(
        {
            "message_id": str(sms.id),
            "from_number": sms.from_number,
            "to_number": sms.to_number,
            "message_body": sms.message_body,
            "status": sms.status,
            "created_at": sms.at,
        }
    )


@table.post("/numbers/{piv_num_id}/verify", scope=WRITE)
async def verify(ctx: Ctx) -> web.Response:
    f = await ctx.fields()
    gv_url = f.req_str("gv_url", max_len=4096)
    if not gv_url.startswith("https://"):
        raise validation("gv_url", "must be a full https:// Google verification URL")
    number = _own_number(ctx)
    if number.status != "active":
        raise ApiError("NUMBER_NOT_ACTIVE", f"Number is {number.status}")
    if not number.can_send_sms:
        raise ApiError("SMS_DISABLED", "SMS sending is disabled for this number")
    ctx.sb.charge(ctx.account, cat.VERIFY_PRICE)
    flows.start_verify(ctx.sb, ctx.key, number, gv_url, cat.VERIFY_PRICE)
    return top_level(202, message="Verification initiated")
