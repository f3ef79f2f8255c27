"""Event messages for all 11 piv.day event types (the API's own examples), the bot's reminder
and self-check, in en and ru; and Telegram's limits whatever piv.day sends (hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import LocaleTranslator, create_core
from bot.pivday.webhooks import EVENT_TYPES, parse_event
from bot.ui.events import MAX_TEXT, EventContext, NumberInfo, Rendered, clip, render_event

FIXTURES = Path(__file__).parent / "fixtures" / "pivday"


@pytest.fixture(scope="module")
def core() -> Iterator[FluentRuntimeCore]:
    core = create_core("en")
    core.locales.update(core.find_locales())
    yield core


def _payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"event-{name}.payload.json").read_text())


def _render(
    core: FluentRuntimeCore, payload: dict[str, Any], locale: str = "en", **ctx: Any
) -> Rendered:
    return render_event(LocaleTranslator(core, locale), parse_event(payload), EventContext(**ctx))


def _buttons(markup: InlineKeyboardMarkup | None) -> list[tuple[str, str | None, str | None]]:
    if markup is None:
        return []
    return [
        (b.text, b.callback_data, b.copy_text.text if b.copy_text else None)
        for row in markup.inline_keyboard
        for b in row
    ]


def test_every_documented_event_type_has_an_example_here() -> None:
    names = {p.name for p in FIXTURES.glob("event-*.payload.json")}
    assert {json.loads((FIXTURES / n).read_text())["event_type"] for n in names} == set(EVENT_TYPES)


def test_sms_received_shows_number_name_text_and_the_code_to_copy(core: FluentRuntimeCore) -> None:
    number = NumberInfo("+46764794425", "Office line")
    r = _render(core, _payload("sms-received"), number=number, key_label="team · …a1b2")
    assert r.text.splitlines() == [
        "📩 <b>SMS</b> to <code>+46764794425</code> · Office line",
        "<blockquote>Your verification code is 123456</blockquote>",
        "🔑 Code: <code>123456</code>",
        "🔑 team · …a1b2",
    ]
    assert r.code == "123456"
    assert _buttons(r.markup) == [
        ("📋 Copy 123456", None, "123456"),
        ("📱 Open the number", "o:n:vzPA1-kHKSg-EAL7e-Jqd3o", None),
    ]


def test_in_a_group_there_is_no_button_that_leads_to_a_purchase(core: FluentRuntimeCore) -> None:
    sms = _render(core, _payload("sms-received"), in_group=True)
    assert [b[0] for b in _buttons(sms.markup)] == ["📋 Copy 123456"]  # reading codes is fine
    for name in ("proxy-expires-soon", "domain-expires-soon", "white-completed"):
        assert _render(core, _payload(name), in_group=True).markup is None


@pytest.mark.parametrize("piv_num_id", ["n" * 61, "a:b", "🙂" * 16])
def test_an_id_no_button_can_carry_leaves_the_button_out(
    core: FluentRuntimeCore, piv_num_id: str
) -> None:
    payload = _payload("sms-received")
    payload["data"]["piv_num_id"] = piv_num_id
    r = _render(core, payload)
    assert [b[0] for b in _buttons(r.markup)] == ["📋 Copy 123456"]
    assert piv_num_id in r.text


def test_without_the_numbers_details_the_id_stands_in(core: FluentRuntimeCore) -> None:
    r = _render(core, _payload("sms-received"))
    assert "<code>vzPA1-kHKSg-EAL7e-Jqd3o</code>" in r.text


def test_verify_messages(core: FluentRuntimeCore) -> None:
    done = _render(core, _payload("verify-completed"))
    assert "Google verification done" in done.text
    assert "🔑 Code: <code>123456</code>" in done.text
    assert "+14155551234" in done.text
    assert ("📋 Copy 123456", None, "123456") in _buttons(done.markup)
    failed = _render(core, _payload("verify-failed"))
    assert "Verification timed out (<code>VERIFY_TIMEOUT</code>)" in failed.text
    assert "refunded" in failed.text
    assert failed.code is None


def test_sms_status_failure_and_success(core: FluentRuntimeCore) -> None:
    ok = _render(core, _payload("sms-status-updated"))
    assert "sent → delivered" in ok.text and "not delivered" not in ok.text
    payload = _payload("sms-status-updated")
    payload["data"] |= {"new_status": "failed", "error_code": "30008", "error_message": "Bad"}
    failed = _render(core, payload)
    assert "SMS not delivered" in failed.text and "Bad (<code>30008</code>)" in failed.text


def test_restore_lists_both_outcomes_with_refunds(core: FluentRuntimeCore) -> None:
    r = _render(core, _payload("number-restore-completed"))
    assert "1 restored, 1 not restored" in r.text
    assert "• <code>+46764794425</code> 🇸🇪 Sweden" in r.text
    assert "• <code>+46123456789</code> 🇸🇪 Sweden — $7.50" in r.text
    assert "Refunded in total: <b>$7.50</b>" in r.text


def test_expiry_warnings_offer_renew(core: FluentRuntimeCore) -> None:
    proxy = _render(core, _payload("proxy-expires-soon"))
    assert "🇩🇪 Germany · 10 proxies" in proxy.text and "2026-05-25 00:00 UTC" in proxy.text
    assert _buttons(proxy.markup) == [("🔁 Renew", "rn:p:ord-uuid-...", None)]
    domain = _render(core, _payload("domain-expires-soon"))
    assert "mysite.com" in domain.text and "Auto-renew is off" in domain.text
    assert _buttons(domain.markup) == [("🔁 Renew", "rn:d:dom-uuid-...", None)]
    payload = _payload("domain-expires-soon")
    payload["data"]["auto_renew"] = True
    renewing = _render(core, payload)
    assert "nothing to do" in renewing.text and renewing.markup is None


def test_number_expiry_reminder(core: FluentRuntimeCore) -> None:
    payload = {
        "event_type": "number.expires_soon",
        "data": {
            "piv_num_id": "n1",
            "phone_number": "+4670",
            "custom_name": "Ads",
            "expires_at": "2026-05-31T10:00:00+00:00",
            "threshold_days": 3,
        },
    }
    r = _render(core, payload)
    assert r.text.startswith("⏳ <b>Number expires in 3 days</b>: <code>+4670</code> · Ads")
    assert _buttons(r.markup) == [("🔁 Renew", "rn:n:n1", None)]
    payload["data"]["threshold_days"] = 1
    assert "within a day" in _render(core, payload).text
    assert "в течение суток" in _render(core, payload, "ru").text


def test_domain_and_white_outcomes(core: FluentRuntimeCore) -> None:
    registered = _render(core, _payload("domain-registered"))
    assert "Domain registered" in registered.text and "Cloudflare on" in registered.text
    assert _buttons(registered.markup) == [("🌐 Open the domain", "o:d:dom-uuid-...", None)]
    failed = _render(core, _payload("domain-failed"))
    assert "Domain is no longer available" in failed.text and "refunded" in failed.text
    white = _render(core, _payload("white-completed"))
    assert "My White · v2_tier1 · 🇩🇪 Germany" in white.text
    assert _buttons(white.markup) == [("⬇️ Download", "o:s:job-uuid-...", None)]
    white_failed = _render(core, _payload("white-failed"))
    assert "Generation failed" in white_failed.text and "No money lost" in white_failed.text


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.glob("event-*.payload.json")), ids=lambda p: p.stem
)
def test_every_example_reads_in_russian_too(core: FluentRuntimeCore, path: Path) -> None:
    payload = json.loads(path.read_text())
    en, ru = _render(core, payload), _render(core, payload, "ru")
    assert en.text != ru.text
    assert any("а" <= ch <= "я" for ch in ru.text.lower())
    assert [b[1:] for b in _buttons(en.markup)] == [b[1:] for b in _buttons(ru.markup)]


# --- whatever arrives, Telegram accepts the message -----------------------------------------

_huge = st.text(min_size=0, max_size=6000) | st.just("<&>" * 3000)
_ids = st.text(min_size=1, max_size=300)


def _event_payloads() -> st.SearchStrategy[dict[str, Any]]:
    def sms(text: str, num: str) -> dict[str, Any]:
        return {"event_type": "sms.received", "data": {"piv_num_id": num, "text": text}}

    def restore(n: int, phone: str) -> dict[str, Any]:
        item = {"piv_num_id": phone, "phone_number": phone, "country": "SE", "refunded": 1.5}
        return {
            "event_type": "number.restore_completed",
            "data": {"restored": [item] * n, "failed": [item] * n, "total_refunded": 9.99},
        }

    def unknown(data: Any) -> dict[str, Any]:
        return {"event_type": "new.thing", "data": data}

    def verify(message: str, code: str) -> dict[str, Any]:
        data = {"task_id": 1, "piv_num_id": "n", "captured_message": message}
        return {"event_type": "verify.failed", "data": data | {"error_message": code}}

    def white(name: str, error: str) -> dict[str, Any]:
        return {
            "event_type": "white.failed",
            "data": {"job_id": name, "name": name, "error": error},
        }

    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=500),
        lambda inner: (
            st.lists(inner, max_size=30) | st.dictionaries(st.text(max_size=40), inner, max_size=30)
        ),
        max_leaves=200,
    )
    return st.one_of(
        st.builds(sms, _huge, _ids),
        st.builds(restore, st.integers(0, 400), _ids),
        st.builds(unknown, json_values),
        st.builds(verify, _huge, _huge),
        st.builds(white, _ids, _huge),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=_event_payloads(), in_group=st.booleans(), locale=st.sampled_from(["en", "ru"]))
def test_any_event_fits_telegrams_limits(
    core: FluentRuntimeCore, payload: dict[str, Any], in_group: bool, locale: str
) -> None:
    number = NumberInfo("+1" * 200, "<name>" * 100)
    r = _render(core, payload, locale, in_group=in_group, number=number, key_label="k")
    assert 0 < len(r.text) <= MAX_TEXT
    assert "<name>" not in r.text  # escaped
    if r.markup is not None:
        buttons = [b for row in r.markup.inline_keyboard for b in row]
        assert len(buttons) <= 100
        assert all(len((b.callback_data or "").encode()) <= 64 for b in buttons)


@given(value=st.text(max_size=300), limit=st.integers(2, 200))
def test_clip_never_splits_an_entity_nor_exceeds_the_limit(value: str, limit: int) -> None:
    clipped = clip(value, limit)
    assert len(clipped) <= limit
    assert "<" not in clipped and ">" not in clipped
    assert not clipped.rstrip("…").endswith(("&", "&a", "&am", "&l", "&g", "&q", "&#"))
