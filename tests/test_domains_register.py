"""Registering a domain from chat, through the real dispatcher and the sandbox: the wizard's two
branches (Cloudflare with SSL and initial records / own nameservers), the confirmation card, the
money to the cent, and the card's message following the registration queue until the domain card
(or the refund) — across a restart, within Telegram's limits, never with the same edit twice."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import select

from bot.db.models import Watch, WatchStatus
from bot.services import domains as svc
from bot.services.watches import DOMAIN_REGISTER, LEASE_SECONDS, WatchService
from handlers import domains as feature
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, Call, alerts, buttons_of, call_json
from tests.fakes.watch_driver import Clock, clock_now, watch_loop

REGISTER_CALL = ("POST", "/domains")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    harness.sandbox.rate_limit = 0  # a whole wizard plus the watcher in one sandbox minute
    await harness.connect_key(1, sandbox_key)
    return harness


def screen_edits(calls: list[Call], message_id: int) -> list[str]:
    return [
        c.text
        for c in calls
        if isinstance(c, EditMessageText) and c.message_id == message_id and c.text
    ]


async def start(h: BotHarness, name: str, lang: str = "en") -> None:
    t = tr(lang)
    await h.send(f"/domain {name}", language_code=lang)
    await h.tap(t.get("domains-register-button"), language_code=lang)


async def quick(
    h: BotHarness, name: str, cost: str, user_id: int = 1, *, to_card: bool = True
) -> None:
    """Check, Register, 1 year, auto-renew off, Cloudflare, Flexible (and no records: the card)."""
    t = tr("en")
    await h.send(f"/domain {name}", user_id=user_id)
    await h.tap(t.get("domains-register-button"), user_id=user_id)
    for label in (
        t.get("domains-period-option", years=1, cost=cost),
        t.get("domains-auto-renew-off"),
        t.get("domains-cloudflare-on"),
        t.get("domains-ssl-flexible"),
    ):
        await h.tap(label, user_id=user_id)
    if to_card:
        await h.tap(t.get("domains-records-none"), user_id=user_id)


async def confirm(h: BotHarness) -> int:
    """Confirm on the card; its message id (where the queue is followed)."""
    await h.tap(re.compile("^✅"))
    card_id = h.last_message_id(1)
    assert card_id is not None
    return card_id


async def add_record(h: BotHarness, lang: str, *answers: str) -> None:
    """➕ Add a record, then each answer: a button's text if there is one, else typed."""
    t = tr(lang)
    await h.tap(t.get("domains-records-add"), language_code=lang)
    for answer in answers:
        if answer in [text for text, _ in h.last_buttons()]:
            await h.tap(answer, language_code=lang)
        else:
            await h.send(answer, language_code=lang)


