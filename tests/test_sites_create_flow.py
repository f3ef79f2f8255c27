"""Creating a site through the real dispatcher against the sandbox: the wizard (required
fields, the optional screen, the summary with Edit buttons), refused answers, leaving and
resuming, the confirmation card's price, and what piv.day's state became after Confirm."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import Confirmation
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import containing
from tests.fakes.sites_flow import answer_required, fill, open_sites, open_wizard
from tests.fakes.telegram_fixture import BotHarness

GERMANY = {"en": "🇩🇪 Germany", "ru": "🇩🇪 Германия"}


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


def whites(h: BotHarness, key: str) -> list[Any]:
    return list(h.sandbox.whites(key))


def text(h: BotHarness) -> str:
    return h.last_text() or ""


async def confirmation_params(h: BotHarness) -> dict[str, Any]:
    async with h.sessionmaker() as session:
        row = (await session.scalars(select(Confirmation))).one()
        return dict(row.params)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_every_field_entered_is_what_piv_day_gets(
    h: BotHarness, sandbox_key: str, lang: str
) -> None:
    t, me = tr(lang), {"language_code": lang}
    await open_wizard(h, lang)
    assert text(h) == t.get("sites-ask-name", min=2, max=20)

    await h.send("X", **me)  # too short: the reason, then the same question
    assert text(h) == "\n\n".join(
        [
            t.get("sites-ask-name", min=2, max=20),
            t.get("sites-problem-length", field=t.get("sites-field-name"), min=2, max=20),
        ]
    )
    await h.send("Tech <Blog> DE", **me)
    assert t.get("sites-ask-tier") in text(h)
    assert t.get("sites-tier-line", name="Full + Blog", price="$10.00") in text(h)
    assert t.get("sites-tier-articles", included=3, most=20, price="$1.50") in text(h)
    await h.tap(containing("Full + Blog · $10.00"), **me)

    await h.send("IT Consulting and cloud services", **me)  # 32 characters
    assert t.get("sites-problem-length", field=t.get("sites-field-niche"), min=1, max=25) in text(h)
    assert t.get("sites-ask-niche", max=25) in text(h)
    await h.send("IT Consulting", **me)

    assert t.get("sites-ask-country") in text(h)
    await h.send("Atlantis", **me)
    assert t.get("sites-problem-country") in text(h)
    await h.send("Германия" if lang == "ru" else "Germany", **me)  # a name works as well as DE

    assert t.get("sites-ask-language") in text(h)
    await h.tap(t.get("paging-next"), **me)  # the second page of languages
    await h.tap(t.get("paging-prev"), **me)
    await h.tap(containing("(de)"), **me)
    assert text(h).startswith(t.get("sites-extras-title"))
    # The blog tier offers articles; everything is unset so far.
    assert t.get("wizard-field", field=t.get("sites-field-blog-count"), value="—") in text(h)

    await fill(h, t.get("sites-field-quality"), **me)
    await h.tap(t.get("sites-quality-premium"), **me)
    await fill(h, t.get("sites-field-domain"), "https://techblog-de.com/", **me)
    assert t.get("sites-problem-domain") in text(h)
    await h.send("TechBlog-DE.com", **me)
    await fill(h, t.get("sites-field-email"), "info@techblog-de.com", **me)
    await fill(h, t.get("sites-field-phone"), "call me", **me)
    assert t.get("sites-problem-phone") in text(h)
    await h.send("+49 30 123456", **me)
    await fill(h, t.get("sites-field-address"), "Berliner Str. 1, 10115 Berlin", **me)
    await fill(h, t.get("sites-field-legal-name"), "TechBlog GmbH", **me)
    await fill(h, t.get("sites-field-style"), **me)
    await h.tap(containing("Corporate"), **me)
    await fill(h, t.get("sites-field-keywords"), "IT, consulting, cloud, it", **me)
    await fill(h, t.get("sites-field-banned"), "cheap; free", **me)
    await fill(h, t.get("sites-field-blog-count"), "21", **me)
    assert t.get("sites-problem-number", min=3, max=20) in text(h)
    await h.tap("8", **me)
    await fill(h, t.get("sites-field-languages"), "en, klingon", **me)
    assert t.get("sites-problem-language") in text(h)
    await h.send("en, French, de", **me)  # the main language is left out of the extras
    await fill(h, t.get("sites-field-contacts"), **me)
    await h.tap(t.get("sites-contacts-template"), **me)
    assert t.get("sites-ask-contacts-template", field=t.get("sites-field-contacts-template")) in (
        text(h)
    )
    await h.send("Write to us: {email}", **me)
    await fill(h, "Facebook", "https://instagram.com/techblogde", **me)
    assert t.get("sites-problem-url-site", field="Facebook") in text(h)
    await h.send("https://facebook.com/techblogde", **me)
    await fill(h, "Instagram", "instagram.com/techblogde", **me)
    assert t.get("sites-problem-url", field="Instagram") in text(h)
    await h.send("https://www.instagram.com/techblogde", **me)
    await fill(h, "LinkedIn", "https://linkedin.com/company/techblogde", **me)
    await fill(h, "YouTube", "https://youtu.be/techblogde", **me)
    await fill(h, "TikTok", "https://tiktok.com/@techblogde", **me)
    extras = text(h)
    assert t.get("wizard-field", field=t.get("sites-field-domain"), value="techblog-de.com") in (
        extras
    )
    assert t.get("wizard-field", field=t.get("sites-field-blog-count"), value="8") in extras

    await h.tap(t.get("sites-to-summary"), **me)
    summary = text(h)
    assert summary.startswith(t.get("sites-summary-title"))
    name_line = t.get("wizard-field", field=t.get("sites-field-name"), value="Tech &lt;Blog&gt; DE")
    assert name_line in summary
    assert t.get("wizard-field", field=t.get("sites-field-country"), value=GERMANY[lang]) in (
        summary
    )
    assert "en, fr" in summary and "Corporate" in summary
    assert [b for b in h.labels() if b.startswith("✏️")] == [
        f"✏️ {t.get(k)}"
        for k in (
            "sites-field-name",
            "sites-field-tier",
            "sites-field-niche",
            "sites-field-country",
            "sites-field-language",
            "sites-optional-fields",
        )
    ]
    assert whites(h, sandbox_key) == []  # nothing was sent to piv.day's paid endpoint yet

    await h.tap(t.get("sites-to-quote"), **me)
    card = text(h)
    assert t.get("sites-cost-tier", price="$10.00") in card
    assert t.get("sites-cost-articles", count=5, included=3, price="$1.50", total="$7.50") in card
    items = f"{t.get('sites-cost-premium')}, {t.get('sites-cost-languages', count=2)}"
    assert t.get("sites-cost-open", items=items) in card
    assert t.get("confirm-cost", cost="$17.50") in card
    assert t.get("confirm-balance", before="$100.00", after="$82.50") in card
    assert whites(h, sandbox_key) == []

    await h.tap(containing("$17.50"), **me)
    # piv.day charged the tier ×1.5 (premium), 2 × $1 (languages), 5 × $1.50 (articles).
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00") - (15 + 2 + Decimal("7.50"))
    [job] = whites(h, sandbox_key)
    assert (job.name, job.tier_key, job.quality, job.niche, job.country, job.language) == (
        "Tech <Blog> DE",
        "v2_tier3",
        "premium",
        "IT Consulting",
        "DE",
        "de",
    )
    assert job.domain == "techblog-de.com"
    assert job.options == {
        "email": "info@techblog-de.com",
        "phone": "+49 30 123456",
        "address": "Berliner Str. 1, 10115 Berlin",
        "legal_name": "TechBlog GmbH",
        "style_hint": "Corporate",
        "keywords": ["IT", "consulting", "cloud"],
        "banned_words": ["cheap", "free"],
        "blog_count": 8,
        "languages": ["de", "en", "fr"],
        "contacts_mode": "template",
        "contacts_template": "Write to us: {email}",
        "facebook": "https://facebook.com/techblogde",
        "instagram": "https://www.instagram.com/techblogde",
        "linkedin": "https://linkedin.com/company/techblogde",
        "youtube": "https://youtu.be/techblogde",
        "tiktok": "https://tiktok.com/@techblogde",
    }
    result = text(h)
    assert t.get("sites-created-title") in result and "Tech &lt;Blog&gt; DE" in result
    assert h.labels()[0] == t.get("sites-follow")
    assert (await confirmation_params(h))["request"]["blog_count"] == 8


async def test_cheapest_site_costs_the_tier_price_to_the_cent(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await open_wizard(h)
    await answer_required(h, tier="Landing")
    assert t.get("sites-field-blog-count") not in text(h)  # no blog on a landing page
    await h.tap(t.get("sites-to-summary"))
    assert t.get("sites-none") in text(h)
    await h.tap(t.get("sites-to-quote"))
    assert t.get("sites-cost-may-add", included=3) in text(h)
    assert t.get("confirm-cost", cost="$3.00") in text(h)
    await h.tap(containing("Confirm"))
    assert h.sandbox.balance(sandbox_key) == Decimal("97.00")
    [job] = whites(h, sandbox_key)
    assert job.options == {} and job.quality == "standard" and job.domain is None
    assert (await confirmation_params(h))["request"] == {
        "name": "Tech Blog DE",
        "tier_key": "v2_tier1",
        "niche": "IT Consulting",
        "country": "DE",
        "language": "de",
    }


async def test_leaving_keeps_the_draft_and_resume_lands_on_the_summary(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    await open_wizard(h)
    await answer_required(h, tier="Full + Blog")
    await fill(h, t.get("sites-field-blog-count"))
    await h.tap("12")
    await fill(h, t.get("sites-field-email"))  # left in the middle of a question
    await h.tap(t.get("wizard-cancel"))
    assert text(h).startswith(t.get("sites-left"))
    await h.send("/start")
    await h.send("/cancel")

    await open_sites(h)
    await h.tap(t.get("sites-new"))
    assert text(h).startswith(t.get("sites-draft-found"))
    await h.tap(t.get("sites-resume"))
    summary = text(h)
    assert summary.startswith(t.get("sites-summary-title"))
    assert t.get("wizard-field", field=t.get("sites-field-blog-count"), value="12") in summary

    # Edit from the summary: a refused answer keeps the question, a good one returns here.
    await h.tap(f"✏️ {t.get('sites-field-niche')}")
    await h.send("x" * 26)
    assert t.get("sites-ask-niche", max=25) in text(h)
    await h.send("Dentists")
    assert text(h).startswith(t.get("sites-summary-title"))
    assert t.get("wizard-field", field=t.get("sites-field-niche"), value="Dentists") in text(h)
    # Back from an edit returns to the summary too, unchanged.
    await h.tap(f"✏️ {t.get('sites-field-country')}")
    await h.tap(t.get("wizard-back"))
    assert text(h).startswith(t.get("sites-summary-title"))

    # A tier without a blog drops the article count (piv.day refuses it elsewhere).
    await h.tap(f"✏️ {t.get('sites-field-tier')}")
    await h.tap(containing("Multi-page"))
    assert t.get("sites-field-blog-count") not in text(h)
    await h.tap(t.get("sites-to-quote"))
    assert t.get("confirm-cost", cost="$6.00") in text(h)
    assert "blog_count" not in (await confirmation_params(h))["request"]
    await h.tap(containing("Confirm"))
    assert h.sandbox.balance(sandbox_key) == Decimal("94.00")
    [job] = whites(h, sandbox_key)
    assert (job.niche, job.tier_key, job.options) == ("Dentists", "v2_tier2", {})

    # Start over clears the draft.
    await open_sites(h)
    await h.tap(t.get("sites-new"))
    await h.tap(t.get("sites-restart"))
    assert text(h) == t.get("sites-ask-name", min=2, max=20)
    await h.tap(t.get("wizard-back"))  # Back from the first step leaves the wizard
    assert text(h) == t.get("sites-menu")
    await h.tap(t.get("sites-new"))
    assert text(h) == t.get("sites-ask-name", min=2, max=20)


async def test_back_walks_the_required_steps_and_buttons_only_steps_refuse_text(
    h: BotHarness,
) -> None:
    t = tr("en")
    await open_wizard(h)
    await h.send("Shop")
    await h.send("just text")  # the tier is picked with a button
    assert t.get("sites-problem-choice") in text(h) and t.get("sites-ask-tier") in text(h)
    await h.tap(containing("Landing"))
    await h.tap(t.get("wizard-back"))
    assert t.get("sites-ask-tier") in text(h)
    await h.tap(t.get("wizard-back"))
    assert t.get("sites-ask-name", min=2, max=20) in text(h)
    await h.send("Shop 2")  # a new name; the tier is kept, so the niche comes next
    assert t.get("sites-ask-niche", max=25) in text(h)
    assert t.get("wizard-field", field=t.get("sites-field-name"), value="Shop 2") in text(h)

    await open_sites(h)  # another screen leaves the wizard: text is no longer an answer
    await h.send("Bakery")
    assert text(h) == t.get("fallback-text")
    await open_sites(h)
    await h.tap(t.get("sites-new"))
    await h.tap(t.get("sites-resume"))  # the niche is still missing: resume asks for it
    assert t.get("sites-ask-niche", max=25) in text(h)


async def test_clearing_an_optional_field_and_template_mode(h: BotHarness) -> None:
    t = tr("en")
    await open_wizard(h)
    await answer_required(h)
    await fill(h, t.get("sites-field-contacts"))
    await h.tap(t.get("sites-contacts-template"))
    await h.send("Template text")
    contacts = t.get("sites-field-contacts")
    assert f"{contacts}: {t.get('sites-contacts-template')}: Template text" in text(h)
    await fill(h, contacts)
    await h.tap(t.get("sites-contacts-same"))  # "same" drops the template
    assert f"{contacts}: {t.get('sites-contacts-same')}\n" in text(h)
    await fill(h, contacts)
    await h.tap(t.get("sites-clear"))
    assert t.get("wizard-field", field=contacts, value="—") in text(h)


async def test_stale_wizard_buttons_do_nothing(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await open_wizard(h)
    await answer_required(h)
    await h.tap(t.get("sites-to-summary"))
    quote = h.button(t.get("sites-to-quote"))
    await h.send("/cancel")
    calls = await h.tap(quote)  # stale on purpose: the button of the summary left behind
    assert [c.text for c in h.answers(calls)] == [t.get("sites-stale-step")]
    assert whites(h, sandbox_key) == [] and h.sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_a_short_balance_is_refused_by_piv_day_and_nothing_is_created(
    h: BotHarness, sandbox_key: str
) -> None:
    t = tr("en")
    h.sandbox.set_balance(sandbox_key, "2.00")
    await open_wizard(h)
    await answer_required(h)
    await h.tap(t.get("sites-to-summary"))
    await h.tap(t.get("sites-to-quote"))
    assert t.get("confirm-short", missing="$1.00") in text(h)
    await h.tap(containing("Confirm"))
    assert "required <b>$3.00</b>" in text(h)
    assert whites(h, sandbox_key) == [] and h.sandbox.balance(sandbox_key) == Decimal("2.00")


async def test_a_failed_generation_refunds(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await open_wizard(h)
    await answer_required(h, niche="failing niche")
    await h.tap(t.get("sites-to-summary"))
    await h.tap(t.get("sites-to-quote"))
    await h.tap(containing("Confirm"))
    assert h.sandbox.balance(sandbox_key) == Decimal("97.00")
    await h.sandbox.advance(180)
    assert h.sandbox.balance(sandbox_key) == Decimal("100.00")
    await h.tap(t.get("sites-follow"))
    assert t.get("sites-card-failed") in text(h)
