"""Demo catalogue and the sandbox's documented "magic" rules (which names fail, what things cost).

Rules a tester can rely on:
- Countries: SE, GB, CA send SMS; US, DE, NL only receive. FR is listed but has 0 stock
  (NO_NUMBERS_AVAILABLE); any other code is COUNTRY_NOT_AVAILABLE.
- Outbound SMS to a number ending in 0000 fails at the carrier (sms.status_updated → failed).
- Inbound SMS from a known spam sender (SPAM_SENDERS) is kept in the history but not forwarded:
  its sms.received delivery is logged as "filtered" and never sent.
- A verify `gv_url` containing "reject" fails with VERIFY_REJECTED, "timeout" with VERIFY_TIMEOUT
  (both refund); any other https URL succeeds.
- Domains: TLDs in DOMAIN_PRICES are sellable; names in TAKEN_DOMAINS or starting with "taken"
  are unavailable; names starting with "willfail" look available but registration fails and refunds.
- Whites: a niche containing "fail" makes the job fail and refund.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from bot.sandbox.models import Country, ProxyServer, Tier, money

ALL_SCOPES: frozenset[str] = frozenset(
    {
        "account:read",
        "numbers:read",
        "numbers:write",
        "sms:send",
        "proxy:read",
        "proxy:write",
        "domains:read",
        "domains:write",
        "whites:read",
        "whites:write",
    }
)


def _c(
    code: str, price: str, base: str, sms: str | None, stock: int, prefix: str, digits: int
) -> Country:
    return Country(
        country_code=code,
        price_per_month=money(price),
        base_price=money(base),
        can_send_sms=sms is not None,
        can_receive_sms=True,
        sms_send_price=money(sms) if sms is not None else None,
        stock=stock,
        dial_prefix=prefix,
        phone_digits=digits,
    )


def demo_countries() -> dict[str, Country]:
    countries = [
        # Prefixes and lengths give numbers libphonenumber accepts as real (E.164, valid ranges),
        # so a bot validating recipients can text one sandbox number from another.
        _c("SE", "4.00", "5.00", "0.25", 50, "+4676", 11),
        _c("GB", "3.00", "3.00", "0.20", 50, "+44771", 12),
        _c("US", "2.00", "2.50", None, 100, "+14155", 11),
        _c("DE", "3.50", "4.00", None, 30, "+49151", 13),
        _c("NL", "4.50", "5.00", None, 20, "+3161", 11),
        _c("CA", "2.50", "3.00", "0.15", 40, "+16045", 11),
        _c("FR", "3.00", "3.50", None, 0, "+3361", 11),
    ]
    return {c.country_code: c for c in countries}


def demo_proxy_servers() -> list[ProxyServer]:
    def server(sid: str, name: str, country: str, host: str, net: str, price: str) -> ProxyServer:
        return ProxyServer(sid, name, country, host, net, 1080, 3128, money(price))

    servers = [
        server(
            "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
            "EU-DE-01",
            "DE",
            "185.1.2.3",
            "2a00:1:2:3",
            "0.50",
        ),
        server(
            "b2c3d4e5-f6a7-8901-bcde-f12345678901",
            "EU-NL-01",
            "NL",
            "185.4.5.6",
            "2a00:4:5:6",
            "0.45",
        ),
        server(
            "c3d4e5f6-a7b8-9012-cdef-123456789012",
            "US-NY-01",
            "US",
            "23.1.2.3",
            "2600:1:2:3",
            "0.60",
        ),
    ]
    retired = server(
        "d4e5f6a7-b8c9-0123-def0-234567890123", "EU-FR-OLD", "FR", "51.1.1.1", "2001:1:1:1", "0.40"
    )
    retired.active = False
    return [*servers, retired]


def demo_tiers() -> dict[str, Tier]:
    tiers = [
        Tier("v2_tier1", "Landing", 0, 0, money("3.00"), None),
        Tier("v2_tier2", "Multi-page", 0, 0, money("6.00"), None),
        Tier("v2_tier3", "Full + Blog", 3, 20, money("10.00"), money("1.50")),
    ]
    return {t.tier_key: t for t in tiers}


# White pricing the spec leaves to "computed at create time".
PREMIUM_MULTIPLIER = Decimal("1.5")
EXTRA_LANGUAGE_PRICE = money("1.00")
INCLUDED_ARTICLES = 3

# domain TLD → (create, renew) price per year
DOMAIN_PRICES: dict[str, tuple[Decimal, Decimal]] = {
    "com": (money("12.50"), money("12.50")),
    "net": (money("14.00"), money("14.00")),
    "org": (money("11.00"), money("12.00")),
    "io": (money("39.00"), money("45.00")),
    "xyz": (money("2.50"), money("11.00")),
    "de": (money("8.00"), money("8.00")),
    "xn--p1ai": (money("5.00"), money("6.00")),  # .рф: IDNs are registered in punycode
}
SPAM_SENDERS = frozenset({"+18005550199", "PROMO", "WINNER"})
TAKEN_DOMAINS = frozenset({"google.com", "example.com", "facebook.com", "piv.day"})

NUMBER_MONTH = timedelta(days=30)
RESTORE_MULTIPLIER = Decimal("1.5")
RESTORE_WINDOW = timedelta(days=7)
AUTO_RENEW_LEAD = timedelta(hours=24)
VERIFY_PRICE = money("0.50")
SMS_MAX_LEN = 1600

# How long asynchronous work takes in sandbox time (advance the clock to move it on).
RESTORE_DELAY = timedelta(seconds=30)
SMS_SENT_DELAY = timedelta(seconds=5)
SMS_DELIVERED_DELAY = timedelta(seconds=10)
VERIFY_DELAY = timedelta(seconds=30)
DOMAIN_PROCESSING_DELAY = timedelta(seconds=10)
DOMAIN_DONE_DELAY = timedelta(seconds=60)
WHITE_PROCESSING_DELAY = timedelta(seconds=10)
WHITE_DONE_DELAY = timedelta(seconds=120)
DOWNLOAD_TTL = timedelta(minutes=5)
PROXY_WARN_LEAD = timedelta(days=3)
DOMAIN_WARN_LEAD = timedelta(days=7)
DOMAIN_AUTO_RENEW_LEAD = timedelta(days=1)