async def watch_row(h: BotHarness, target: str) -> Watch:
    async with h.sessionmaker() as session:
        stmt = select(Watch).where(Watch.kind == DOMAIN_REGISTER, Watch.target == target)
        return (await session.scalars(stmt)).one()


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_cloudflare_registration_with_records_followed_to_the_domain_card(
    h: BotHarness, sandbox_key: str, lang: str
) -> None:
    t = tr(lang)
    me = {"language_code": lang}
    await start(h, "mysite.com", lang)
    text = h.last_text() or ""
    assert text.startswith("<b>mysite.com</b>") and t.get("domains-period-title") in text
    labels = [b for b, _ in h.last_buttons()]
    assert labels[0] == t.get("domains-period-option", years=1, cost="$12.50")
    assert labels[9] == t.get("domains-period-option", years=10, cost="$125.00")
    assert labels[10:] == [t.get("wizard-back"), t.get("wizard-cancel")]

    await h.tap(t.get("domains-period-option", years=2, cost="$25.00"), **me)
    await h.tap(t.get("domains-auto-renew-off"), **me)
    await h.tap(t.get("domains-cloudflare-on"), **me)
    await h.tap(t.get("domains-ssl-full"), **me)
    text = h.last_text() or ""
    assert t.get("domains-records-title", max=20) in text
    assert t.get("domains-ssl-state", mode="full") in text

    # A record, with a wrong address first: the step says why and asks again.
    await add_record(h, lang, "A", "www", "1.2.3")
    assert t.get("domains-problem-ipv4") in (h.last_text() or "")
    await h.send("203.0.113.10", **me)
    await h.tap(t.get("dns-ttl-seconds", seconds=300), **me)
    await h.tap(t.get("dns-proxied-on"), **me)
    ttl5 = t.get("dns-ttl-seconds", seconds=300)
    assert f"1. A www → 203.0.113.10 · {ttl5} · ☁️" in (h.last_text() or "")
    # MX: a priority step, and no proxy step.
    await add_record(h, lang, "MX", "@", "MX1.MailHost.com.", "10", t.get("dns-ttl-auto"))
    text = h.last_text() or ""
    assert f"2. MX @ → mx1.mailhost.com (10) · {t.get('dns-ttl-auto')}" in text
    await h.tap(t.get("domains-records-done"), **me)

    card = h.last_text() or ""
    assert card.startswith(f"<b>{t.get('domains-register-title')}</b>\n<b>mysite.com</b>")
    assert t.get("domains-confirm-cloudflare", mode="full") in card
    assert t.get("domains-confirm-records", count=2) in card
    assert t.get("confirm-cost", cost="$25.00") in card
    assert t.get("confirm-balance", before="$100.00", after="$75.00") in card
    assert h.sandbox.calls(sandbox_key, *REGISTER_CALL) == 0  # nothing bought before Confirm

    await h.tap(re.compile("^✅"), **me)
    card_id = h.last_message_id(1)
    assert card_id is not None
    assert t.get("domains-register-queued", domain="<b>mysite.com</b>") in (h.last_text() or "")
    assert h.sandbox.balance(sandbox_key) == Decimal("75.00")
    [domain] = h.sandbox.domains(sandbox_key)
    assert (domain.domain_name, domain.status, domain.period) == ("mysite.com", "purchasing", 2)
    assert (domain.cloudflare_enabled, domain.ssl_mode, domain.auto_renew) == (True, "full", False)
    assert [
        (r.type, r.name, r.content, r.ttl, r.priority, r.proxied) for r in domain.dns_records
    ] == [
        ("A", "www", "203.0.113.10", 300, None, True),
        ("MX", "@", "mx1.mailhost.com", 1, 10, False),
    ]

    # The card's message follows the queue.
    watch = await watch_row(h, domain.id)
    assert watch.status == WatchStatus.ACTIVE and watch.message_id == card_id
    assert watch.locale == lang and watch.chat_id == 1
    clock = clock_now()
    loop = watch_loop(h, feature.feature.watchers, clock)
    before = len(h.calls)
    assert await loop.run_once() == 0  # the first look is due in 5 s
    clock.advance(svc.POLL_FIRST)
    assert await loop.run_once() == 1
    waiting = screen_edits(h.calls[before:], card_id)
    assert waiting == [
        f"{t.get('domains-job-register', domain='<b>mysite.com</b>', years=2)}\n"
        f"{t.get('domains-queue-pending')}"
    ]
    clock.advance(60)
    assert await loop.run_once() == 1  # still pending: nothing to edit
    assert len(screen_edits(h.calls[before:], card_id)) == 1
    await h.sandbox.advance(15)
    clock.advance(60)
    await loop.run_once()
    assert t.get("domains-queue-processing") in screen_edits(h.calls[before:], card_id)[-1]

    await h.sandbox.advance(60)  # registered; piv.day sends domain.registered …
    async with h.sessionmaker() as session:  # … and the events hub pokes the watch
        assert await WatchService(session, clock=clock).poke(DOMAIN_REGISTER, domain.id)
    assert await loop.run_once() == 1
    final = screen_edits(h.calls[before:], card_id)[-1]
    assert final.startswith(t.get("domains-registered", expires="2028-05-01"))
    assert "🔗 <b>mysite.com</b>" in final and t.get("domains-card-dns-count", count=2) in final
    final_buttons = [b for c in h.calls[before:][-1:] for b, _ in buttons_of(c)]
    assert t.get("domains-dns-button") in final_buttons
    assert (await watch_row(h, domain.id)).status == WatchStatus.DONE
    clock.advance(3600)
    assert await loop.run_once() == 0
    edits = screen_edits(h.calls[before:], card_id)
    assert len(edits) == len(set(edits)) == 3  # each state once, never the same edit twice
    assert h.sandbox.balance(sandbox_key) == Decimal("75.00")
    assert h.sandbox.calls(sandbox_key, *REGISTER_CALL) == 1


