"""Checking a domain from chat: /domain name.tld and the menu, names typed every which way, IDNs
with their punycode, taken names, refusals that ask again; in English and Russian."""

from __future__ import annotations

import pytest

from tests.fakes.domains_flow import open_domains
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


@pytest.mark.parametrize(
    "typed",
    ["mysite.com", "MySite.COM", "mysite.com.", "https://www.mysite.com/x?y=1", "www.MYSITE.com"],
)
async def test_domain_command_normalises_and_shows_prices(h: BotHarness, typed: str) -> None:
    t = tr("en")
    await h.send(f"/domain {typed}")
    text = h.last_text() or ""
    assert text.splitlines()[0] == "<b>mysite.com</b>"
    assert t.get("domains-available") in text
    assert t.get("domains-prices", create="$12.50", renew="$12.50") in text
    labels = [b for b, _ in h.last_buttons()]
    assert labels[:2] == [t.get("domains-register-button"), t.get("domains-check-another")]


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_menu_check_of_an_idn_shows_its_punycode(h: BotHarness, lang: str) -> None:
    t = tr(lang)
    me = {"language_code": lang}
    await open_domains(h, lang)
    assert h.last_text() == t.get("domains-menu")
    await h.tap(t.get("domains-check-button"), **me)
    assert h.last_text() == t.get("domains-check-prompt")
    await h.send("ПРИМЕР.РФ", **me)
    text = h.last_text() or ""
    assert text.splitlines()[0] == "<b>пример.рф</b> (<code>xn--e1afmkfd.xn--p1ai</code>)"
    assert t.get("domains-prices", create="$5.00", renew="$6.00") in text
    # Still at the check step: the next name is simply typed.
    await h.send("someone-else.com", **me)
    assert t.get("domains-available") in (h.last_text() or "")
    await h.send("takenname.com", **me)
    text = h.last_text() or ""
    assert t.get("domains-taken") in text and "$" not in text
    assert t.get("domains-register-button") not in [b for b, _ in h.last_buttons()]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("mysite", "domains-problem-one-label"),
        ("1.2.3.4", "domains-problem-ip-not-name"),
        ("my_site.com", "domains-problem-bad-name"),
        ("<b>x</b>.com", "domains-problem-bad-name"),
    ],
)
async def test_a_bad_name_is_explained_and_asked_again(
    h: BotHarness, sandbox_key: str, typed: str, key: str
) -> None:
    t = tr("en")
    await h.send(f"/domain {typed}")
    assert h.last_text() == f"{t.get('domains-check-prompt')}\n\n{t.get(key)}"
    assert h.sandbox.calls(sandbox_key, "GET", "/domains/search") == 0  # nothing was asked
    await h.send("fine.org")
    assert t.get("domains-prices", create="$11.00", renew="$12.00") in (h.last_text() or "")


async def test_bare_domain_command_asks_for_the_name(h: BotHarness) -> None:
    await h.send("/domain")
    assert h.last_text() == tr("en").get("domains-check-prompt")
    await h.send("fresh.io")
    assert "<b>fresh.io</b>" in (h.last_text() or "")


async def test_without_a_key_the_check_asks_for_one(harness: BotHarness) -> None:
    await harness.send("/domain mysite.com")
    assert harness.last_text() == tr("en").get("key-required")


async def test_in_a_group_the_check_points_to_the_private_chat(h: BotHarness) -> None:
    await h.send("/domain mysite.com", chat_id=-100500, chat_type="group")
    assert h.last_text(-100500) == tr("en").get("private-only")
