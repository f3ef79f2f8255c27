"""Helpers for the domains tests: domains registered straight through the sandbox's API (setup,
not the flow under test), and the way to the section, a domain's card and its DNS records by
tapping what the screen shows."""

from __future__ import annotations

from typing import Any

from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness

NS = ["ns1.myhost.com", "ns2.myhost.com"]


async def own(h: BotHarness, key: str, name: str, **options: Any) -> str:
    """Registers `name` for `key` straight through the sandbox's API; returns its id."""
    body: dict[str, Any] = {"domain": name, "period": 1, "cloudflare": True, "auto_renew": False}
    body.update(options)
    if not body["cloudflare"]:
        body.setdefault("nameservers", NS)
    async with h.sandbox.client(key) as api:
        answer = await api.post("/domains", json=body)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["data"]["domain"]["id"])


async def own_active(h: BotHarness, key: str, name: str, **options: Any) -> str:
    """`own`, then a minute of sandbox time: the registration has finished."""
    domain_id = await own(h, key, name, **options)
    await h.sandbox.advance(60)
    return domain_id


async def open_domains(h: BotHarness, lang: str = "en") -> None:
    """/start, then the Domains section."""
    await h.send("/start", language_code=lang)
    await h.tap(tr(lang).get("menu-button-domains"), language_code=lang)


async def open_domain(h: BotHarness, name: str, lang: str = "en") -> str:
    """Domains → My domains → `name`: its card's text."""
    await open_domains(h, lang)
    await h.tap(tr(lang).get("domains-list-button"), language_code=lang)
    await h.tap(name, language_code=lang)
    return h.last_text() or ""


async def open_dns(h: BotHarness, name: str) -> None:
    """`name`'s card, then its DNS records."""
    await open_domain(h, name)
    await h.tap(tr("en").get("domains-dns-button"))
