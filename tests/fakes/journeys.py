"""Scripted user journeys through the real bot: each step taps what the screen shows, in the
user's language, exactly as a person would (purchases happen in the private chat).

    confirm = await walk_to_card(h, country="SE", months=3, lang="ru")   # the card's Confirm
    await h.tap(confirm)

`lang` is the language the bot speaks to the user, so labels are tapped in it; `language_code`,
what Telegram says, defaults to it (they differ when a /language choice overrides Telegram).
"""

from __future__ import annotations

import re
from typing import Any

from bot.ui.format import flag
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, Button

PURCHASE = ("POST", "/numbers/purchase")
# Country names come from CLDR in the reader's language.
SWEDEN = {"en": "🇸🇪 Sweden", "ru": "🇸🇪 Швеция"}
USA = {"en": "🇺🇸 United States", "ru": "🇺🇸 Соединенные Штаты"}


def starting(text: str) -> re.Pattern[str]:
    """A label that begins with `text` (a button whose tail is a price, a count…)."""
    return re.compile("^" + re.escape(text))


def containing(text: str) -> re.Pattern[str]:
    """A label with `text` somewhere in it (a name between a mark and a price…)."""
    return re.compile(re.escape(text))


def _as(user_id: int, lang: str, language_code: str | None) -> dict[str, Any]:
    """The harness arguments for this user's updates."""
    return {"user_id": user_id, "language_code": language_code or lang}


async def walk_to_name(
    h: BotHarness,
    *,
    country: str = "SE",
    months: int = 3,
    renew: bool = True,
    user_id: int = 1,
    lang: str = "en",
    language_code: str | None = None,
) -> None:
    """/start → Numbers → Buy a number → country → months → auto-renew: the name step."""
    t, me = tr(lang), _as(user_id, lang, language_code)
    await h.send("/start", **me)
    await h.tap(t.get("menu-button-numbers"), **me)
    await h.tap(t.get("numbers-buy-button"), **me)
    country_button = starting(flag(country))
    if not any(country_button.search(text) for text, _ in h.last_buttons(user_id)):
        await h.tap(t.get("paging-next"), **me)  # on the second page
    await h.tap(country_button, **me)
    await h.tap(starting(t.get("numbers-months", months=months) + " · "), **me)
    await h.tap(t.get("numbers-renew-on" if renew else "numbers-renew-off"), **me)


async def walk_to_card(
    h: BotHarness,
    *,
    country: str = "SE",
    months: int = 3,
    renew: bool = True,
    name: str | None = "Ads SE",
    user_id: int = 1,
    lang: str = "en",
    language_code: str | None = None,
) -> Button:
    """`walk_to_name`, then the name typed (or Skip): returns the Confirm button of the card."""
    t, me = tr(lang), _as(user_id, lang, language_code)
    who = {"user_id": user_id, "lang": lang, "language_code": language_code}
    await walk_to_name(h, country=country, months=months, renew=renew, **who)
    if name is None:
        await h.tap(t.get("wizard-skip"), **me)
    else:
        await h.send(name, **me)
    return confirm_button(h, user_id=user_id, lang=lang)


def confirm_button(h: BotHarness, *, user_id: int = 1, lang: str = "en") -> Button:
    """The "✅ Confirm · $…" button of the card on screen."""
    return h.button(starting(tr(lang).get("confirm-ok", cost="")), user_id)