async def test_own_nameservers_are_checked_then_registered(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await start(h, "ownns.net")
    await h.tap(t.get("domains-period-option", years=1, cost="$14.00"))
    await h.tap(t.get("domains-auto-renew-on"))
    await h.tap(t.get("domains-cloudflare-off"))
    prompt = t.get("domains-nameservers-title", min=2, max=13)
    assert prompt in (h.last_text() or "")
    for typed, key in [
        ("ns1.myhost.com", "domains-problem-ns-count"),
        ("ns1.myhost.com NS1.MYHOST.COM.", "domains-problem-ns-repeat"),
        ("ns1.myhost.com 10.0.0.1", "domains-problem-ip-not-name"),
        ("ns1.myhost.com ns2", "domains-problem-one-label"),
    ]:
        await h.send(typed)
        assert (h.last_text() or "").endswith(t.get(key, ns_min=2, ns_max=13)), typed
    await h.send("ns1.myhost.com\nns2.myhost.com")
    card = h.last_text() or ""
    assert f"{t.get('domains-confirm-nameservers')} ns1.myhost.com, ns2.myhost.com" in card
    assert t.get("domains-confirm-period", years=1, on="on") in card
    assert t.get("confirm-cost", cost="$14.00") in card
    await h.tap(re.compile("^✅"))
    [domain] = h.sandbox.domains(sandbox_key)
    assert (domain.cloudflare_enabled, domain.nameservers) == (
        False,
        ["ns1.myhost.com", "ns2.myhost.com"],
    )
    assert domain.auto_renew is True and domain.ssl_mode is None
    assert h.sandbox.balance(sandbox_key) == Decimal("86.00")


async def test_back_follows_the_branch_and_cancel_buys_nothing(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await start(h, "branch.org")
    await h.tap(t.get("domains-period-option", years=1, cost="$11.00"))
    await h.tap(t.get("domains-auto-renew-off"))
    await h.tap(t.get("domains-cloudflare-off"))
    await h.tap(t.get("wizard-back"))  # from the nameservers: back to Cloudflare, not records
    assert t.get("domains-cloudflare-title") in (h.last_text() or "")
    await h.tap(t.get("domains-cloudflare-on"))
    await h.tap(t.get("wizard-back"))
    assert t.get("domains-cloudflare-title") in (h.last_text() or "")
    await h.tap(t.get("domains-cloudflare-on"))
    await h.tap(t.get("domains-ssl-strict"))
    await h.tap(t.get("wizard-back"))
    assert t.get("domains-ssl-title") in (h.last_text() or "")
    strict = h.button(t.get("domains-ssl-strict"))
    await h.tap(t.get("wizard-cancel"))
    assert (h.last_text() or "").startswith(t.get("domains-register-cancelled"))
    # The old step's buttons do nothing now (stale on purpose).
    calls = await h.tap(strict)
    assert alerts(calls) == [t.get("domains-stale-step")]
    assert h.sandbox.calls(sandbox_key, *REGISTER_CALL) == 0
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_a_name_taken_meanwhile_gets_no_card(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await quick(h, "race.com", "$12.50", to_card=False)
    rival = h.sandbox.create_key(balance="50.00")
    async with h.sandbox.client(rival) as api:
        body = {"domain": "race.com", "period": 1, "cloudflare": True, "auto_renew": False}
        assert (await api.post("/domains", json=body)).status_code == 202
    await h.tap(t.get("domains-records-none"))
    assert (h.last_text() or "").startswith(
        t.get("domains-no-longer-available", domain="<b>race.com</b>")
    )
    assert not [d for _, d in h.last_buttons() if d and d.startswith("cf:")]
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_a_failed_registration_is_refunded_and_said_so(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await quick(h, "willfail.io", "$39.00")
    card_id = await confirm(h)
    assert h.sandbox.balance(sandbox_key) == Decimal("61.00")
    await h.sandbox.advance(60)
    [domain_id] = [d.id for d in h.sandbox.domains_by_id.values()]
    clock = clock_now()
    clock.advance(svc.POLL_FIRST)
    before = len(h.calls)
    await watch_loop(h, feature.feature.watchers, clock).run_once()
    [failed] = screen_edits(h.calls[before:], card_id)
    assert failed == (
        f"{t.get('domains-job-register', domain='<b>willfail.io</b>', years=1)}\n"
        f"{t.get('domains-queue-failed', reason='Domain is no longer available')}"
    )
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")
    assert (await watch_row(h, domain_id)).status == WatchStatus.DONE


async def test_short_balance_is_refused_by_piv_day_and_nothing_is_followed(
    h: BotHarness,
) -> None:
    t = tr("en")
    poor = h.sandbox.create_key(balance="5.00")
    await h.connect_key(2, poor)
    await quick(h, "poor.com", "$12.50", user_id=2)
    assert t.get("confirm-short", missing="$7.50") in (h.last_text(2) or "")
    await h.tap(re.compile("^✅"), user_id=2)
    result = h.last_text(2) or ""
    assert t.get("confirm-failed") in result and "$12.50" in result
    assert h.sandbox.balance(poor) == Decimal("5.00")
    async with h.sessionmaker() as session:
        assert (await session.scalars(select(Watch))).all() == []


async def test_the_watch_survives_a_restart_and_ends_in_time(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await quick(h, "phoenix.xyz", "$2.50")
    card_id = await confirm(h)
    [domain] = h.sandbox.domains(sandbox_key)
    clock = clock_now()
    clock.advance(svc.POLL_FIRST)
    # An instance takes the watch and dies before answering (its lease stays)…
    async with h.sessionmaker() as session:
        assert len(await WatchService(session, clock=clock).claim_due("dead")) == 1
    after_restart = watch_loop(h, feature.feature.watchers, clock, instance="new")
    assert await after_restart.run_once() == 0
    clock.advance(LEASE_SECONDS + 1)  # … the new process picks it up once the lease ran out
    await h.sandbox.advance(60)
    before = len(h.calls)
    assert await after_restart.run_once() == 1
    assert screen_edits(h.calls[before:], card_id)[-1].startswith(
        t.get("domains-registered", expires="2027-05-01")
    )
    assert (await watch_row(h, domain.id)).status == WatchStatus.DONE

    # A registration nobody finishes within the hour ends with final words, not silence.
    await quick(h, "slow.de", "$8.00")
    slow_card = await confirm(h)
    clock2 = Clock(clock_now().now)
    clock2.advance(svc.FOLLOW_FOR + 1)
    before = len(h.calls)
    await watch_loop(h, feature.feature.watchers, clock2).run_once()
    [ended] = screen_edits(h.calls[before:], slow_card)
    assert ended.endswith(t.get("domains-queue-timeout"))
    [slow] = [d for d in h.sandbox.domains(sandbox_key) if d.domain_name == "slow.de"]
    assert (await watch_row(h, slow.id)).status == WatchStatus.EXPIRED
    assert t.get("domains-open-button") in [b for b, _ in buttons_of(h.calls[-1])]


async def test_every_screen_keeps_telegrams_limits_and_no_key_leaks(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await start(h, "limits.com")
    await h.tap(t.get("domains-period-option", years=3, cost="$37.50"))
    await h.tap(t.get("domains-auto-renew-off"))
    await h.tap(t.get("domains-cloudflare-on"))
    await h.tap(t.get("domains-ssl-flexible"))
    for i in range(svc.INITIAL_RECORDS_MAX):
        await add_record(h, "en", "TXT", f"_k{i}", "x" * 2048, t.get("dns-ttl-auto"))
    assert t.get("domains-records-add") not in [b for b, _ in h.last_buttons()]  # 20 is enough
    await h.tap(t.get("domains-records-done"))
    await h.tap(re.compile("^✅"))
    [domain] = h.sandbox.domains(sandbox_key)
    assert len(domain.dns_records) == 20 and domain.dns_records[0].content == "x" * 2048
    for call in h.calls:
        if isinstance(call, SendMessage | EditMessageText):
            assert len(call.text or "") <= 4096
        buttons = buttons_of(call)
        assert len(buttons) <= 100
        assert all(data is None or len(data.encode()) <= 64 for _, data in buttons)
        assert sandbox_key not in call_json(call)


async def test_a_forgotten_queue_entry_is_answered_by_the_domain(
    h: BotHarness, sandbox_key: str
) -> None:
    """piv.day need not keep finished queue entries: the domain itself then says how it went."""
    t = tr("en")
    await quick(h, "keeper.org", "$11.00")
    card_id = await confirm(h)
    [domain] = h.sandbox.domains(sandbox_key)
    h.sandbox.queue.clear()
    clock = clock_now()
    clock.advance(svc.POLL_FIRST)
    loop = watch_loop(h, feature.feature.watchers, clock)
    before = len(h.calls)
    await loop.run_once()  # still registering: the domain's status is what is shown
    assert screen_edits(h.calls[before:], card_id)[-1].endswith(t.get("domains-queue-pending"))
    await h.sandbox.advance(60)
    clock.advance(60)
    await loop.run_once()
    assert screen_edits(h.calls[before:], card_id)[-1].startswith(
        t.get("domains-registered", expires="2027-05-01")
    )
    assert (await watch_row(h, domain.id)).status == WatchStatus.DONE
