"""Sites views with extreme inputs (every field at its longest, hostile characters, long ids
from piv.day): every screen fits Telegram (4096 characters, ≤ 100 buttons, callback data ≤ 64
bytes — `checked()` raises otherwise); the typed-answer checks; unknown statuses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pivday.models import White, WhiteTier
from bot.services import sites as svc
from bot.ui import sites as ui
from tests.fakes.i18n_fixture import tr

LIMIT = 4096  # Telegram counts characters after entity parsing: tags gone, &lt; is one


def visible(html: str) -> int:
    return len(unescape(re.sub(r"<[^>]*>", "", html)))


TIERS = [
    WhiteTier(tier_key="v2_tier3", name="Full + Blog", price=Decimal("10.00"),
              extra_article_price=Decimal("1.50"), min_articles=3, max_articles=20),
]  # fmt: skip
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
hostile = st.text(alphabet=st.sampled_from("<>&\"'ж中😀 aZ9"), min_size=1)


def longest(draw: Any, size: int) -> str:
    """A value as long as the checks allow, of hostile characters."""
    return draw(hostile.map(lambda s: (s * size)[:size]))


@st.composite
def full_drafts(draw: st.DrawFn) -> dict[str, Any]:
    items = [longest(draw, 50) + str(n) for n in range(30)]
    draft: dict[str, Any] = {
        "name": longest(draw, 20),
        "niche": longest(draw, 25),
        "country": "DE",
        "language": "de",
        "quality": "premium",
        "domain": "a" * 60 + "." + "b" * 60 + ".com",
        "email": "x" * 90 + "@ex.com",
        "phone": "+" + "1" * 20,
        "address": longest(draw, 200),
        "legal_name": longest(draw, 100),
        "style_hint": longest(draw, 50),
        "keywords": [i[:50] for i in items],
        "banned_words": [i[:50] for i in items],
        "blog_count": 20,
        "languages": ["en", "fr", "es", "it", "pt", "pl", "nl", "ru", "uk", "tr"],
        "contacts_mode": "template",
        "contacts_template": longest(draw, 500),
        **{net: "https://" + net + ".com/" + "p" * 270 for net in svc.SOCIAL},
    }
    return svc.with_tier(draft, TIERS[0])


def white(**fields: Any) -> White:
    values: dict[str, Any] = {
        "id": "job-" + "f" * 36,
        "name": "n" * 300,
        "status": 10,
        "tier_key": "v2_tier3",
        "quality": "premium",
        "niche": "<" * 300,
        "country": "DE",
        "language": "de",
        "domain": "d" * 250,
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    return White.model_validate(values | fields)


@pytest.mark.parametrize("lang", ["en", "ru"])
@FAST
@given(draft=full_drafts())
def test_every_wizard_screen_fits(lang: str, draft: dict[str, Any]) -> None:
    t = tr(lang)
    screens = [ui.summary(t, draft), ui.extras_step(t, draft, "⚠️" * 100)]
    screens += [ui.field_step(t, draft, f, "⚠️" * 100) for f in svc.offered(draft)]
    screens += [ui.country_step(t, draft, 1), ui.language_step(t, draft, 1)]
    screens += [ui.tier_step(t, draft, TIERS), ui.resume_prompt(t, draft)]
    for text, _markup in screens:
        assert visible(text) <= LIMIT
    request = svc.create_request(draft)  # the client's own checks accept the longest answers
    params = {"request": request, "tier": draft["tier"]}
    assert visible(ui.describe_create(t, params)) <= LIMIT - 500  # the card's frame adds < 500


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_job_screens_fit_with_long_values_from_piv_day(lang: str) -> None:
    t = tr(lang)
    found = svc.JobsPage([white(status=s) for s in (0, 1, 10, -1, 7, 0, 1, 10)], 3, 60, 480)
    screens = [ui.jobs_view(t, found, status="done", tier="v2_tier3")]
    screens += [ui.job_card(t, white(status=s), live=True) for s in (0, 1, 10, -1, 99, "odd")]
    screens += [ui.follow_ended(t, white(status=1), key_gone=True)]
    screens += [ui.filter_view(t, "processing", "v2_tier2")]
    values = {f: "v" * 500 for f in svc.SWAP_FIELDS}
    screens += [ui.swap_form(t, white(), values, "⚠️" * 100), ui.swapped(t, white(), values)]
    for text, _markup in screens:
        assert visible(text) <= LIMIT
    archive = svc.Archive(svc.Delivery.TOO_LARGE, "f" * 255, "https://s/" + "t" * 2000, None)
    assert visible(ui.archive_link(t, archive)) <= LIMIT


@pytest.mark.parametrize(
    ("status", "shown"),
    [(0, "⏳ queued"), (1, "⚙️ being generated"), (10, "✅ done"), (-1, "❌ failed"),
     (7, "❔ unknown (7)"), ("archived", "❔ unknown (archived)"), ("done", "✅ done")],
)  # fmt: skip
def test_status_words_and_unknown_numbers(status: int | str, shown: str) -> None:
    assert ui.status_text(tr("en"), status) == shown


@given(st.integers())
def test_any_status_number_renders(status: int) -> None:
    text = ui.status_text(tr("ru"), status)
    unknown = text == f"❔ неизвестно ({status})"
    assert unknown == (status not in (0, 1, 10, -1))


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("name", "  My   site ", "My site"),
        ("country", "de", "DE"),
        ("country", "Germany", "DE"),
        ("country", "германия", "DE"),
        ("language", "DE", "de"),
        ("language", "Немецкий", "de"),
        ("domain", "Shop.Example.com.", "shop.example.com"),
        ("keywords", "a, b,, A ;c", ["a", "b", "c"]),
        ("languages", "en fr, English", ["en", "fr"]),
        ("blog_count", " 20 ", 20),
        ("facebook", "https://m.facebook.com/x", "https://m.facebook.com/x"),
        ("youtube", "https://youtu.be/x", "https://youtu.be/x"),
        ("phone", "+1 (555) 010-0199", "+1 (555) 010-0199"),
    ],
)
def test_typed_answers_are_normalized(field: str, typed: str, stored: object) -> None:
    assert svc.parse(field, typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        ("name", "A", "length"),
        ("name", "x" * 21, "length"),
        ("niche", " ", "empty"),
        ("country", "EU", "country"),  # a CLDR region, not an ISO 3166-1 country
        ("country", "Narnia", "country"),
        ("language", "xx", "language"),
        ("domain", "https://shop.com", "domain"),
        ("domain", "shop", "domain"),
        ("email", "info@shop", "email"),
        ("phone", "12", "phone"),
        ("phone", "call +49", "phone"),
        ("keywords", ", ;", "empty"),
        ("keywords", ",".join(str(n) for n in range(31)), "count"),
        ("banned_words", "x" * 51, "item"),
        ("blog_count", "2", "number"),
        ("blog_count", "eight", "number"),
        ("quality", "luxury", "choice"),
        ("facebook", "facebook.com/x", "url"),
        ("facebook", "https://notfacebook.com/x", "url_site"),
        ("tiktok", "https://tiktok.com/@a b", "url"),
        ("address", "line\x00two", "chars"),
    ],
)
def test_refused_answers_say_why(field: str, typed: str, reason: str) -> None:
    with pytest.raises(svc.InvalidInputError) as refused:
        svc.parse(field, typed)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    # …and every reason has words in both languages
    for lang in ("en", "ru"):
        assert ui.problem_text(tr(lang), refused.value)
