"""My domains from chat, against the sandbox: the list with its filters, search and pages, the
domain card, auto-renew, nameservers, enabling Cloudflare, and renewing (from the card and from
an expiry warning's button) through the confirmation card, followed until the new expiry date."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bot.services import domains as svc
from bot.services.watches import DOMAIN_REGISTER, WatchService
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback
from handlers import domains as feature
from tests.fakes.domains_flow import open_domain, open_domains, own
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, Call
from tests.fakes.watch_driver import clock_now, watch_loop


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    harness.sandbox.rate_limit = 0
    harness.sandbox.set_balance(sandbox_key, "1000.00")
    await harness.connect_key(1, sandbox_key)
    return harness


async def test_list_filters_search_and_pages(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await open_domains(h)
    await h.tap(t.get("domains-list-button"))
    assert h.last_text() == t.get("domains-list-empty")

    await own(h, sandbox_key, "alpha.com", auto_renew=True)
    await own(h, sandbox_key, "beta.net", cloudflare=False)
    await own(h, sandbox_key, "gamma.org")
    for i in range(8):
        await own(h, sandbox_key, f"site{i}.xyz")
    await h.sandbox.advance(60)
    await own(h, sandbox_key, "later.de")  # still registering

    await h.tap(t.get("menu-button-domains"))
    await h.tap(t.get("domains-list-button"))
    text = h.last_text() or ""
    assert text.startswith(t.get("domains-list-title", total=12))
    assert (
        t.get(
            "domains-list-line",
            number=1,
            domain="alpha.com",
            status=t.get("domains-status-active"),
            expires="2027-05-01",
        )
        + " ☁️ 🔁"
        in text
    )
    assert "9. site5.xyz" not in text  # 8 per page
    assert h.labels()[:4] == [
        t.get("domains-filter-status-any"),
        t.get("domains-filter-cloudflare", value=t.get("domains-filter-any")),
        t.get("domains-filter-auto-renew", value=t.get("domains-filter-any")),
        t.get("domains-filter-search"),
    ]
    assert h.labels()[4:6] == ["alpha.com", "beta.net"]
    await h.tap(t.get("paging-next"))
    text = h.last_text() or ""
    assert "9. site5.xyz" in text and "12. later.de" in text
    assert t.get("domains-status-purchasing") in text

    await h.tap(t.get("domains-filter-status-any"))  # → active, back to the first page
    assert (h.last_text() or "").startswith(t.get("domains-list-title", total=11))
    await h.tap(t.get("domains-filter-cloudflare", value=t.get("domains-filter-any")))  # → on
    await h.tap(t.get("domains-filter-cloudflare", value=t.get("domains-filter-on")))  # → off
    text = h.last_text() or ""
    assert text.startswith(t.get("domains-list-title", total=1)) and "beta.net" in text

    await h.tap(t.get("domains-filter-cloudflare", value=t.get("domains-filter-off")))  # → any
    await h.tap(t.get("domains-filter-search"))
    assert h.last_text() == t.get("domains-search-prompt")
    await h.send("GAM")
    text = h.last_text() or ""
    assert text.startswith(t.get("domains-list-title", total=1)) and "gamma.org" in text
    assert t.get("domains-filter-search-clear", text="GAM") in h.labels()
    await h.tap(t.get("domains-filter-auto-renew", value=t.get("domains-filter-any")))  # → on
    assert h.last_text() == t.get("domains-list-none-filtered")
    await h.tap(t.get("domains-filter-search-clear", text="GAM"))
    text = h.last_text() or ""
    assert text.startswith(t.get("domains-list-title", total=1)) and "alpha.com" in text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_card_and_auto_renew(h: BotHarness, sandbox_key: str, lang: str) -> None:
    t = tr(lang)
    me = {"language_code": lang}
    domain_id = await own(h, sandbox_key, "alpha.com", auto_renew=True, ssl_mode="strict")
    await h.sandbox.advance(60)
    await open_domains(h, lang)
    await h.tap(t.get("domains-list-button"), **me)
    await h.tap("alpha.com", **me)
    card = h.last_text() or ""
    assert card.splitlines() == [
        "🔗 <b>alpha.com</b>",
        t.get("domains-card-status", status=t.get("domains-status-active")),
        t.get("domains-card-dates", registered="2026-05-01", expires="2027-05-01"),
        t.get("domains-card-auto-renew", on="on"),
        t.get("domains-card-cloudflare-on", status="active"),
        t.get(
            "domains-ssl-line",
            type="lets_encrypt",
            status="active",
            mode="strict",
            expires="2026-07-30",
        ),
        t.get("domains-card-dns-count", count=0),
    ]
    assert h.labels() == [
        t.get("domains-renew-button"),
        t.get("domains-auto-renew-turn-off"),
        t.get("domains-dns-button"),
        t.get("domains-list-button"),
        t.get("menu-button-home"),
    ]
    calls = await h.tap(t.get("domains-auto-renew-turn-off"), **me)
    done = t.get("domains-done-auto-renew", on="off")
    assert done in [getattr(c, "text", None) for c in calls]
    assert (h.last_text() or "").startswith(done)
    assert t.get("domains-card-auto-renew", on="off") in (h.last_text() or "")
    assert h.sandbox.domains_by_id[domain_id].auto_renew is False
    await h.tap(t.get("domains-auto-renew-turn-on"), **me)
    assert h.sandbox.domains_by_id[domain_id].auto_renew is True


async def test_nameservers_then_cloudflare(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    domain_id = await own(h, sandbox_key, "beta.net", cloudflare=False)
    await h.sandbox.advance(60)
    card = await open_domain(h, "beta.net")
    assert t.get("domains-card-cloudflare-off") in card
    assert f"{t.get('domains-card-ns')} ns1.myhost.com, ns2.myhost.com" in card
    assert t.get("domains-dns-button") not in h.labels()

    await h.tap(t.get("domains-ns-button"))
    assert h.last_text() == t.get("domains-ns-prompt", domain="<b>beta.net</b>", min=2, max=13)
    await h.send("ns1.new-host.com")
    assert (h.last_text() or "").endswith(t.get("domains-problem-ns-count", ns_min=2, ns_max=13))
    await h.send("NS1.New-Host.com, ns2.new-host.com, ns3.new-host.com")
    card = h.last_text() or ""
    assert card.startswith(t.get("domains-done-nameservers"))
    new_ns = "ns1.new-host.com, ns2.new-host.com, ns3.new-host.com"
    assert f"{t.get('domains-card-ns')} {new_ns}" in card
    assert h.sandbox.domains_by_id[domain_id].nameservers == new_ns.split(", ")

    await h.tap(t.get("domains-cloudflare-button"))
    assert h.last_text() == t.get("domains-cloudflare-question", domain="<b>beta.net</b>")
    await h.tap(t.get("domains-no-button"))
    assert h.sandbox.domains_by_id[domain_id].cloudflare_enabled is False
    await h.tap(t.get("domains-cloudflare-button"))
    await h.tap(t.get("domains-cloudflare-yes"))
    card = h.last_text() or ""
    assert card.startswith(t.get("domains-done-cloudflare", mode="flexible"))
    assert t.get("domains-card-cloudflare-on", status="active") in card
    assert "ns1.new-host.com" not in card and t.get("domains-dns-button") in h.labels()
    sandbox_domain = h.sandbox.domains_by_id[domain_id]
    assert sandbox_domain.cloudflare_enabled is True and sandbox_domain.nameservers == []


def _edits(calls: list[Call], message_id: int) -> list[str]:
    return [str(c.text) for c in calls if getattr(c, "message_id", None) == message_id and c.text]


async def test_renew_from_the_card_is_paid_once_and_followed(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    domain_id = await own(h, sandbox_key, "alpha.com")
    await h.sandbox.advance(60)
    assert h.sandbox.balance(sandbox_key) == Decimal("987.50")
    await open_domain(h, "alpha.com")
    await h.tap(t.get("domains-renew-button"))
    screen = h.last_text() or ""
    assert screen == t.get(
        "domains-renew-screen", domain="<b>alpha.com</b>", expires="2027-05-01", price="$12.50"
    )
    assert h.labels()[2] == t.get("domains-period-option", years=3, cost="$37.50")
    await h.tap(t.get("domains-period-option", years=3, cost="$37.50"))
    card = h.last_text() or ""
    assert card.startswith(f"<b>{t.get('domains-renew-title')}</b>\n<b>alpha.com</b>")
    assert t.get("domains-confirm-renew", years=3, expires="2027-05-01") in card
    assert t.get("confirm-balance", before="$987.50", after="$950.00") in card
    await h.tap(re.compile("^✅"))
    card_id = h.last_message_id(1)
    assert card_id is not None
    assert h.sandbox.balance(sandbox_key) == Decimal("950.00")
    assert h.sandbox.calls(sandbox_key, "POST", "/domains/{id}/renew") == 1
    assert t.get("domains-renew-queued", domain="<b>alpha.com</b>", expires="2030-05-01") in (
        h.last_text() or ""
    )

    clock = clock_now()
    loop = watch_loop(h, feature.feature.watchers, clock)
    await h.sandbox.advance(60)
    async with h.sessionmaker() as session:
        await WatchService(session, clock=clock).poke(DOMAIN_REGISTER, domain_id)
    before = len(h.calls)
    assert await loop.run_once() == 1
    [final] = _edits(h.calls[before:], card_id)
    assert final.startswith(t.get("domains-renewed", expires="2030-05-01"))
    assert h.sandbox.domains_by_id[domain_id].expires_at.isoformat()[:10] == "2030-05-01"
    assert h.sandbox.balance(sandbox_key) == Decimal("950.00")


async def test_expiry_warnings_renew_button_opens_the_renew_screen(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    domain_id = await own(h, sandbox_key, "cheap.xyz")
    await h.sandbox.advance(60)
    pending_id = await own(h, sandbox_key, "later.de")  # still registering
    # Raw: the expiry warning comes from the events hub, which this harness does not run.
    await h.press(RenewCallback(kind=Kind.DOMAIN, id=domain_id).pack())
    assert (h.last_text() or "").startswith("<b>Renew</b> <b>cheap.xyz</b>")
    assert t.get("domains-period-option", years=1, cost="$11.00") in h.labels()  # renew price
    calls = await h.press(RenewCallback(kind=Kind.DOMAIN, id=pending_id).pack())
    alert = t.get("domains-not-renewable", status=t.get("domains-status-purchasing"))
    assert alert in [getattr(c, "text", None) for c in calls]
    assert h.sandbox.calls(sandbox_key, "POST", "/domains/{id}/renew") == 0


async def test_someone_elses_domain_is_not_found(h: BotHarness) -> None:
    other = h.sandbox.create_key(balance="50.00")
    foreign = await own(h, other, "foreign.com")
    # Forged on purpose: the list never shows another key's domain.
    await h.press(OpenCallback(kind=Kind.DOMAIN, id=foreign).pack())
    assert h.last_text() == tr("en").get("error-not-found")
    assert svc.PER_PAGE == 8
