"""DNS records from chat, against the sandbox: the paged list, adding a record of each kind (with
refusals that ask again), changing one field, the proxy switch, deleting after Yes/No, and the
"Add DNS" entry a domain.registered message links to."""

from __future__ import annotations

from typing import Any

import pytest

from bot.ui.dns import DnsCallback, DnsOp
from tests.fakes.domains_flow import NS, open_dns, open_domain, own_active
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, alerts

T = tr("en")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    harness.sandbox.rate_limit = 0
    await harness.connect_key(1, sandbox_key)
    return harness


def records(h: BotHarness, domain_id: str) -> list[tuple[Any, ...]]:
    return [
        (r.type, r.name, r.content, r.ttl, r.priority, r.proxied)
        for r in h.sandbox.domains_by_id[domain_id].dns_records
    ]


async def answer(h: BotHarness, *answers: str) -> None:
    """Each answer: the button with that text when the step has one, else typed."""
    for text in answers:
        if text in h.labels():
            await h.tap(text)
        else:
            await h.send(text)


async def test_add_records_of_each_kind(h: BotHarness, sandbox_key: str) -> None:
    initial = [{"type": "A", "name": "@", "content": "1.2.3.4", "proxied": True}]
    domain_id = await own_active(h, sandbox_key, "mysite.com", dns_records=initial)
    await open_domain(h, "mysite.com")
    await h.tap(T.get("domains-dns-button"))
    text = h.last_text() or ""
    assert text.startswith(T.get("dns-list-title", domain="<b>mysite.com</b>", total=1))
    assert f"1. A @ → 1.2.3.4 · {T.get('dns-ttl-auto')} · ☁️" in text
    assert h.labels()[0] == T.get("dns-add-button")

    await h.tap(T.get("dns-add-button"))
    await answer(h, "AAAA", "@", "1.2.3.4")
    assert (h.last_text() or "").endswith(T.get("domains-problem-ipv6"))
    await answer(h, "2001:DB8::0001", T.get("dns-ttl-seconds", seconds=3600))
    await h.tap(T.get("dns-proxied-off"))
    assert (h.last_text() or "").startswith(T.get("dns-done-added"))

    await h.tap(T.get("dns-add-button"))
    await answer(h, "TXT", "_dmarc")
    await h.send("x" * 2049)
    assert (h.last_text() or "").endswith(T.get("domains-problem-too-long", txt_max="2048"))
    await answer(h, "v=DMARC1; p=none", "86400")
    await h.tap(T.get("dns-add-button"))
    await answer(h, "MX", "mysite.com", "mx.пример.рф", "-5")
    assert (h.last_text() or "").endswith(T.get("domains-problem-priority", priority_max="65535"))
    await answer(h, "20", "59")
    text = h.last_text() or ""
    assert text.endswith(T.get("domains-problem-ttl", ttl_min="60", ttl_max="86400"))
    await answer(h, "300")
    await h.tap(T.get("dns-add-button"))
    await answer(h, "CNAME", "www", "mysite.com", T.get("dns-ttl-auto"), T.get("dns-proxied-on"))
    await h.tap(T.get("dns-add-button"))
    await answer(h, "NS", "sub", "ns1.other-host.com", T.get("dns-ttl-auto"))

    assert records(h, domain_id) == [
        ("A", "@", "1.2.3.4", 1, None, True),
        ("AAAA", "@", "2001:db8::1", 3600, None, False),
        ("TXT", "_dmarc", "v=DMARC1; p=none", 86400, None, False),
        ("MX", "@", "mx.xn--e1afmkfd.xn--p1ai", 300, 20, False),
        ("CNAME", "www", "mysite.com", 1, None, True),
        ("NS", "sub", "ns1.other-host.com", 1, None, False),
    ]
    text = h.last_text() or ""
    assert text.startswith(T.get("dns-done-added"))
    assert f"4. MX @ → mx.пример.рф (20) · {T.get('dns-ttl-seconds', seconds=300)}" in text


async def test_cancel_and_back_add_nothing(h: BotHarness, sandbox_key: str) -> None:
    domain_id = await own_active(h, sandbox_key, "quiet.com")
    await open_dns(h, "quiet.com")
    await h.tap(T.get("dns-add-button"))
    await answer(h, "A", "www")
    calls = await h.tap(T.get("wizard-cancel"))
    assert T.get("dns-draft-dropped") in [getattr(c, "text", None) for c in calls]
    assert (h.last_text() or "").startswith(
        T.get("dns-list-title", domain="<b>quiet.com</b>", total=0)
    )
    await h.tap(T.get("dns-add-button"))
    await answer(h, "A")
    await h.tap(T.get("wizard-back"))  # to the type step
    assert T.get("dns-type-title") in (h.last_text() or "")
    await h.tap(T.get("wizard-back"))  # and out
    assert T.get("dns-list-empty") in (h.last_text() or "")
    assert records(h, domain_id) == []


