"""Domain and DNS screens with extreme input (longest names and ids, 2048-character TXT values,
markup in every field, 100 records), held to Telegram's limits: 4096 characters of text, ≤ 100
buttons, callback data ≤ 64 bytes, nothing unescaped. Plus the wizard and paging helpers the
domain flows rely on (branch skipping, server-cut pages, per-object page buttons)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pivday.models import DnsRecord, Domain, DomainAvailability
from bot.services import dns as dns_svc
from bot.services import validators as v
from bot.services.domains import Filters, RenewOffer
from bot.ui import dns as dns_ui
from bot.ui import domains as ui
from bot.ui.paging import page_of, paged_keyboard, remote_page
from bot.ui.wizard import Wizard
from tests.fakes.i18n_fixture import tr

T = tr("en")
NOW = datetime(2026, 5, 1, tzinfo=UTC)
TAGS = re.compile(r"</?(b|code)>")

ids = st.text("abcdef0123456789-", min_size=1, max_size=40).map(lambda s: f"dom-{s}"[:40])
hostile = st.text(max_size=300) | st.just("<b>&amp;</b>" * 20)
long_label = st.integers(1, 63).map(lambda n: "a" * n)
domain_names = st.lists(long_label, min_size=2, max_size=4).map(".".join).filter(
    lambda name: len(name) <= 253
) | st.just("xn--e1afmkfd.xn--p1ai")


def visible(text: str) -> str:
    """What Telegram counts against 4096: the text after the HTML is parsed."""
    return html.unescape(TAGS.sub("", text))


def assert_sendable(text: str, markup: InlineKeyboardMarkup | None) -> None:
    assert len(visible(text)) <= 4096
    # Everything we put between tags was escaped: only our own tags remain.
    assert "<" not in TAGS.sub("", text)
    if markup is None:
        return
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert len(buttons) <= 100
    for b in buttons:
        assert b.callback_data is not None and len(b.callback_data.encode()) <= 64


def domain(domain_id: str, name: str, **fields: Any) -> Domain:
    values: dict[str, Any] = {
        "id": domain_id,
        "domain_name": name,
        "status": "active",
        "registered_at": NOW,
        "expires_at": NOW,
        "auto_renew": True,
        "cloudflare_enabled": False,
        "nameservers": [f"ns{i}.{name}"[:253] for i in range(13)],
    }
    values.update(fields)
    return Domain.model_validate(values)


@settings(max_examples=40, deadline=None)
@given(domain_id=ids, name=domain_names, status=hostile, cloudflare=st.booleans())
def test_domain_card(domain_id: str, name: str, status: str, cloudflare: bool) -> None:
    d = domain(
        domain_id,
        name,
        status=status,
        cloudflare_enabled=cloudflare,
        cloudflare_status=status,
        ssl_type=status,
        ssl_status=status,
        ssl_mode=status,
    )
    for screen in (
        ui.domain_card(T, d, notice=T.get("domains-done-nameservers")),
        ui.cloudflare_question(T, d),
        ui.nameservers_prompt(T, d, ui.problem(T, "ns_count")),
        ui.renew_screen(T, RenewOffer(d, Decimal("99999.99"))),
    ):
        assert_sendable(*screen)


@settings(max_examples=30, deadline=None)
@given(
    names=st.lists(domain_names, min_size=0, max_size=8),
    total=st.integers(0, 10_000),
    search=hostile,
)
def test_domain_list(names: list[str], total: int, search: str) -> None:
    items = [domain(f"dom-{i:036}", n) for i, n in enumerate(names)]
    page = remote_page(items, 3, 8, total=max(total, len(items)))
    filters = Filters(status="expired", cloudflare=False, auto_renew=True).searching(search)
    assert_sendable(*ui.domain_list(T, page, filters))


@settings(max_examples=30, deadline=None)
@given(
    record_ids=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=100),
    content=st.text(min_size=1, max_size=2048),
    name=hostile.filter(bool),
    zone=domain_names,
    domain_id=ids,
)
def test_dns_screens(
    record_ids: list[str], content: str, name: str, zone: str, domain_id: str
) -> None:
    records = [
        DnsRecord(id=rid, type=rtype, name=name, content=content, ttl=300, priority=10)
        for rid, rtype in zip(record_ids, ["MX", "A", "TXT", "CNAME"] * 25, strict=False)
    ]
    page = page_of(records, 1, dns_svc.PER_PAGE)
    assert_sendable(*dns_ui.records_view(T, domain_id, zone, page, "✅"))
    record = records[0]
    assert_sendable(*dns_ui.record_card(T, domain_id, zone, record, "✅"))
    assert_sendable(*dns_ui.edit_menu(T, domain_id, record))
    assert_sendable(*dns_ui.edit_prompt(T, domain_id, zone, record, "content", "⚠️"))
    assert_sendable(*dns_ui.delete_question(T, domain_id, record))


@settings(max_examples=30, deadline=None)
@given(content=st.text(min_size=1, max_size=2048), name=hostile.filter(bool), zone=domain_names)
def test_registration_steps_and_card(content: str, name: str, zone: str) -> None:
    record = {"type": "TXT", "name": name, "content": content, "ttl": 1, "proxied": False}
    data = {
        "domain": zone,
        "price": "9999.99",
        "period": 10,
        "auto_renew": True,
        "cloudflare": True,
        "ssl_mode": name,
        "records": [record] * 20,
    }
    for screen in (
        ui.period_step(T, data),
        ui.records_step(T, data, "⚠️"),
        ui.nameservers_step(T, data, "⚠️"),
        dns_ui.content_step(T, {"zone": zone, **record}, "⚠️"),
        dns_ui.ttl_step(T, {"zone": zone, **record}),
    ):
        assert_sendable(*screen)
    params = {"domain": zone, "period": 10, "auto_renew": True, "cloudflare": True}
    params |= {"ssl_mode": name, "dns_records": [record] * 20}
    assert len(visible(ui.describe_register(T, params))) <= 3000  # the card frame adds the rest
    own_ns = {**params, "cloudflare": False, "nameservers": ["ns." + zone[:240]] * 13}
    assert len(visible(ui.describe_register(T, own_ns))) <= 4000


def test_check_result_of_an_idn_shows_both_forms() -> None:
    name = v.domain_name("пример.рф")
    found = DomainAvailability(
        domain=name.ascii, available=True, create_price=Decimal("5"), renew_price=Decimal("6")
    )
    text, markup = ui.check_result(T, name, found, "0123abcd")
    assert text.splitlines()[0] == "<b>пример.рф</b> (<code>xn--e1afmkfd.xn--p1ai</code>)"
    assert_sendable(text, markup)


class Branchy(StatesGroup):
    a = State()
    b = State()
    c = State()
    d = State()


FLOW = Wizard("t", [Branchy.a, Branchy.b, Branchy.c, Branchy.d])


@pytest.mark.parametrize(
    ("skipped", "current", "back", "forward"),
    [
        (set(), Branchy.b, Branchy.a, Branchy.c),
        ({Branchy.c}, Branchy.d, Branchy.b, None),
        ({Branchy.b, Branchy.c}, Branchy.a, None, Branchy.d),
        ({Branchy.b, Branchy.c}, Branchy.d, Branchy.a, None),
        ({Branchy.a}, Branchy.b, None, Branchy.c),
    ],
)
def test_wizard_passes_over_skipped_steps(
    skipped: set[State], current: State, back: State | None, forward: State | None
) -> None:
    skip = skipped.__contains__
    assert FLOW.previous(current.state, skip=skip) == back
    assert FLOW.next(current.state, skip=skip) == forward
    assert FLOW.next("Other:x") is None and FLOW.previous(None, skip=skip) is None


def test_registration_branch() -> None:
    cloudflare = ui.register_skip({"cloudflare": True})
    own = ui.register_skip({"cloudflare": False})
    steps = ui.RegisterDomain
    assert ui.REGISTER.next(steps.cloudflare.state, skip=cloudflare) == steps.ssl
    assert ui.REGISTER.next(steps.records.state, skip=cloudflare) is None
    assert ui.REGISTER.next(steps.cloudflare.state, skip=own) == steps.nameservers
    assert ui.REGISTER.previous(steps.nameservers.state, skip=own) == steps.cloudflare


def test_server_cut_pages_and_per_object_page_buttons() -> None:
    page = remote_page(["x"] * 3, 2, 8, total=19)
    assert (page.count, page.offset, page.has_next, page.has_prev) == (3, 16, False, True)
    assert remote_page([], 0, 8, total=0).count == 1
    markup = paged_keyboard(
        page,
        list_id="unused",
        button=lambda item: dns_ui.button(item, dns_ui.DnsCallback(op=dns_ui.DnsOp.ADD, id="d")),
        t=T,
        page_data=lambda n: f"custom:{n}",
    )
    nav = [b.callback_data for b in markup.inline_keyboard[-1]]
    assert nav == ["custom:1", "custom:2"]
