"""Shared steps of the Sites tests: walk the new-site wizard by button texts and typed answers,
and start jobs on the sandbox directly (as another client of the same account would)."""

from __future__ import annotations

from typing import Any

from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import containing
from tests.fakes.telegram_fixture import BotHarness


async def open_sites(h: BotHarness, lang: str = "en", user_id: int = 1) -> None:
    """/start, then the Sites section."""
    me = {"user_id": user_id, "language_code": lang}
    await h.send("/start", **me)
    await h.tap(tr(lang).get("menu-button-sites"), **me)


async def open_wizard(h: BotHarness, lang: str = "en", user_id: int = 1) -> None:
    await open_sites(h, lang, user_id)
    await h.tap(tr(lang).get("sites-new"), user_id=user_id, language_code=lang)


async def answer_required(
    h: BotHarness,
    *,
    name: str = "Tech Blog DE",
    tier: str = "Landing",
    niche: str = "IT Consulting",
    country: str = "DE",
    language: str = "de",
    lang: str = "en",
    user_id: int = 1,
) -> None:
    """From the name step to the optional screen: typed name, tier button (by its name),
    typed niche, typed country and language (codes or names)."""
    me = {"user_id": user_id, "language_code": lang}
    await h.send(name, **me)
    await h.tap(containing(tier), **me)
    await h.send(niche, **me)
    await h.send(country, **me)
    await h.send(language, **me)


async def fill(h: BotHarness, label: str, answer: str | None = None, **me: Any) -> None:
    """On the optional screen: ✏️ `label`, then type `answer` (None: the caller answers)."""
    await h.tap(f"✏️ {label}", **me)
    if answer is not None:
        await h.send(answer, **me)


async def start_white(sandbox: Any, key: str, **fields: Any) -> dict[str, Any]:
    """POST /whites on the sandbox (money moves), returning the created job."""
    body = {"name": "Site", "tier_key": "v2_tier1", "niche": "Shop", "country": "DE"}
    body |= {"language": "de", **fields}
    async with sandbox.client(key) as http:
        answer = await http.post("/whites", json=body)
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["data"]["white"])