async def test_change_one_field_at_a_time_and_the_proxy(h: BotHarness, sandbox_key: str) -> None:
    initial = [{"type": "A", "name": "@", "content": "1.2.3.4", "ttl": 300, "proxied": False}]
    domain_id = await own_active(h, sandbox_key, "edit.com", dns_records=initial)
    await open_dns(h, "edit.com")
    await h.tap(f"A @ → 1.2.3.4 · {T.get('dns-ttl-seconds', seconds=300)}")
    assert (h.last_text() or "").splitlines() == [
        T.get("dns-record-title", domain="<b>edit.com</b>"),
        T.get("dns-record-type", type="A"),
        T.get("dns-record-name", name="@"),
        f"{T.get('dns-record-content')} <code>1.2.3.4</code>",
        T.get("dns-record-ttl", ttl=T.get("dns-ttl-seconds", seconds=300)),
        T.get("dns-record-proxied", on="off"),
    ]
    await h.tap(T.get("dns-edit-button"))
    assert h.labels() == [
        T.get("dns-field-name"),
        T.get("dns-field-content"),
        T.get("dns-field-ttl"),
        T.get("dns-proxy-turn-on"),
        T.get("wizard-back"),
    ]
    await h.tap(T.get("dns-field-content"))
    await h.send("not-an-ip")
    assert (h.last_text() or "").endswith(T.get("domains-problem-ipv4"))
    await h.send("5.6.7.8")
    assert (h.last_text() or "").startswith(T.get("dns-done-changed"))
    assert records(h, domain_id) == [("A", "@", "5.6.7.8", 300, None, False)]

    await h.tap(T.get("dns-edit-button"))
    await h.tap(T.get("dns-field-name"))
    await h.send("WWW.edit.com.")
    await h.tap(T.get("dns-edit-button"))
    await h.tap(T.get("dns-field-ttl"))
    await h.send("auto")
    await h.tap(T.get("dns-edit-button"))
    await h.tap(T.get("dns-proxy-turn-on"))
    assert records(h, domain_id) == [("A", "www", "5.6.7.8", 1, None, True)]
    assert T.get("dns-record-proxied", on="on") in (h.last_text() or "")

    # Cancel while typing changes nothing, and the text no longer goes to that field.
    await h.tap(T.get("dns-edit-button"))
    await h.tap(T.get("dns-field-content"))
    await h.tap(T.get("wizard-cancel"))
    await h.send("9.9.9.9")
    assert records(h, domain_id) == [("A", "www", "5.6.7.8", 1, None, True)]


async def test_delete_after_yes_and_a_stale_button(h: BotHarness, sandbox_key: str) -> None:
    initial = [
        {"type": "TXT", "name": "@", "content": "keep me"},
        {"type": "TXT", "name": "@", "content": "drop me"},
    ]
    domain_id = await own_active(h, sandbox_key, "del.com", dns_records=initial)
    await open_dns(h, "del.com")
    await h.tap(f"TXT @ → drop me · {T.get('dns-ttl-auto')}")
    await h.tap(T.get("dns-delete-button"))
    summary = f"TXT @ → drop me · {T.get('dns-ttl-auto')}"
    assert h.last_text() == T.get("dns-delete-question", record=summary)
    await h.tap(T.get("dns-delete-no"))
    assert len(records(h, domain_id)) == 2
    await h.tap(T.get("dns-delete-button"))
    yes = h.button(T.get("dns-delete-yes"))
    calls = await h.tap(yes)
    assert T.get("dns-done-deleted") in [getattr(c, "text", None) for c in calls]
    assert records(h, domain_id) == [("TXT", "@", "keep me", 1, None, False)]
    assert (h.last_text() or "").startswith(T.get("dns-done-deleted"))
    again = await h.tap(yes)  # stale on purpose: the same Yes from an old message
    assert alerts(again) == [T.get("dns-record-gone")]
    assert len(records(h, domain_id)) == 1


async def test_records_are_paged(h: BotHarness, sandbox_key: str) -> None:
    initial = [{"type": "A", "name": f"host{i:02}", "content": f"10.0.0.{i}"} for i in range(12)]
    await own_active(h, sandbox_key, "many.com", dns_records=initial)
    await open_dns(h, "many.com")
    text = h.last_text() or ""
    assert "8. A host07" in text and "host08" not in text
    assert T.get("paging-position", page=1, pages=2) in h.labels()
    await h.tap(T.get("paging-next"))
    text = h.last_text() or ""
    assert "9. A host08" in text and "12. A host11" in text and "host07" not in text


async def test_add_dns_from_a_registered_event(h: BotHarness, sandbox_key: str) -> None:
    """domain.registered offers "Add DNS": DnsCallback(op=ADD, id=domain_id)."""
    domain_id = await own_active(h, sandbox_key, "fresh.com")
    # Raw: the domain.registered message comes from the events hub, not run in this harness.
    await h.press(DnsCallback(op=DnsOp.ADD, id=domain_id).pack())
    assert T.get("dns-type-title") in (h.last_text() or "")
    await answer(h, "A", "@", "203.0.113.7", T.get("dns-ttl-auto"), T.get("dns-proxied-on"))
    assert records(h, domain_id) == [("A", "@", "203.0.113.7", 1, None, True)]

    own_ns = await own_active(h, sandbox_key, "ownns.com", cloudflare=False, nameservers=NS)
    calls = await h.press(DnsCallback(op=DnsOp.ADD, id=own_ns).pack())
    assert alerts(calls) == [T.get("dns-unavailable")]
    assert (h.last_text() or "").startswith("🔗 <b>ownns.com</b>")
