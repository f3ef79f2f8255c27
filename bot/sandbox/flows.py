"""State changes shared by the HTTP handlers and the Python helpers, and every timed transition.

Timed transitions are scheduler jobs that re-check the state they were scheduled for (an expiry job
for a number that has since been renewed does nothing), so renewals just schedule new jobs.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.sandbox import catalog as cat
from bot.sandbox.models import (
    WHITE_STATUS,
    ApiKey,
    Country,
    Domain,
    Number,
    ProxyItem,
    ProxyOrder,
    ProxyServer,
    QueueEntry,
    Sms,
    White,
    money,
)
from bot.sandbox.webhooks import Delivery

if TYPE_CHECKING:
    from bot.sandbox.state import Sandbox

CODE_RE = re.compile(r"(?<!\d)(\d{4,8})(?!\d)")


def add_months(when: datetime, months: int) -> datetime:
    month_index = when.month - 1 + months
    year, month = when.year + month_index // 12, month_index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


# ---- numbers -------------------------------------------------------------------------------------
def new_phone(sb: Sandbox, country: Country) -> str:
    while True:
        digits = country.phone_digits - (len(country.dial_prefix) - 1)
        phone = country.dial_prefix + "".join(sb.rng.choice("0123456789") for _ in range(digits))
        if phone not in sb.taken_phones:
            sb.taken_phones.add(phone)
            return phone


def new_num_id(sb: Sandbox) -> str:
    return "-".join(sb.new_token(5) for _ in range(4))


def create_number(
    sb: Sandbox,
    key: ApiKey,
    country: Country,
    months: int,
    auto_renew: bool,
    custom_name: str | None,
) -> Number:
    now = sb.now()
    country.stock = max(0, country.stock - 1)
    number = Number(
        piv_num_id=new_num_id(sb),
        account=key.account,
        owner=key,
        phone_number=new_phone(sb, country),
        country_code=country.country_code,
        status="active",
        created_at=now,
        expires_at=now + cat.NUMBER_MONTH * months,
        auto_renew=auto_renew,
        custom_name=custom_name,
        can_send_sms=country.can_send_sms,
        can_receive_sms=country.can_receive_sms,
    )
    sb.numbers_by_id[number.piv_num_id] = number
    schedule_number_checks(sb, number)
    return number


def schedule_number_checks(sb: Sandbox, number: Number) -> None:
    term_end = number.expires_at
    sb.schedule_at(term_end - cat.AUTO_RENEW_LEAD, lambda: _auto_renew_number(sb, number, term_end))
    sb.schedule_at(term_end, lambda: _expire_number(sb, number, term_end))


def _auto_renew_number(sb: Sandbox, number: Number, term_end: datetime) -> None:
    if number.status != "active" or number.expires_at != term_end or not number.auto_renew:
        return
    country = sb.countries.get(number.country_code)
    if country is None or number.account.balance < country.price_per_month:
        return  # short balance: the number simply expires
    sb.charge(number.account, country.price_per_month)
    number.expires_at = term_end + cat.NUMBER_MONTH
    schedule_number_checks(sb, number)


def _expire_number(sb: Sandbox, number: Number, term_end: datetime) -> None:
    if number.status != "active" or number.expires_at != term_end:
        return
    number.status = "expired"
    number.expired_at = term_end
    sb.schedule_at(term_end + cat.RESTORE_WINDOW, lambda: _forget_number(number, term_end))


def _forget_number(number: Number, expired_at: datetime) -> None:
    if number.status == "expired" and number.expired_at == expired_at:
        number.status = "gone"


def restorable(sb: Sandbox, number: Number) -> bool:
    return (
        number.status == "expired"
        and number.expired_at is not None
        and sb.now() < number.expired_at + cat.RESTORE_WINDOW
    )


def restore_price(sb: Sandbox, number: Number) -> Decimal:
    country = sb.countries[number.country_code]
    return money(country.price_per_month * cat.RESTORE_MULTIPLIER)


def start_restore(sb: Sandbox, key: ApiKey, batch: list[tuple[Number, Decimal]]) -> None:
    for number, _ in batch:
        number.status = "pending_restore"
    sb.schedule(cat.RESTORE_DELAY, lambda: _finish_restore(sb, key, batch))


def _finish_restore(sb: Sandbox, key: ApiKey, batch: list[tuple[Number, Decimal]]) -> None:
    restored, failed = [], []
    refunded = Decimal("0.00")
    for number, price in batch:
        item = {
            "piv_num_id": number.piv_num_id,
            "phone_number": number.phone_number,
            "country": number.country_code,
        }
        if number.piv_num_id in sb.restore_failures:
            sb.restore_failures.discard(number.piv_num_id)
            sb.refund(number.account, price)
            refunded += price
            assert number.expired_at is not None
            window_over = sb.now() >= number.expired_at + cat.RESTORE_WINDOW
            number.status = "gone" if window_over else "expired"
            failed.append({**item, "refunded": price})
            continue
        number.status = "active"
        number.expired_at = None
        number.expires_at = sb.now() + cat.NUMBER_MONTH
        schedule_number_checks(sb, number)
        restored.append(item)
    sb.emit(
        key,
        "number.restore_completed",
        {
            "restored": restored,
            "failed": failed,
            "total_restored": len(restored),
            "total_failed": len(failed),
            "total_refunded": money(refunded),
        },
    )


# ---- SMS -----------------------------------------------------------------------------------------
def _add_sms(
    sb: Sandbox, number: Number, frm: str, to: str, body: str, direction: str, status: str
):
    sms = Sms(sb.next_seq("sms"), frm, to, body, direction, status, sb.now())
    number.messages.append(sms)
    return sms


def receive_sms(sb: Sandbox, number: Number, from_number: str, text: str) -> Delivery:
    sms = _add_sms(sb, number, from_number, number.phone_number, text, "inbound", "received")
    match = CODE_RE.search(text)
    return sb.emit(
        number.owner,
        "sms.received",
        {
            "piv_num_id": number.piv_num_id,
            "text": text,
            "code": match.group(1) if match else None,
            "country": number.country_code,
            "received_at": sms.at,
        },
        filtered=from_number in cat.SPAM_SENDERS,  # kept in history, never forwarded
    )


def send_sms(sb: Sandbox, number: Number, to_number: str, body: str) -> Sms:
    """An outbound SMS: queued now, sent after a few seconds, then delivered (or failed)."""
    sms = _add_sms(sb, number, number.phone_number, to_number, body, "outbound", "queued")
    sb.schedule(cat.SMS_SENT_DELAY, lambda: _sms_status(sb, number, sms, "sent"))
    final = "failed" if to_number.endswith("0000") else "delivered"
    sb.schedule(cat.SMS_DELIVERED_DELAY, lambda: _sms_status(sb, number, sms, final))
    return sms


def _sms_status(sb: Sandbox, number: Number, sms: Sms, new: str) -> None:
    old, sms.status = sms.status, new
    failed = new == "failed"
    sb.emit(
        number.owner,
        "sms.status_updated",
        {
            "piv_num_id": number.piv_num_id,
            "message_id": str(sms.id),
            "old_status": old,
            "new_status": new,
            "error_code": "30008" if failed else None,
            "error_message": "Unknown destination handset" if failed else None,
        },
    )


def start_verify(sb: Sandbox, key: ApiKey, number: Number, gv_url: str, cost: Decimal) -> int:
    task_id = sb.next_seq("verify")
    sb.schedule(cat.VERIFY_DELAY, lambda: _finish_verify(sb, key, number, task_id, gv_url, cost))
    return task_id


def _finish_verify(
    sb: Sandbox, key: ApiKey, number: Number, task_id: int, gv_url: str, cost: Decimal
) -> None:
    base = {"task_id": task_id, "piv_num_id": number.piv_num_id}
    failure = None
    if "reject" in gv_url:
        failure = ("VERIFY_REJECTED", "Google rejected the verification")
    elif "timeout" in gv_url:
        failure = ("VERIFY_TIMEOUT", "Verification timed out")
    if failure is not None:
        sb.refund(number.account, cost)
        data = {**base, "status": "failed", "error_code": failure[0], "error_message": failure[1]}
        sb.emit(key, "verify.failed", data)
        return
    code = f"{sb.rng.randrange(10**6):06d}"
    captured_phone = "+1650" + "".join(sb.rng.choice("0123456789") for _ in range(7))
    text = f"Your Google verification code is {code}"
    sms = send_sms(sb, number, captured_phone, text)
    data = {
        **base,
        "status": "sms_sent",
        "captured_phone": captured_phone,
        "captured_message": text,
        "sms_message_id": sms.id,
        "sms_status": sms.status,
    }
    sb.emit(key, "verify.completed", data)


# ---- proxies -------------------------------------------------------------------------------------
def create_order(
    sb: Sandbox, key: ApiKey, server: ProxyServer, quantity: int, months: int, total: Decimal
) -> ProxyOrder:
    now = sb.now()
    order_id = sb.new_uuid()
    items = [
        ProxyItem(
            login=f"u{order_id[:6]}{i}",
            password=sb.new_token(12),
            host=server.host,
            socks5_port=server.socks5_port,
            http_port=server.http_port,
            ipv6=f"{server.ipv6_prefix}::{i:x}",
        )
        for i in range(1, quantity + 1)
    ]
    order = ProxyOrder(
        id=order_id,
        account=key.account,
        owner=key,
        server=server,
        quantity=quantity,
        price_per_proxy=server.price_per_proxy,
        price_total=total,
        status="active",
        created_at=now,
        expires_at=add_months(now, months),
        items=items,
    )
    sb.orders[order.id] = order
    schedule_order_checks(sb, order)
    return order


def schedule_order_checks(sb: Sandbox, order: ProxyOrder) -> None:
    term_end = order.expires_at
    sb.schedule_at(term_end - cat.PROXY_WARN_LEAD, lambda: _warn_order(sb, order, term_end))
    sb.schedule_at(term_end, lambda: _expire_order(order, term_end))


def _warn_order(sb: Sandbox, order: ProxyOrder, term_end: datetime) -> None:
    if order.status != "active" or order.expires_at != term_end or order.warned_for == term_end:
        return
    order.warned_for = term_end
    sb.emit(
        order.owner,
        "proxy.expires_soon",
        {
            "order_id": order.id,
            "country": order.server.country,
            "quantity": order.quantity,
            "expires_at": term_end,
        },
    )


def _expire_order(order: ProxyOrder, term_end: datetime) -> None:
    if order.status == "active" and order.expires_at == term_end:
        order.status = "expired"


# ---- domains -------------------------------------------------------------------------------------
def add_years(when: datetime, years: int) -> datetime:
    return add_months(when, 12 * years)


def enqueue_domain(
    sb: Sandbox, domain: Domain, kind: str, period: int, cost: Decimal
) -> QueueEntry:
    entry = QueueEntry(f"que-{sb.new_uuid()}", domain, kind, period, cost)
    sb.queue[entry.id] = entry
    sb.schedule(cat.DOMAIN_PROCESSING_DELAY, lambda: setattr(entry, "status", "processing"))
    sb.schedule(cat.DOMAIN_DONE_DELAY, lambda: _finish_queue(sb, entry))
    return entry


def _finish_queue(sb: Sandbox, entry: QueueEntry) -> None:
    domain, now = entry.domain, sb.now()
    domain.updated_at = now
    if entry.kind == "register" and domain.domain_name.startswith("willfail"):
        entry.status, entry.error = "failed", "Domain is no longer available"
        domain.status = "failed"
        sb.refund(domain.account, entry.cost)
        sb.emit(
            domain.owner,
            "domain.failed",
            {"domain_id": domain.id, "domain_name": domain.domain_name, "error": entry.error},
        )
        return
    entry.status = "completed"
    if entry.kind == "register":
        domain.status = "active"
        domain.registered_at = now
        domain.expires_at = add_years(now, entry.period)
        sb.emit(
            domain.owner,
            "domain.registered",
            {
                "domain_id": domain.id,
                "domain_name": domain.domain_name,
                "registered_at": now,
                "expires_at": domain.expires_at,
                "cloudflare_enabled": domain.cloudflare_enabled,
            },
        )
    else:
        assert domain.expires_at is not None
        domain.expires_at = add_years(domain.expires_at, entry.period)
        domain.status = "active"
    schedule_domain_checks(sb, domain)


def schedule_domain_checks(sb: Sandbox, domain: Domain) -> None:
    term_end = domain.expires_at
    assert term_end is not None
    sb.schedule_at(term_end - cat.DOMAIN_WARN_LEAD, lambda: _warn_domain(sb, domain, term_end))
    sb.schedule_at(
        term_end - cat.DOMAIN_AUTO_RENEW_LEAD, lambda: _auto_renew_domain(sb, domain, term_end)
    )
    sb.schedule_at(term_end, lambda: _expire_domain(domain, term_end))


def _warn_domain(sb: Sandbox, domain: Domain, term_end: datetime) -> None:
    if domain.status != "active" or domain.expires_at != term_end or domain.warned_for == term_end:
        return
    domain.warned_for = term_end
    sb.emit(
        domain.owner,
        "domain.expires_soon",
        {
            "domain_id": domain.id,
            "domain_name": domain.domain_name,
            "expires_at": term_end,
            "auto_renew": domain.auto_renew,
        },
    )


def _auto_renew_domain(sb: Sandbox, domain: Domain, term_end: datetime) -> None:
    if domain.status != "active" or domain.expires_at != term_end or not domain.auto_renew:
        return
    price = domain_prices(domain.domain_name)
    if price is None or domain.account.balance < price[1]:
        return
    sb.charge(domain.account, price[1])
    domain.expires_at = add_years(term_end, 1)
    schedule_domain_checks(sb, domain)


def _expire_domain(domain: Domain, term_end: datetime) -> None:
    if domain.status == "active" and domain.expires_at == term_end:
        domain.status = "expired"


def domain_prices(name: str) -> tuple[Decimal, Decimal] | None:
    return cat.DOMAIN_PRICES.get(name.rsplit(".", 1)[-1])


def domain_available(sb: Sandbox, name: str) -> bool:
    if domain_prices(name) is None or name in cat.TAKEN_DOMAINS or name.startswith("taken"):
        return False
    return not any(
        d.domain_name == name and d.status != "failed" for d in sb.domains_by_id.values()
    )


# ---- whites --------------------------------------------------------------------------------------
def start_white(sb: Sandbox, white: White) -> None:
    sb.whites_by_id[white.id] = white
    sb.schedule(
        cat.WHITE_PROCESSING_DELAY, lambda: setattr(white, "status", WHITE_STATUS["processing"])
    )
    sb.schedule(cat.WHITE_DONE_DELAY, lambda: _finish_white(sb, white))


def _finish_white(sb: Sandbox, white: White) -> None:
    if "fail" in white.niche.lower():
        white.status = WHITE_STATUS["failed"]
        sb.refund(white.account, white.cost)
        data = {"job_id": white.id, "name": white.name, "error": "Generation failed"}
        sb.emit(white.owner, "white.failed", data)
        return
    white.status = WHITE_STATUS["done"]
    # piv.day's event names tiers by their short key ("t1"), unlike the tiers endpoint.
    short_tier = "t" + white.tier_key.rsplit("tier", 1)[-1]
    data = {
        "job_id": white.id,
        "name": white.name,
        "tier_key": short_tier,
        "country": white.country,
    }
    sb.emit(white.owner, "white.completed", data)


def white_price(sb: Sandbox, tier_key: str, quality: str, languages: int, articles: int) -> Decimal:
    tier = sb.tiers[tier_key]
    price = tier.price * (cat.PREMIUM_MULTIPLIER if quality == "premium" else 1)
    price += cat.EXTRA_LANGUAGE_PRICE * max(0, languages - 1)
    if tier.extra_article_price is not None:
        price += tier.extra_article_price * max(0, articles - cat.INCLUDED_ARTICLES)
    return money(price)
